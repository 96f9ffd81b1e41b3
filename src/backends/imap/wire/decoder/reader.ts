/**
 * Cursor over one framed message. Decoding works on byte indexes; text is materialised only at
 * the leaves (ASCII fast path, UTF-8 otherwise). Literal data is taken from the framer's spans
 * (by position), so a literal's bytes are never parsed as protocol.
 */
import { Buffer } from 'node:buffer';
import { MailError } from '../../../../shared/errors.js';
import type { LiteralSpan } from '../framing-types.js';
import type { DecoderQuirks } from '../types.js';

const utf8 = new TextDecoder('utf-8');

export const ALL_QUIRKS: Readonly<DecoderQuirks> = Object.freeze({
  missingText: true,
  negativeNumbers: true,
  extraSpaces: true,
  nilAnywhere: true,
  nulPadding: true,
  lowercaseKeywords: true,
  brokenAddresses: true,
});

/** Node's Buffer has a native utf8Slice under toString (skips argument normalisation). */
type SliceableBuffer = Buffer & { utf8Slice?: (start: number, end: number) => string };
const NATIVE_SLICE = typeof (Buffer.prototype as SliceableBuffer).utf8Slice === 'function';

/**
 * One Buffer view per underlying ArrayBuffer, shared by every message framed from the same
 * chunk (they are views into it), instead of one view object per message. Held weakly so the
 * cache never keeps a chunk alive.
 */
let lastView: WeakRef<SliceableBuffer> | undefined;
function viewOf(b: Uint8Array): SliceableBuffer {
  const cached = lastView?.deref();
  if (cached !== undefined && cached.buffer === b.buffer) return cached;
  const fresh = Buffer.from(b.buffer, 0, b.buffer.byteLength) as SliceableBuffer;
  lastView = new WeakRef(fresh);
  return fresh;
}

/** Bytes [s, e) as UTF-8 (invalid sequences become U+FFFD), for buffers outside a Reader. */
export function decodeText(b: Uint8Array, s: number, e: number): string {
  return utf8.decode(b.subarray(s, e));
}

export class Reader {
  pos = 0;
  private spanIndex = 0;
  /** Set by literal(): the stream id when the last literal was streamed, else 0. */
  lastStreamId = 0;
  lastLiteralSize = 0;
  /** DecodeOptions.bodyStructure: what BODYSTRUCTURE decodes to. */
  bodyStructure: 'tree' | 'hasAttachment' = 'tree';

  constructor(
    readonly buf: Uint8Array,
    readonly spans: readonly LiteralSpan[] | null,
    readonly quirks: Readonly<DecoderQuirks>,
    readonly utf8Accept: boolean,
    readonly maxDepth: number,
  ) {}

  private view: SliceableBuffer | null = null;
  private viewOffset = 0;

  /**
   * Bytes [s, e) of the message as UTF-8: short ASCII runs built directly, longer ones through
   * one native Buffer view of this message (no copy).
   */
  text(s: number, e: number): string {
    const b = this.buf;
    if (e - s <= 6) {
      // one allocation for short ASCII (no intermediate strings, no native call)
      for (let i = s; i < e; i++) if (b[i]! >= 0x80) return utf8.decode(b.subarray(s, e));
      switch (e - s) {
        case 0:
          return '';
        case 1:
          return String.fromCharCode(b[s]!);
        case 2:
          return String.fromCharCode(b[s]!, b[s + 1]!);
        case 3:
          return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!);
        case 4:
          return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
        case 5:
          return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
        default:
          return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
      }
    }
    if (this.view === null) {
      this.view = viewOf(b);
      this.viewOffset = b.byteOffset;
    }
    const o = this.viewOffset;
    return NATIVE_SLICE
      ? this.view.utf8Slice!(o + s, o + e)
      : this.view.toString('utf8', o + s, o + e);
  }

  /**
   * When the bytes at the cursor repeat [start, end) — an already decoded production — and are
   * followed by a space: skips them and returns true, so the caller can reuse that result.
   * Decoding is a function of the bytes (literal spans included: buffered literal data is part
   * of them), except for streamed literals, whose data is not here: those never match.
   */
  repeatsAhead(start: number, end: number): boolean {
    const b = this.buf;
    const n = end - start;
    const p = this.pos;
    if (n < 2 || p + n >= b.length || b[p + n] !== 0x20) return false;
    for (let i = 0; i < n; i++) if (b[p + i] !== b[start + i]) return false;
    if (this.spans !== null) {
      for (const span of this.spans) {
        if (span.streamId === undefined) continue;
        if ((span.start >= start && span.start <= end) || (span.start >= p && span.start <= p + n))
          return false;
      }
    }
    this.pos = p + n;
    return true;
  }

  get end(): number {
    return this.buf.length;
  }

  fail(what: string): MailError {
    const at = Math.min(this.pos, this.buf.length);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at; i++) {
      if (this.buf[i] === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    const near = this.text(at, Math.min(this.buf.length, at + 24)).replace(/[\r\n]/g, ' ');
    return new MailError(
      'ERR_PARSE',
      `IMAP response: ${what} at line ${line}, column ${at - lineStart + 1} near "${near}"`,
      {
        backend: 'imap',
        details: { offset: at, line, column: at - lineStart + 1 },
      },
    );
  }

  peek(): number {
    return this.pos < this.buf.length ? this.buf[this.pos]! : -1;
  }

  /** At CRLF / LF / end of message. */
  atEol(): boolean {
    const c = this.peek();
    return c === 13 || c === 10 || c === -1;
  }

  expect(byte: number, what: string): void {
    if (this.buf[this.pos] !== byte) throw this.fail(`expected ${what}`);
    this.pos++;
  }

  /** SP; with the extraSpaces quirk any run of spaces. */
  sp(): void {
    if (this.buf[this.pos] !== 0x20) throw this.fail('expected a space');
    this.pos++;
    if (this.quirks.extraSpaces) while (this.buf[this.pos] === 0x20) this.pos++;
  }

  /** Skips spaces (quirk: trailing/doubled), returns whether any were skipped. */
  skipSpaces(): boolean {
    const start = this.pos;
    while (this.buf[this.pos] === 0x20) this.pos++;
    return this.pos > start;
  }

  /**
   * SP before another item of a space-separated run; false when the run ends there instead
   * (a trailing space, tolerated only with the extraSpaces quirk).
   */
  spThenMore(): boolean {
    this.sp();
    if (!this.atEol()) return true;
    if (!this.quirks.extraSpaces) throw this.fail('trailing space');
    return false;
  }

  /** Skips spaces before a closing byte (`)` or `]`) when the extraSpaces quirk is on. */
  trimBefore(close: number): void {
    if (!this.quirks.extraSpaces) return;
    let p = this.pos;
    while (this.buf[p] === 0x20) p++;
    if (this.buf[p] === close || this.buf[p] === 13 || this.buf[p] === 10 || p >= this.buf.length)
      this.pos = p;
  }

  /** Line end, then the end of the message (a decoded message is exactly one response). */
  expectEnd(): void {
    if (this.quirks.extraSpaces) this.skipSpaces();
    if (this.buf[this.pos] === 13) this.pos++;
    if (this.buf[this.pos] === 10) this.pos++;
    else throw this.fail('expected end of line');
    if (this.pos !== this.buf.length) throw this.fail('unexpected data after the response');
  }

  /** Case-insensitive test for an ASCII keyword followed by a non-atom byte; consumes it. */
  keyword(upper: string): boolean {
    const n = upper.length;
    const b = this.buf;
    const p = this.pos;
    const fold = this.quirks.lowercaseKeywords ? 0x20 : 0;
    for (let i = 0; i < n; i++) {
      const c = b[p + i];
      const u = upper.charCodeAt(i);
      if (c !== u && !(fold && u >= 0x41 && u <= 0x5a && c === (u | 0x20))) return false;
    }
    const after = b[p + n];
    if (after !== undefined && isAtomByte(after)) return false;
    this.pos = p + n;
    return true;
  }

  /** NIL (case-insensitive); consumes it. */
  nil(): boolean {
    const b = this.buf;
    const p = this.pos;
    if ((b[p]! | 0x20) !== 0x6e || (b[p + 1]! | 0x20) !== 0x69 || (b[p + 2]! | 0x20) !== 0x6c)
      return false;
    const after = b[p + 3];
    if (after !== undefined && isAtomByte(after)) return false;
    this.pos = p + 3;
    return true;
  }

  /** At `{` or `~{` (literal / literal8). */
  atLiteral(): boolean {
    const c = this.buf[this.pos];
    return c === 0x7b || (c === 0x7e && this.buf[this.pos + 1] === 0x7b);
  }

  /** Literal data after `{n}` / `~{n}` at the cursor; a view into the message buffer. */
  literalBytes(): Uint8Array {
    const start = this.literal();
    return this.buf.subarray(start, this.lastLiteralEnd);
  }

  /** Literal data after `{n}` / `~{n}` at the cursor as UTF-8 text, without a view or copy. */
  literalText(): string {
    const start = this.literal();
    return this.text(start, this.lastLiteralEnd);
  }

  /** End (exclusive) of the data of the last literal read. */
  private lastLiteralEnd = 0;

  /**
   * Reads a literal's `{n}` header at the cursor and moves past its data; returns where the
   * data starts (lastLiteralEnd: where it ends). A streamed literal's data is not in the buffer
   * (start = end).
   */
  private literal(): number {
    const b = this.buf;
    if (b[this.pos] === 0x7e) this.pos++; // literal8
    this.expect(0x7b, "'{'");
    let size = 0;
    const digitsStart = this.pos;
    while (this.pos < b.length && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x39)
      size = size * 10 + (b[this.pos++]! - 0x30);
    if (this.pos === digitsStart) throw this.fail('expected a literal size');
    if (b[this.pos] === 0x2b) this.pos++;
    this.expect(0x7d, "'}'");
    if (b[this.pos] === 13) this.pos++;
    this.expect(10, 'end of line after a literal size');
    const start = this.pos;
    this.lastLiteralSize = size;
    this.lastStreamId = 0;
    if (this.spans !== null) {
      const spans = this.spans;
      while (this.spanIndex < spans.length && spans[this.spanIndex]!.start < start)
        this.spanIndex++;
      const span = spans[this.spanIndex];
      if (span === undefined || span.start !== start || span.size !== size)
        throw this.fail('literal not framed');
      this.spanIndex++;
      this.pos = span.end;
      if (span.streamId !== undefined) this.lastStreamId = span.streamId;
      this.lastLiteralEnd = span.end;
      return span.start;
    }
    if (start + size > b.length) throw this.fail('literal longer than the message');
    this.pos = start + size;
    this.lastLiteralEnd = start + size;
    return start;
  }
}

/** ATOM-CHAR plus `]` (ASTRING-CHAR) — bytes that continue a keyword or atom. */
export function isAtomByte(c: number): boolean {
  return (
    (c > 0x20 &&
      c < 0x7f &&
      c !== 0x28 &&
      c !== 0x29 &&
      c !== 0x7b &&
      c !== 0x25 &&
      c !== 0x2a &&
      c !== 0x22 &&
      c !== 0x5c &&
      c !== 0x5d) ||
    c >= 0x80
  );
}
