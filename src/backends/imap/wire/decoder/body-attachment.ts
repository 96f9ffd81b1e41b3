/**
 * BODYSTRUCTURE reduced to one boolean, `hasAttachment`, for listings that need nothing else
 * (DecodeOptions.bodyStructure = 'hasAttachment'). The answer is defined on the decoded tree
 * (`bodyHasAttachment`): a body whose disposition type (RFC 2183, RFC 9051 body-fld-dsp) is
 * "attachment", or a multipart with such a part at any depth; the parts of an encapsulated
 * message/rfc822 belong to that message, not to this one, and do not count.
 *
 * The fast path walks the usual, strictly well-formed shape (RFC 9051 §9 body-type-1part /
 * body-type-mpart with quoted strings, NIL, plain numbers, no encapsulated message, no
 * extension data after body-fld-loc) over the bytes without building anything. Whatever it
 * does not recognise — literals, escapes, 8-bit text, message/*, server quirks, depth beyond
 * the cap — is decoded by the full decoder instead, so the answer, the accepted inputs and the
 * errors are exactly those of `bodystructure()`: the fast path accepts a subset of its grammar.
 */
import type { BodyStructure } from '../types.js';
import { bodystructure } from './bodystructure.js';
import type { Reader } from './reader.js';

/** hasAttachment of a decoded body structure (see the file comment). */
export function bodyHasAttachment(body: BodyStructure): boolean {
  const type = body.disposition?.type;
  if (type !== undefined && type.length === 10 && type.toLowerCase() === 'attachment') return true;
  return body.multipart ? body.parts.some(bodyHasAttachment) : false;
}

/** `body` at the cursor → hasAttachment; the cursor ends after the body, as bodystructure(). */
export function bodyStructureHasAttachment(r: Reader): boolean {
  const start = r.pos;
  buf = r.buf;
  found = false;
  const end = body(start, 0, r.maxDepth);
  buf = EMPTY; // never keep a message alive past its decoding
  if (end >= 0) {
    r.pos = end;
    return found;
  }
  r.pos = start;
  return bodyHasAttachment(bodystructure(r));
}

// Scanner state for one call (decoding is synchronous and not re-entrant). Every scanner
// returns the position after what it read, or FALLBACK.
const EMPTY = new Uint8Array(0);
const FALLBACK = -1;
let buf: Uint8Array = EMPTY;
let found = false;

const SP = 0x20;
const OPEN = 0x28;
const CLOSE = 0x29;
const DQUOTE = 0x22;

/** body = "(" (body-type-1part / body-type-mpart) ")" */
function body(p: number, depth: number, maxDepth: number): number {
  if (depth > maxDepth || buf[p] !== OPEN) return FALLBACK;
  p++;
  return buf[p] === OPEN ? multipart(p, depth, maxDepth) : singlePart(p);
}

/** 1*body SP media-subtype [SP body-fld-param [SP dsp [SP lang [SP loc]]]] ")" */
function multipart(p: number, depth: number, maxDepth: number): number {
  while (buf[p] === OPEN) {
    p = body(p, depth + 1, maxDepth);
    if (p < 0) return FALLBACK;
  }
  if (buf[p] !== SP) return FALLBACK;
  p = quoted(p + 1);
  if (p < 0) return FALLBACK;
  if (buf[p] === SP) {
    p = params(p + 1);
    if (p < 0) return FALLBACK;
    p = dispositionLanguageLocation(p);
  }
  return p >= 0 && buf[p] === CLOSE ? p + 1 : FALLBACK;
}

/**
 * type SP subtype SP params SP id SP description SP encoding SP size [SP lines (text/*)]
 * [SP md5 [SP dsp [SP lang [SP loc]]]] ")"; message/* goes to the full decoder.
 */
function singlePart(p: number): number {
  const typeStart = p + 1;
  p = quoted(p);
  if (p < 0 || isWord(typeStart, p - 1, 'message')) return FALLBACK;
  const text = isWord(typeStart, p - 1, 'text');
  p = spThen(p, quoted);
  p = spThen(p, params);
  p = spThen(p, nstring);
  p = spThen(p, nstring);
  p = spThen(p, quoted);
  p = spThen(p, numberEnd);
  if (p < 0) return FALLBACK;
  if (text && buf[p] === SP && isDigit(buf[p + 1])) p = numberEnd(p + 1);
  if (p >= 0 && buf[p] === SP) {
    p = nstring(p + 1);
    if (p >= 0) p = dispositionLanguageLocation(p);
  }
  return p >= 0 && buf[p] === CLOSE ? p + 1 : FALLBACK;
}

/** [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]]; extension data after falls back. */
function dispositionLanguageLocation(p: number): number {
  if (buf[p] !== SP) return p;
  p = disposition(p + 1);
  if (p < 0 || buf[p] !== SP) return p;
  p = language(p + 1);
  if (p < 0 || buf[p] !== SP) return p;
  p = nstring(p + 1);
  return p < 0 || buf[p] === SP ? FALLBACK : p;
}

/** body-fld-dsp = "(" string SP body-fld-param ")" / NIL; records an "attachment" type. */
function disposition(p: number): number {
  if (buf[p] !== OPEN) return nil(p);
  const typeStart = p + 2;
  p = quoted(p + 1);
  if (p < 0) return FALLBACK;
  if (isWord(typeStart, p - 1, 'attachment')) found = true;
  p = spThen(p, params);
  return p >= 0 && buf[p] === CLOSE ? p + 1 : FALLBACK;
}

/** body-fld-lang = nstring / "(" string *(SP string) ")" */
function language(p: number): number {
  if (buf[p] !== OPEN) return nstring(p);
  p = quoted(p + 1);
  while (p >= 0 && buf[p] === SP) p = quoted(p + 1);
  return p >= 0 && buf[p] === CLOSE ? p + 1 : FALLBACK;
}

/** body-fld-param = "(" string SP string *(SP string SP string) ")" / NIL */
function params(p: number): number {
  if (buf[p] !== OPEN) return nil(p);
  p = quoted(p + 1);
  p = spThen(p, quoted);
  while (p >= 0 && buf[p] === SP) {
    p = quoted(p + 1);
    p = spThen(p, quoted);
  }
  return p >= 0 && buf[p] === CLOSE ? p + 1 : FALLBACK;
}

function spThen(p: number, next: (p: number) => number): number {
  return p >= 0 && buf[p] === SP ? next(p + 1) : FALLBACK;
}

function nstring(p: number): number {
  return buf[p] === DQUOTE ? quoted(p) : nil(p);
}

/** A quoted string of printable ASCII without escapes (anything else falls back). */
function quoted(p: number): number {
  if (buf[p] !== DQUOTE) return FALLBACK;
  for (p++; p < buf.length; p++) {
    const c = buf[p]!;
    if (c === DQUOTE) return p + 1;
    if (c < SP || c > 0x7e || c === 0x5c) return FALLBACK;
  }
  return FALLBACK;
}

/** NIL in any case, followed by SP or ")". */
function nil(p: number): number {
  if ((buf[p]! | 0x20) !== 0x6e || (buf[p + 1]! | 0x20) !== 0x69 || (buf[p + 2]! | 0x20) !== 0x6c)
    return FALLBACK;
  return endsItem(p + 3) ? p + 3 : FALLBACK;
}

/** 1–9 digits (well inside the full decoder's limits), followed by SP or ")". */
function numberEnd(p: number): number {
  const start = p;
  while (isDigit(buf[p])) p++;
  return p > start && p - start <= 9 && endsItem(p) ? p : FALLBACK;
}

function endsItem(p: number): boolean {
  return buf[p] === SP || buf[p] === CLOSE;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

/** Bytes [s, e) equal the lower-case ASCII `word`, ignoring case. */
function isWord(s: number, e: number, word: string): boolean {
  if (e - s !== word.length) return false;
  for (let i = 0; i < word.length; i++)
    if ((buf[s + i]! | 0x20) !== word.charCodeAt(i)) return false;
  return true;
}
