/**
 * msg-att (RFC 9051 §7.5.2; RFC 3516 BINARY; RFC 7162 MODSEQ; RFC 8474 EMAILID/THREADID;
 * RFC 8514 SAVEDATE; RFC 8970 PREVIEW; Gmail X-GM-*). Unknown items are kept raw, never fatal
 * (go-imap PR #759 shows what happens otherwise).
 */
import type { BodySectionData, FetchAttributes } from '../types.js';
import { bodyStructureHasAttachment } from './body-attachment.js';
import { bodystructure } from './bodystructure.js';
import { envelope } from './envelope.js';
import {
  astring,
  digits,
  flagList,
  number,
  number64,
  nstring,
  nstringBytes,
  quoted,
  wireValue,
} from './primitives.js';
import { isAtomByte, type Reader } from './reader.js';
import { decodeModifiedUtf7 } from '../../../../shared/mutf7.js';

/** msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP …) ")" */
export function msgAtt(r: Reader): FetchAttributes {
  r.expect(0x28, "'(' starting FETCH data");
  const a: FetchAttributes = {};
  r.trimBefore(0x29);
  let first = true;
  while (r.peek() !== 0x29) {
    if (!first) r.sp();
    first = false;
    r.trimBefore(0x29);
    if (r.peek() === 0x29 && r.quirks.extraSpaces) break;
    item(r, a);
  }
  r.pos++;
  return a;
}

function item(r: Reader, a: FetchAttributes): void {
  const name = itemName(r);
  switch (name) {
    case 'UID':
      r.sp();
      a.uid = number(r);
      return;
    case 'FLAGS':
      r.sp();
      a.flags = flagList(r);
      return;
    case 'INTERNALDATE': {
      r.sp();
      const s = nstring(r);
      if (s !== null) {
        a.internalDate = s;
        const d = parseDateTime(s);
        if (d !== undefined) a.internalDateParsed = d;
      }
      return;
    }
    case 'RFC822.SIZE':
      r.sp();
      a.rfc822Size = number(r);
      return;
    case 'ENVELOPE':
      r.sp();
      a.envelope = envelope(r);
      return;
    case 'BODYSTRUCTURE':
      r.sp();
      if (r.bodyStructure === 'hasAttachment')
        a.bodyStructureHasAttachment = bodyStructureHasAttachment(r);
      else a.bodyStructure = bodystructure(r);
      return;
    case 'BODY':
      r.sp();
      a.body = bodystructure(r);
      return;
    case 'RFC822':
    case 'RFC822.HEADER':
    case 'RFC822.TEXT': {
      r.sp();
      const v = nstringBytes(r);
      if (name === 'RFC822') a.rfc822 = v;
      else if (name === 'RFC822.HEADER') a.rfc822Header = v;
      else a.rfc822Text = v;
      return;
    }
    case 'MODSEQ':
      r.sp();
      r.expect(0x28, "'(' after MODSEQ");
      a.modseq = number64(r);
      r.trimBefore(0x29);
      r.expect(0x29, "')' after MODSEQ");
      return;
    case 'PREVIEW':
      r.sp();
      if (r.peek() === 0x28) {
        wireValue(r); // draft-era `(FUZZY)` modifier
        r.sp();
      }
      a.preview = nstring(r);
      return;
    case 'EMAILID':
      r.sp();
      a.emailId = objectId(r) ?? '';
      return;
    case 'THREADID':
      r.sp();
      a.threadId = objectId(r);
      return;
    case 'SAVEDATE':
      r.sp();
      a.saveDate = nstring(r);
      return;
    case 'X-GM-LABELS':
      r.sp();
      a.gmLabels = gmLabels(r);
      return;
    case 'X-GM-MSGID':
      r.sp();
      a.gmMsgId = digits(r);
      return;
    case 'X-GM-THRID':
      r.sp();
      a.gmThrId = digits(r);
      return;
  }
  if (name.startsWith('BODY[') || name.startsWith('BINARY[')) {
    r.sp();
    (name.charCodeAt(1) === 0x4f ? (a.bodySections ??= []) : (a.binarySections ??= [])).push(
      section(r, name),
    );
    return;
  }
  if (name.startsWith('BINARY.SIZE[')) {
    r.sp();
    (a.binarySizes ??= []).push({ section: sectionSpec(name), size: number(r) });
    return;
  }
  r.sp();
  (a.unknown ??= []).push({ name, value: wireValue(r) });
}

/** msg-att item names without a section, by length: matched in place, no string built. */
const KNOWN_ITEMS: (readonly string[] | undefined)[] = [];
for (const name of [
  'UID',
  'FLAGS',
  'INTERNALDATE',
  'RFC822.SIZE',
  'ENVELOPE',
  'BODYSTRUCTURE',
  'BODY',
  'RFC822',
  'RFC822.HEADER',
  'RFC822.TEXT',
  'MODSEQ',
  'PREVIEW',
  'EMAILID',
  'THREADID',
  'SAVEDATE',
]) {
  KNOWN_ITEMS[name.length] = [...(KNOWN_ITEMS[name.length] ?? []), name];
}

/** The known item name spelled by bytes [s, e) in any case (the caller enforced the quirk). */
function knownItem(b: Uint8Array, s: number, e: number): string | undefined {
  const names = KNOWN_ITEMS[e - s];
  if (names === undefined) return undefined;
  next: for (const name of names) {
    for (let i = 0; i < name.length; i++) {
      const c = b[s + i]!;
      const u = name.charCodeAt(i);
      if (c !== u && !(u >= 0x41 && u <= 0x5a && c === (u | 0x20))) continue next;
    }
    return name;
  }
  return undefined;
}

/** The item name, upper-cased outside the brackets; `BODY[...]<origin>` kept whole. */
function itemName(r: Reader): string {
  const b = r.buf;
  const start = r.pos;
  let lower = false;
  for (let c = b[r.pos]; c !== undefined && c !== 0x5b && isAtomByte(c); c = b[++r.pos]) {
    if (c >= 0x61 && c <= 0x7a) lower = true;
  }
  if (r.pos === start) throw r.fail('expected a FETCH item');
  if (lower && !r.quirks.lowercaseKeywords) throw r.fail('lower-case keyword');
  if (b[r.pos] !== 0x5b) {
    const known = knownItem(b, start, r.pos);
    if (known !== undefined) return known;
  }
  const text = r.text(start, r.pos);
  const head = lower ? text.toUpperCase() : text;
  if (b[r.pos] !== 0x5b) return head;
  let depth = 0;
  let p = r.pos;
  let inQuote = false;
  for (; p < b.length; p++) {
    const c = b[p]!;
    if (c === 13 || c === 10) throw r.fail('unterminated section');
    if (inQuote) {
      if (c === 0x5c) p++;
      else if (c === 0x22) inQuote = false;
      continue;
    }
    if (c === 0x22) inQuote = true;
    else if (c === 0x5b) depth++;
    else if (c === 0x5d && --depth === 0) break;
  }
  p++;
  if (b[p] === 0x3c) {
    while (p < b.length && b[p] !== 0x3e) p++;
    p++;
  }
  r.pos = p;
  return head + r.text(start + head.length, p);
}

function sectionSpec(name: string): string {
  const open = name.indexOf('[');
  const close = name.lastIndexOf(']');
  return name.slice(open + 1, close);
}

function section(r: Reader, name: string): BodySectionData {
  const spec = sectionSpec(name);
  const lt = name.lastIndexOf('<');
  const origin = lt > name.lastIndexOf(']') ? Number(name.slice(lt + 1, -1)) : undefined;
  const data = nstringBytes(r);
  const streamed =
    data !== null && r.lastStreamId !== 0
      ? { id: r.lastStreamId, size: r.lastLiteralSize }
      : undefined;
  return {
    section: spec,
    ...(origin === undefined || Number.isNaN(origin) ? {} : { origin }),
    data,
    ...(streamed === undefined ? {} : { streamed }),
  };
}

/** objectid in parentheses (RFC 8474), or NIL for THREADID. */
function objectId(r: Reader): string | null {
  if (r.nil()) return null;
  r.expect(0x28, "'(' before an object id");
  const id = astring(r);
  r.expect(0x29, "')' after an object id");
  return id;
}

/** X-GM-LABELS: labels are astrings or flags, modified UTF-7 encoded (Gmail). */
function gmLabels(r: Reader): string[] {
  r.expect(0x28, "'(' starting labels");
  const labels: string[] = [];
  r.trimBefore(0x29);
  while (r.peek() !== 0x29) {
    if (labels.length > 0) r.sp();
    const c = r.peek();
    let label: string;
    if (c === 0x5c) {
      r.pos++;
      label = '\\' + astring(r);
    } else label = c === 0x22 ? quoted(r) : astring(r);
    labels.push(r.utf8Accept ? label : (decodeModifiedUtf7(label) ?? label));
    r.trimBefore(0x29);
  }
  r.pos++;
  return labels;
}

const MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec';

/** Month 0–11 of the three letters at `at` (any case, RFC 9051 date-month / RFC 5322 month), else -1. */
export function monthAt(t: string, at: number): number {
  const a = t.charCodeAt(at) | 0x20;
  const b = t.charCodeAt(at + 1) | 0x20;
  const c = t.charCodeAt(at + 2) | 0x20;
  for (let m = 0; m < 36; m += 3) {
    if (
      MONTHS.charCodeAt(m) === a &&
      MONTHS.charCodeAt(m + 1) === b &&
      MONTHS.charCodeAt(m + 2) === c
    )
      return m / 3;
  }
  return -1;
}

/** The value of `len` ASCII digits of `t` at `from`, or NaN. */
function digitsAt(t: string, from: number, len: number): number {
  let n = 0;
  for (let k = from; k < from + len; k++) {
    const c = t.charCodeAt(k) - 0x30;
    if (!(c >= 0 && c <= 9)) return Number.NaN;
    n = n * 10 + c;
  }
  return n;
}

/**
 * date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
 * (RFC 9051 §9), e.g. ` 7-Feb-2024 23:30:00 -0130`; undefined when malformed.
 */
export function parseDateTime(s: string): Date | undefined {
  const t = s.trimStart();
  const dash = t.indexOf('-');
  if (dash < 1 || dash > 2 || t.length !== dash + 24) return undefined;
  const month = monthAt(t, dash + 1);
  const sign = t.charCodeAt(dash + 19);
  if (month < 0 || (sign !== 0x2b && sign !== 0x2d)) return undefined;
  const offset =
    (digitsAt(t, dash + 20, 2) * 60 + digitsAt(t, dash + 22, 2)) * (sign === 0x2d ? -1 : 1);
  const ms =
    Date.UTC(
      digitsAt(t, dash + 5, 4),
      month,
      digitsAt(t, 0, dash),
      digitsAt(t, dash + 10, 2),
      digitsAt(t, dash + 13, 2),
      digitsAt(t, dash + 16, 2),
    ) -
    offset * 60000;
  const separators =
    t.charCodeAt(dash + 4) === 0x2d &&
    t.charCodeAt(dash + 9) === 0x20 &&
    t.charCodeAt(dash + 12) === 0x3a &&
    t.charCodeAt(dash + 15) === 0x3a;
  if (!separators || t.charCodeAt(dash + 18) !== 0x20 || Number.isNaN(ms)) return undefined;
  return new Date(ms);
}
