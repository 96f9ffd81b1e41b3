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
