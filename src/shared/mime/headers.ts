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

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return false;
  return true;
}

/**
 * Header bytes → text. RFC 6532 allows UTF-8 in headers; anything that is not valid UTF-8 is
 * legacy 8-bit and decoded as windows-1252 (the superset of Latin-1 mailers actually send).
 */
export function decodeHeaderBytes(bytes: Uint8Array): string {
  if (isAscii(bytes))
    return bytes.length < 4096
      ? String.fromCharCode.apply(null, bytes as unknown as number[])
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

/** Field name → unfolded raw values in order of appearance; names are lowercased. */
export type HeaderMap = Map<string, string[]>;

const LF = 0x0a;
const COLON = 0x3a;
const MAX_NAME = 76;

const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/** Lowercased field name of bytes[start, colon), or undefined when it is not a valid name. */
function fieldName(bytes: Uint8Array, start: number, colon: number): string | undefined {
  let end = colon;
  while (end > start && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) end--; // obs-FWS
  if (end === start || end - start > MAX_NAME) return undefined;
  // §3.6.8: printable US-ASCII except ':'
  const name = String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  return FIELD_NAME.test(name) ? name.toLowerCase() : undefined;
}

/**
 * Parse a header block (bytes up to, optionally including, the empty line). Works on bytes so
 * only the fields asked for (`wanted`, lowercase names; all when absent) are decoded. Lines
 * without a colon (mbox "From " lines, garbage) are skipped; continuation lines (§2.2.3: starting
 * with WSP) belong to the field above and are unfolded (the CRLF removed).
 */
export function parseHeaderBlock(bytes: Uint8Array, wanted?: ReadonlySet<string>): HeaderMap {
  const map: HeaderMap = new Map();
  const end = findHeaderEnd(bytes);
  const limit = end === -1 ? bytes.length : end;
  let i = 0;
  while (i < limit) {
    let eol = bytes.indexOf(LF, i);
    while (eol !== -1 && eol + 1 < limit && (bytes[eol + 1] === 0x20 || bytes[eol + 1] === 0x09))
      eol = bytes.indexOf(LF, eol + 1);
    const fieldEnd = eol === -1 || eol >= limit ? limit : eol;
    let colon = i;
    while (colon < fieldEnd && bytes[colon] !== COLON && bytes[colon] !== LF) colon++;
    if (colon < fieldEnd && bytes[colon] === COLON && colon - i <= MAX_NAME + 8) {
      const name = fieldName(bytes, i, colon);
      if (name !== undefined && (wanted === undefined || wanted.has(name))) {
        const raw = decodeHeaderBytes(bytes.subarray(colon + 1, fieldEnd));
        const value = (raw.includes('\n') ? raw.replace(/\r?\n/g, '') : raw).trim();
        const list = map.get(name);
        if (list === undefined) map.set(name, [value]);
        else list.push(value);
      }
    }
    i = fieldEnd + 1;
  }
  return map;
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
