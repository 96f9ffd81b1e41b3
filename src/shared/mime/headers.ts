/**
 * RFC 5322 §2.2 header block: find where it ends, split it into fields, unfold (§2.2.3).
 * Works on bytes so callers can read a bounded prefix of a file; never throws on bad input.
 */

import { decodeWindows1252 } from './charsets.js';

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

const latin1Slice = Buffer.prototype.latin1Slice as (
  this: Uint8Array,
  s: number,
  e: number,
) => string;
/** bytes[start, end) as Latin-1 text (one native copy; the caller knows the bytes are ASCII). */
const asciiText = (bytes: Uint8Array, start: number, end: number): string =>
  latin1Slice.call(bytes, start, end);

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return false;
  return true;
}

/**
 * Header bytes → text. RFC 6532 allows UTF-8 in headers; anything that is not valid UTF-8 is
 * legacy 8-bit and decoded as windows-1252 (the superset of Latin-1 mailers actually send).
 */
export function decodeHeaderBytes(bytes: Uint8Array): string {
  if (isAscii(bytes)) return asciiText(bytes, 0, bytes.length);
  try {
    return utf8.decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/** Field name → unfolded raw values in order of appearance; names are lowercased. */
export type HeaderMap = Map<string, string[]>;

const LF = 0x0a;
const COLON = 0x3a;
const MAX_NAME = 76;

const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/** Lowercased field name of bytes[start, end), or undefined when it is not a valid name. */
function fieldName(bytes: Uint8Array, start: number, end: number): string | undefined {
  // §3.6.8: printable US-ASCII except ':'
  const name = asciiText(bytes, start, end);
  return FIELD_NAME.test(name) ? name.toLowerCase() : undefined;
}

/** Lowercase ASCII of one byte (letters only; everything else unchanged). */
const lower = (b: number): number => (b >= 0x41 && b <= 0x5a ? b | 0x20 : b);

/**
 * The wanted names grouped by length, so a field that is not wanted is skipped by comparing a
 * few bytes: no string is made for the Received / DKIM lines that fill most header blocks.
 */
type NameIndex = Map<number, string[]>;
const nameIndexes = new WeakMap<ReadonlySet<string>, NameIndex>();

function nameIndex(wanted: ReadonlySet<string>): NameIndex {
  let index = nameIndexes.get(wanted);
  if (index === undefined) {
    index = new Map();
    for (const name of wanted) {
      const list = index.get(name.length);
      if (list === undefined) index.set(name.length, [name]);
      else list.push(name);
    }
    nameIndexes.set(wanted, index);
  }
  return index;
}

/** The wanted name bytes[start, end) spells (case-insensitively), or undefined. */
function wantedName(bytes: Uint8Array, start: number, end: number, index: NameIndex) {
  const candidates = index.get(end - start);
  if (candidates === undefined) return undefined;
  for (const name of candidates) {
    let k = 0;
    while (k < name.length && lower(bytes[start + k] as number) === name.charCodeAt(k)) k++;
    if (k === name.length) return name;
  }
  return undefined;
}

/** A field value bytes[start, end) as text: leading/trailing WSP dropped, unfolded (§2.2.3). */
function fieldValue(bytes: Uint8Array, start: number, end: number): string {
  // One native copy and native scans: per-byte JS loops here dominated listing before the JIT
  // had warmed up. Latin-1 maps each byte to one char, so the non-ASCII test is exact.
  const raw = asciiText(bytes, start, end);
  const text = NON_ASCII.test(raw) ? decodeHeaderBytes(bytes.subarray(start, end)) : raw;
  return (text.includes('\n') ? text.replace(/\r?\n/g, '') : text).trim();
}

const NON_ASCII = /[\x80-\xff]/;

/**
 * Visit the fields of a header block (bytes up to, optionally including, the empty line) in
 * order. Works on bytes so only the fields asked for (`wanted`, lowercase names; all when
 * absent) are decoded. Lines without a colon (mbox "From " lines, garbage) are skipped;
 * continuation lines (§2.2.3: starting with WSP) belong to the field above and are unfolded.
 */
export function forEachField(
  bytes: Uint8Array,
  wanted: ReadonlySet<string> | undefined,
  visit: (name: string, value: string) => void,
): void {
  const index = wanted === undefined ? undefined : nameIndex(wanted);
  const end = findHeaderEnd(bytes);
  const limit = end === -1 ? bytes.length : end;
  let i = 0;
  while (i < limit) {
    const firstLf = bytes.indexOf(LF, i);
    let eol = firstLf;
    while (eol !== -1 && eol + 1 < limit && (bytes[eol + 1] === 0x20 || bytes[eol + 1] === 0x09))
      eol = bytes.indexOf(LF, eol + 1);
    const fieldEnd = eol === -1 || eol >= limit ? limit : eol;
    // The name ends at the first colon of the field's first line (none: not a field).
    const colon = bytes.indexOf(COLON, i);
    if (
      colon !== -1 &&
      colon < fieldEnd &&
      (firstLf === -1 || colon < firstLf) &&
      colon - i <= MAX_NAME + 8
    ) {
      let nameEnd = colon;
      // obs-FWS before the colon (§4.5.8)
      while (nameEnd > i && (bytes[nameEnd - 1] === 0x20 || bytes[nameEnd - 1] === 0x09)) nameEnd--;
      const name =
        nameEnd === i || nameEnd - i > MAX_NAME
          ? undefined
          : index === undefined
            ? fieldName(bytes, i, nameEnd)
            : wantedName(bytes, i, nameEnd, index);
      if (name !== undefined) visit(name, fieldValue(bytes, colon + 1, fieldEnd));
    }
    i = fieldEnd + 1;
  }
}

/** The fields of a header block by name (see forEachField). */
export function parseHeaderBlock(bytes: Uint8Array, wanted?: ReadonlySet<string>): HeaderMap {
  const map: HeaderMap = new Map();
  forEachField(bytes, wanted, (name, value) => {
    const list = map.get(name);
    if (list === undefined) map.set(name, [value]);
    else list.push(value);
  });
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
