/**
 * Command encoder (RFC 9051 §4, §7.5): typed values in, wire segments out. Invariants:
 * - CR, LF and NUL never appear in a quoted string or atom (they force a literal; NUL in a
 *   string is refused — only APPEND's literal8 may carry it, RFC 3516);
 * - 8-bit text is quoted only under UTF8=ACCEPT (RFC 6855), otherwise sent as a literal;
 * - `{n+}` only with LITERAL+ (any size) or LITERAL-/IMAP4rev2 (n ≤ 4096, RFC 7888 §4/§5);
 *   every other literal is synchronising: the segment ends and the caller waits for `+`.
 */
import { MailError } from '../../../shared/errors.js';
import { encodeModifiedUtf7 } from '../../../shared/mutf7.js';
import type { CommandSegment, CommandValue, EncodedCommand, EncoderCapabilities } from './types.js';
import { isAtom, isDateText, isFlag, isNumber, isSequenceSet, isToken } from './values.js';

export type { CommandSegment, EncodedCommand, EncoderCapabilities } from './types.js';

const utf8 = new TextEncoder();
const CRLF = new Uint8Array([13, 10]);
/** Quoted strings longer than this go as literals (servers cap line length). */
const MAX_QUOTED = 1024;
const LITERAL_MINUS_MAX = 4096;

class SegmentWriter {
  readonly segments: CommandSegment[] = [];
  private parts: Uint8Array[] = [];
  private text = '';
  redacted = '';

  ascii(s: string, shown: string = s): void {
    this.text += s;
    this.redacted += shown;
  }

  bytes(b: Uint8Array): void {
    this.flushText();
    this.parts.push(b);
  }

  endSegment(waitForContinuation: boolean): void {
    this.flushText();
    let len = 0;
    for (const p of this.parts) len += p.length;
    const out = new Uint8Array(len);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    this.parts = [];
    this.segments.push({ bytes: out, waitForContinuation });
  }

  private flushText(): void {
    if (this.text.length > 0) this.parts.push(utf8.encode(this.text));
    this.text = '';
  }
}

function fail(
  message: string,
  code: 'ERR_INVALID_ARGUMENT' | 'ERR_UNSUPPORTED' = 'ERR_INVALID_ARGUMENT',
): MailError {
  return new MailError(code, message, { backend: 'imap' });
}

/**
 * Encodes `tag SP name *(SP arg) CRLF`. `name` may hold several keywords (`UID FETCH`).
 * Throws ERR_INVALID_ARGUMENT for an invalid tag/name or a value that cannot be sent.
 */
export function encodeCommand(
  tag: string,
  name: string,
  args: readonly CommandValue[],
  caps: EncoderCapabilities = {},
): EncodedCommand {
  if (!isAtom(tag) || tag.includes('+')) throw fail('invalid command tag');
  if (!name.split(' ').every(isAtom)) throw fail('invalid command name');
  const w = new SegmentWriter();
  w.ascii(`${tag} ${name}`);
  for (const arg of args) {
    w.ascii(' ');
    writeValue(w, arg, caps);
  }
  w.bytes(CRLF);
  w.endSegment(false);
  return { tag, segments: w.segments, redacted: w.redacted };
}

/** Kept for callers that prefer the short name. */
export const encode = encodeCommand;

/**
 * The `Validated` brand exists only in the types: a JavaScript caller can hand the exported
 * connection any object. So every value spliced into the command line as-is is checked again
 * here against its production (CR, LF and NUL are outside all of them); strings are checked
 * as text, since they are quoted or sent as literals anyway.
 */
function unchecked(kind: string): MailError {
  return fail(`invalid IMAP ${kind} value (not built by the wire/values constructors)`);
}

function text(v: unknown, kind: string): string {
  if (typeof v !== 'string') throw unchecked(kind);
  return v;
}

function writeValue(w: SegmentWriter, v: CommandValue, caps: EncoderCapabilities): void {
  switch (v.kind) {
    case 'atom':
      if (!isAtom(v.value)) throw unchecked('atom');
      w.ascii(v.value);
      return;
    case 'sequenceSet':
      if (typeof v.value !== 'string' || !isSequenceSet(v.value)) throw unchecked('sequence set');
      w.ascii(v.value);
      return;
    case 'token':
      if (!isToken(v.value)) throw unchecked('token');
      w.ascii(v.value);
      return;
    case 'number':
      if (!isNumber(v.value)) throw unchecked('number');
      w.ascii(String(v.value));
      return;
    case 'astring':
      text(v.value, 'astring');
      if (isAtom(v.value)) w.ascii(v.value, v.sensitive ? '***' : v.value);
      else writeString(w, v.value, caps, v.sensitive);
      return;
    case 'string':
      writeString(w, text(v.value, 'string'), caps, v.sensitive);
      return;
    case 'nstring':
      if (v.value === null) w.ascii('NIL');
      else writeString(w, text(v.value, 'nstring'), caps, false);
      return;
    case 'mailbox': {
      const utf8Name = text(v.name, 'mailbox');
      const name = caps.utf8Accept ? utf8Name : encodeModifiedUtf7(utf8Name);
      if (isAtom(name)) w.ascii(name);
      else writeString(w, name, caps, false);
      return;
    }
    case 'flagList':
      if (!Array.isArray(v.flags) || !v.flags.every(isFlag)) throw unchecked('flag list');
      w.ascii(`(${v.flags.join(' ')})`);
      return;
    case 'date':
      if (!isDateText(v.value, v.withTime === true)) throw unchecked('date');
      w.ascii(v.withTime ? `"${v.value}"` : v.value);
      return;
    case 'literal':
      if (!(v.bytes instanceof Uint8Array)) throw unchecked('literal');
      writeLiteral(w, v.bytes, v.binary, caps, false);
      return;
    case 'list':
      if (!Array.isArray(v.items)) throw unchecked('list');
      w.ascii('(');
      v.items.forEach((item, i) => {
        if (i > 0) w.ascii(' ');
        writeValue(w, item, caps);
      });
      w.ascii(')');
      return;
    default:
      throw unchecked(String((v as { kind?: unknown }).kind));
  }
}

/** Quoted when every char is safe (RFC 9051 QUOTED-CHAR, UTF-8 only with UTF8=ACCEPT), else a literal. */
function writeString(
  w: SegmentWriter,
  s: string,
  caps: EncoderCapabilities,
  sensitive: boolean,
): void {
  if (s.length <= MAX_QUOTED && isQuotable(s, caps.utf8Accept ?? false)) {
    const q = `"${s.replace(/[\\"]/g, '\\$&')}"`;
    w.ascii(q, sensitive ? '"***"' : q);
    return;
  }
  const bytes = utf8.encode(s);
  if (bytes.includes(0)) throw fail('NUL is not allowed in an IMAP string');
  writeLiteral(w, bytes, false, caps, sensitive);
}

function isQuotable(s: string, allow8bit: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0 || c === 13 || c === 10) return false;
    if (c > 0x7f && !allow8bit) return false;
  }
  return true;
}

function writeLiteral(
  w: SegmentWriter,
  bytes: Uint8Array,
  binary: boolean,
  caps: EncoderCapabilities,
  sensitive: boolean,
): void {
  const hasNul = bytes.includes(0);
  const asLiteral8 = binary || hasNul;
  if (asLiteral8 && !caps.binary) {
    throw hasNul
      ? fail('NUL bytes need a BINARY literal, which the server does not support')
      : fail('the server does not support BINARY literals', 'ERR_UNSUPPORTED');
  }
  const n = bytes.length;
  const nonSync =
    caps.literalPlus === true ||
    ((caps.literalMinus === true || caps.imap4rev2 === true) && n <= LITERAL_MINUS_MAX);
  const marker = `${asLiteral8 ? '~' : ''}{${n}${nonSync ? '+' : ''}}`;
  w.ascii(marker);
  w.bytes(CRLF);
  w.redacted += sensitive ? '<redacted>' : `<${n} bytes>`;
  if (!nonSync) w.endSegment(true);
  w.bytes(bytes);
}
