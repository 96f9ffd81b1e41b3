/**
 * RFC 5322 §2.2 header block: find where it ends, split it into fields, unfold (§2.2.3).
 * Works on bytes so callers can read a bounded prefix of a file; never throws on bad input.
 */

/** Where the header block ends in `bytes`. */
export interface HeaderBlockEnd {
  /** Offset of the first body byte (after the empty line), or -1 when no empty line was seen. */
  bodyOffset: number;
}

/**
 * Offset just past the empty line that ends the header block (CRLF CRLF or bare LF LF), or -1
 * when `bytes` holds no complete header block. A message starting with an empty line has an
 * empty header block (offset 1 or 2).
 */
export function findHeaderEnd(bytes: Uint8Array): number {
  const LF = 0x0a;
  const CR = 0x0d;
  if (bytes[0] === LF) return 1;
  if (bytes[0] === CR && bytes[1] === LF) return 2;
  let i = bytes.indexOf(LF);
  while (i !== -1 && i + 1 < bytes.length) {
    const next = bytes[i + 1];
    if (next === LF) return i + 2;
    if (next === CR && bytes[i + 2] === LF) return i + 3;
    i = bytes.indexOf(LF, i + 1);
  }
  return -1;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('windows-1252');

/**
 * Header bytes → text. RFC 6532 allows UTF-8 in headers; anything that is not valid UTF-8 is
 * legacy 8-bit and decoded as windows-1252 (the superset of Latin-1 mailers actually send).
 */
export function decodeHeaderBytes(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

/** Field name → unfolded raw values in order of appearance; names are lowercased. */
export type HeaderMap = Map<string, string[]>;

/**
 * Parse a header block (bytes up to, optionally including, the empty line). Lines without a
 * colon (mbox "From " lines, garbage) are skipped; continuation lines (§2.2.3: starting with
 * WSP) are joined to the field above with the CRLF removed.
 */
export function parseHeaderBlock(bytes: Uint8Array): HeaderMap {
  const end = findHeaderEnd(bytes);
  const text = decodeHeaderBytes(end === -1 ? bytes : bytes.subarray(0, end));
  return parseHeaderText(text);
}

export function parseHeaderText(text: string): HeaderMap {
  const map: HeaderMap = new Map();
  let name: string | undefined;
  let value = '';
  const flush = (): void => {
    if (name === undefined) return;
    const list = map.get(name);
    if (list === undefined) map.set(name, [value.trim()]);
    else list.push(value.trim());
    name = undefined;
  };
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line === '\r') {
      flush();
      break;
    }
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (name !== undefined) value += line;
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    // §3.6.8 field-name: printable US-ASCII except colon; a space before the colon is obs-FWS.
    if (colon <= 0) continue;
    const fieldName = line.slice(0, colon).trimEnd();
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(fieldName)) continue;
    name = fieldName.toLowerCase();
    value = line.slice(colon + 1);
  }
  flush();
  return map;
}

/** First value of a field, or undefined. */
export function headerValue(map: HeaderMap, name: string): string | undefined {
  return map.get(name.toLowerCase())?.[0];
}
