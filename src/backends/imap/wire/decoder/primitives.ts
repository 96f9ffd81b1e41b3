/**
 * Basic productions of RFC 9051 §9: number, nz-number, number64, atom, astring, string
 * (quoted / literal), nstring, flag-list, sequence-set, mailbox, and a generic value for data
 * the decoder keeps raw.
 */
import { decodeModifiedUtf7 } from '../../../../shared/mutf7.js';
import type { NumberRange, WireValue } from '../types.js';
import { decodeText, isAtomByte, type Reader } from './reader.js';

/** number (RFC 9051): digits; the negativeNumbers quirk reads `-1` (Dovecot/Exchange) as 0. */
export function number(r: Reader): number {
  const b = r.buf;
  let p = r.pos;
  if (b[p] === 0x2d && r.quirks.negativeNumbers) {
    p++;
    while (b[p]! >= 0x30 && b[p]! <= 0x39) p++;
    if (p === r.pos + 1) throw r.fail('expected a number');
    r.pos = p;
    return 0;
  }
  let n = 0;
  const start = p;
  for (;;) {
    const c = b[p]!;
    if (c < 0x30 || c > 0x39) break;
    n = n * 10 + (c - 0x30);
    p++;
  }
  if (p === start) {
    if (r.quirks.nilAnywhere && r.nil()) return 0;
    throw r.fail('expected a number');
  }
  if (p - start > 16) throw r.fail('number too large');
  r.pos = p;
  return n;
}

export function nzNumber(r: Reader): number {
  const n = number(r);
  if (n === 0 && !r.quirks.negativeNumbers) throw r.fail('expected a non-zero number');
  return n;
}

/** number64 / mod-sequence-value (RFC 7162): exact, as bigint. */
export function number64(r: Reader): bigint {
  const b = r.buf;
  const start = r.pos;
  let p = start;
  while (b[p]! >= 0x30 && b[p]! <= 0x39) p++;
  if (p === start || p - start > 20) throw r.fail('expected a 64-bit number');
  r.pos = p;
  return BigInt(r.text(start, p));
}

/** Digits as a string (Gmail X-GM-MSGID / X-GM-THRID are unsigned 64-bit). */
export function digits(r: Reader): string {
  const b = r.buf;
  const start = r.pos;
  let p = start;
  while (b[p]! >= 0x30 && b[p]! <= 0x39) p++;
  if (p === start) throw r.fail('expected a number');
  r.pos = p;
  return r.text(start, p);
}

/** atom: 1*ATOM-CHAR (tolerating 8-bit bytes) — returned as sent. */
export function atom(r: Reader): string {
  const b = r.buf;
  const start = r.pos;
  let p = start;
  while (p < b.length && isAtomByte(b[p]!)) p++;
  if (p === start) throw r.fail('expected an atom');
  r.pos = p;
  return r.text(start, p);
}

/** Upper-cased atom (for keyword dispatch); lower case only with the lowercaseKeywords quirk. */
export function atomUpper(r: Reader): string {
  const b = r.buf;
  const start = r.pos;
  let p = start;
  let lower = false;
  while (p < b.length) {
    const c = b[p]!;
    if (!isAtomByte(c)) break;
    if (c >= 0x61 && c <= 0x7a) lower = true;
    p++;
  }
  if (p === start) throw r.fail('expected a keyword');
  if (lower && !r.quirks.lowercaseKeywords) throw r.fail('lower-case keyword');
  r.pos = p;
  const s = r.text(start, p);
  return lower ? s.toUpperCase() : s;
}

/** quoted = DQUOTE *QUOTED-CHAR DQUOTE, with `\\` and `\"` escapes; UTF-8 text. */
export function quoted(r: Reader): string {
  const b = r.buf;
  r.expect(0x22, 'a quoted string');
  const start = r.pos;
  let p = start;
  let escaped = false;
  for (;;) {
    const c = b[p];
    if (c === undefined || c === 13 || c === 10) throw r.fail('unterminated quoted string');
    if (c === 0x22) break;
    if (c === 0x5c) {
      escaped = true;
      p++;
    }
    p++;
  }
  r.pos = p + 1;
  if (!escaped) return r.text(start, p);
  const out: number[] = [];
  for (let i = start; i < p; i++) {
    if (b[i] === 0x5c) i++;
    out.push(b[i]!);
  }
  return decodeText(Uint8Array.from(out), 0, out.length);
}

/** string = quoted / literal. */
export function string(r: Reader): string {
  const c = r.peek();
  if (c === 0x22) return quoted(r);
  if (r.atLiteral()) {
    return r.literalText();
  }
  throw r.fail('expected a string');
}

/** nstring = string / NIL. */
export function nstring(r: Reader): string | null {
  const c = r.peek();
  if (c === 0x22 || r.atLiteral()) return string(r);
  if (r.nil()) return null;
  if (r.quirks.nilAnywhere && isAtomByte(c)) return atom(r); // some servers send bare atoms
  throw r.fail('expected a string or NIL');
}

/** nstring as bytes (body sections, metadata values): literal views are zero-copy. */
export function nstringBytes(r: Reader): Uint8Array | null {
  const c = r.peek();
  if (r.atLiteral()) return r.literalBytes();
  if (c === 0x22) return new TextEncoder().encode(quoted(r));
  if (r.nil()) return null;
  throw r.fail('expected a string or NIL');
}

/** astring = 1*ASTRING-CHAR / string. */
export function astring(r: Reader): string {
  const c = r.peek();
  if (c === 0x22 || r.atLiteral()) return string(r);
  const b = r.buf;
  const start = r.pos;
  let p = start;
  while (p < b.length && (isAtomByte(b[p]!) || b[p] === 0x5d)) p++;
  if (p === start) throw r.fail('expected an astring');
  r.pos = p;
  return r.text(start, p);
}

/**
 * mailbox = "INBOX" / astring. Returns [decoded, raw]: modified UTF-7 is decoded unless
 * UTF8=ACCEPT; an invalid encoding keeps the raw name (go-imap#389).
 */
export function mailbox(r: Reader): [string, string] {
  const raw = astring(r);
  if (raw.length === 5 && raw.toUpperCase() === 'INBOX') return ['INBOX', raw];
  if (r.utf8Accept) return [raw, raw];
  return [decodeModifiedUtf7(raw) ?? raw, raw];
}

/** flag-list = "(" [flag *(SP flag)] ")"; flags kept as sent (`\Seen`, `$Forwarded`, `\*`). */
export function flagList(r: Reader): string[] {
  r.expect(0x28, "'('");
  r.trimBefore(0x29);
  // exact-size arrays for the usual zero to two flags (a grown array reserves 17 slots)
  const f0 = nextFlag(r, true);
  if (f0 === undefined) return finishList(r, []);
  const f1 = nextFlag(r, false);
  if (f1 === undefined) return finishList(r, [f0]);
  const f2 = nextFlag(r, false);
  if (f2 === undefined) return finishList(r, [f0, f1]);
  const flags = [f0, f1, f2];
  for (let f = nextFlag(r, false); f !== undefined; f = nextFlag(r, false)) flags.push(f);
  return finishList(r, flags);
}

/** The next flag of a flag-list, or undefined at its `)` (left for finishList). */
function nextFlag(r: Reader, first: boolean): string | undefined {
  if (r.peek() === 0x29) return undefined;
  if (!first) r.sp();
  r.trimBefore(0x29);
  if (r.peek() === 0x29 && r.quirks.extraSpaces) return undefined;
  return flag(r);
}

function finishList<T>(r: Reader, list: T): T {
  r.pos++;
  return list;
}

function flag(r: Reader): string {
  const b = r.buf;
  const start = r.pos;
  let p = start;
  if (b[p] === 0x5c) {
    p++;
    if (b[p] === 0x2a) p++; // \*
  }
  while (p < b.length && (isAtomByte(b[p]!) || b[p] === 0x5d)) p++;
  if (p === start) throw r.fail('expected a flag');
  r.pos = p;
  return r.text(start, p);
}

/** sequence-set / uid-set (server side: no `*`) → ranges. */
export function sequenceSet(r: Reader): NumberRange[] {
  const out: NumberRange[] = [];
  for (;;) {
    const start = setNumber(r);
    let end = start;
    if (r.peek() === 0x3a) {
      r.pos++;
      end = setNumber(r);
    }
    out.push(start <= end ? { start, end } : { start: end, end: start });
    if (r.peek() !== 0x2c) return out;
    r.pos++;
  }
}

function setNumber(r: Reader): number {
  if (r.peek() === 0x2a) {
    r.pos++;
    return 0xffffffff;
  }
  return nzNumber(r);
}

/** A generic value (atom, quoted, literal, NIL, list) for unmodelled data. */
export function wireValue(r: Reader, depth = 0): WireValue {
  if (depth > r.maxDepth) throw r.fail('nesting too deep');
  const c = r.peek();
  if (c === 0x28) {
    r.pos++;
    const items: WireValue[] = [];
    r.trimBefore(0x29);
    while (r.peek() !== 0x29) {
      if (items.length > 0) r.sp();
      r.trimBefore(0x29);
      if (r.peek() === 0x29 && r.quirks.extraSpaces) break;
      items.push(wireValue(r, depth + 1));
    }
    r.pos++;
    return items;
  }
  if (c === 0x22) return quoted(r);
  if (r.atLiteral()) return r.literalBytes();
  if (r.nil()) return null;
  return bracketedAtom(r);
}

/** An atom that may carry a bracketed section and a partial (`BODY[HEADER.FIELDS (A B)]<0>`). */
export function bracketedAtom(r: Reader): string {
  const b = r.buf;
  const start = r.pos;
  let p = start;
  let depth = 0;
  while (p < b.length) {
    const c = b[p]!;
    if (c === 0x5b) depth++;
    else if (c === 0x5d) {
      if (depth === 0) break;
      depth--;
    } else if (c === 13 || c === 10) break;
    else if (depth <= 0 && !isAtomByte(c) && c !== 0x5c && c !== 0x2a && c !== 0x25) break;
    p++;
  }
  if (p === start) throw r.fail('unexpected character');
  r.pos = p;
  return r.text(start, p);
}
