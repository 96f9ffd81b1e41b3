/**
 * Just enough RFC 5322 header reading to send raw bytes: the header block (§2.1), unfolding
 * (§2.2.3), and the addr-specs of address fields (§3.4), for identity choice and the envelope.
 */
const decoder = new TextDecoder();

export function headerFields(raw: Uint8Array): Map<string, string[]> {
  const text = decoder.decode(raw.subarray(0, 256 * 1024));
  const end = text.search(/\r?\n\r?\n/);
  const block = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const fields = new Map<string, string[]>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return fields;
}

/** addr-specs in an address list: `<a@b>` forms first, bare `a@b` tokens otherwise. */
export function addrSpecs(value: string): string[] {
  const withoutQuoted = value.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\([^)]*\)/g, '');
  const out: string[] = [];
  for (const part of withoutQuoted.split(',')) {
    const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(part);
    const bare = /([^\s<>;:]+@[^\s<>;:]+)/.exec(part);
    const found = angle?.[1] ?? bare?.[1];
    if (found !== undefined) out.push(found);
  }
  return out;
}

export function addressesOf(fields: Map<string, string[]>, name: string): string[] {
  return (fields.get(name) ?? []).flatMap(addrSpecs);
}

/**
 * The message without its Bcc field(s) (RFC 5322 §3.6.3: Bcc recipients must not be disclosed),
 * byte-exact otherwise. Folded continuation lines of a Bcc field go with it.
 */
export function stripBcc(raw: Uint8Array): Uint8Array {
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  const headerEnd = match === null ? text.length : match.index + 1;
  const lines = text.slice(0, headerEnd).split(/(?<=\n)/);
  if (!lines.some((l) => /^bcc:/i.test(l))) return raw;
  const kept: string[] = [];
  let dropping = false;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && dropping) continue;
    dropping = /^bcc:/i.test(line);
    if (!dropping) kept.push(line);
  }
  return new Uint8Array(Buffer.from(kept.join('') + text.slice(headerEnd), 'latin1'));
}
