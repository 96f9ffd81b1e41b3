/**
 * Incremental IMAP response framer (the "Fragmentizer" idea, imap-anchors §2.2): fed arbitrary
 * chunks, it cuts complete server messages — lines joined by literals — by byte count alone.
 * Invariants:
 * - literal bytes are never scanned for CRLF or markers (RFC 9051 §4.3);
 * - nothing is ever allocated from a declared size; a message over a limit is skipped by
 *   counting (not storing) its bytes and reported as ERR_LIMIT, framing stays in sync;
 * - a declared size above 2^63-1 (RFC 9051 number64) cannot be skipped: fatal; nor can one
 *   larger than every limit that is not streamed (the call would wait for all of it): fatal,
 *   ERR_LIMIT at once;
 * - limits do not depend on chunking: the same bytes pass or fail however they arrive.
 */
import { MailError } from '../../../shared/errors.js';
import {
  DEFAULT_FRAMING_LIMITS,
  type FrameEvent,
  type FramerOptions,
  type FramingLimits,
  type LiteralSpan,
} from './framing-types.js';
import { findLiteralMarker, isTextResponseLine, type LiteralMarker } from './literal-marker.js';

export * from './framing-types.js';

const TAIL = 64;
const enum Mode {
  Line,
  Buffer,
  Skip,
  Stream,
}

export class ImapFramer {
  readonly limits: Readonly<FramingLimits>;
  private streamAbove: number;
  private readonly queue: FrameEvent[] = [];
  private qHead = 0;

  /** Stored bytes of the message so far: acc[0..accLen) ++ chunk[segStart..pos). */
  private acc = new Uint8Array(4096);
  private accLen = 0;
  private segStart = -1;
  private spans: LiteralSpan[] = [];
  private inMessage = false;
  private firstLine = true;
  private lineBytes = 0;
  /** Last bytes of the current line when it spans chunks (for the marker scan). */
  private readonly tail = new Uint8Array(TAIL);
  private tailLen = 0;
  /** First bytes of the message, kept when its buffer is dropped (tag, text-response test). */
  private head: Uint8Array | null = null;
  private poison: MailError | null = null;
  private mode = Mode.Line;
  private remaining = 0;
  private streamId = 0;
  private dead = false;

  constructor(options: FramerOptions = {}) {
    this.limits = Object.freeze({ ...DEFAULT_FRAMING_LIMITS, ...options.limits });
    this.streamAbove = options.streamLiteralsAbove ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Change the streaming threshold (`FramerOptions.streamLiteralsAbove`); it applies to literals
   * whose `{n}` marker is framed from now on, never to one already being buffered or streamed.
   */
  set streamLiteralsAbove(size: number) {
    this.streamAbove = size;
  }

  /** True after a fatal framing error: the connection must be dropped. */
  get failed(): boolean {
    return this.dead;
  }

  /** True while a message is partially received or events are waiting (STARTTLS injection check). */
  get hasPending(): boolean {
    return this.inMessage || this.qHead < this.queue.length;
  }

  /** Feeds a chunk; events become available through next(). Views into `chunk` may be emitted. */
  push(chunk: Uint8Array): void {
    if (this.dead || chunk.length === 0) return;
    const c = chunk;
    const n = c.length;
    let pos = 0;
    this.segStart =
      this.mode === Mode.Line || this.mode === Mode.Buffer ? (this.poison ? -1 : 0) : -1;
    while (pos < n && !this.dead) {
      if (this.mode !== Mode.Line) {
        pos = this.consumeLiteral(c, pos);
        continue;
      }
      if (!this.inMessage) {
        this.inMessage = true;
        this.firstLine = true;
        this.segStart = pos;
      }
      const lf = c.indexOf(10, pos);
      if (lf < 0) {
        this.partialLine(c, pos);
        break;
      }
      const lineStartedHere = this.lineBytes === 0;
      this.lineBytes += lf + 1 - pos;
      if (this.lineBytes > this.limits.maxLineBytes && !this.poison) {
        this.setPoison(c, lf + 1, `line longer than ${this.limits.maxLineBytes} bytes`);
      }
      // The same bound as for a line split across chunks (partialLine): whether the bytes
      // arrive in one chunk or many must not change the outcome.
      if (!this.poison && this.storedLength(lf + 1) > this.limits.maxResponseBytes) {
        this.setPoison(c, lf + 1, `response larger than ${this.limits.maxResponseBytes} bytes`);
      }
      const marker = this.scanMarker(c, pos, lf, lineStartedHere);
      pos = lf + 1;
      this.lineBytes = 0;
      this.tailLen = 0;
      if (marker.kind === 'invalid') {
        this.fatal(`literal size out of range (above 2^63-1)`);
        return;
      }
      if (marker.kind === 'literal' && !(this.firstLine && this.firstLineIsText(c, pos))) {
        this.firstLine = false;
        this.startLiteral(c, pos, marker);
        if (this.dead) return;
        continue;
      }
      this.finishMessage(c, pos);
    }
    if (!this.dead && this.segStart >= 0 && this.inMessage) this.appendAcc(c, this.segStart, n);
    this.segStart = -1;
  }

  /** Next event, or undefined when more input is needed. */
  next(): FrameEvent | undefined {
    if (this.qHead >= this.queue.length) return undefined;
    const e = this.queue[this.qHead++];
    if (this.qHead === this.queue.length) {
      this.queue.length = 0;
      this.qHead = 0;
    }
    return e;
  }

  /** push() then drain every event. */
  feed(chunk: Uint8Array): FrameEvent[] {
    this.push(chunk);
    const out: FrameEvent[] = [];
    for (let e = this.next(); e !== undefined; e = this.next()) out.push(e);
    return out;
  }

  /** End of stream: a partial message is reported as a fatal error. */
  end(): FrameEvent[] {
    if (this.inMessage && !this.dead)
      this.fatal('connection ended in the middle of a response', 'ERR_CONNECTION_CLOSED');
    const out: FrameEvent[] = [];
    for (let e = this.next(); e !== undefined; e = this.next()) out.push(e);
    return out;
  }

  // ---- internals ------------------------------------------------------------------------------

  private consumeLiteral(c: Uint8Array, pos: number): number {
    const take = Math.min(this.remaining, c.length - pos);
    const end = pos + take;
    if (this.mode === Mode.Stream) {
      this.queue.push({ kind: 'literalChunk', id: this.streamId, bytes: c.subarray(pos, end) });
    }
    this.remaining -= take;
    if (this.remaining === 0) {
      if (this.mode === Mode.Stream) this.queue.push({ kind: 'literalEnd', id: this.streamId });
      if (this.mode !== Mode.Buffer && !this.poison) this.segStart = end;
      this.mode = Mode.Line;
    }
    return end;
  }

  private partialLine(c: Uint8Array, pos: number): void {
    const n = c.length;
    this.lineBytes += n - pos;
    // keep the last TAIL bytes of the line for the marker scan when the LF arrives
    const take = Math.min(TAIL, n - pos);
    const keep = Math.min(this.tailLen, TAIL - take);
    if (keep > 0) this.tail.copyWithin(0, this.tailLen - keep, this.tailLen);
    this.tail.set(c.subarray(n - take, n), keep);
    this.tailLen = keep + take;
    if (this.lineBytes > this.limits.maxLineBytes && !this.poison) {
      this.setPoison(c, n, `line longer than ${this.limits.maxLineBytes} bytes`);
    }
    if (!this.poison && this.storedLength(n) > this.limits.maxResponseBytes) {
      this.setPoison(c, n, `response larger than ${this.limits.maxResponseBytes} bytes`);
    }
  }

  private scanMarker(c: Uint8Array, pos: number, lf: number, startedHere: boolean): LiteralMarker {
    if (startedHere || lf - pos >= TAIL) return findLiteralMarker(c, lf, pos, !startedHere);
    const w = new Uint8Array(this.tailLen + (lf + 1 - pos));
    w.set(this.tail.subarray(0, this.tailLen), 0);
    w.set(c.subarray(pos, lf + 1), this.tailLen);
    return findLiteralMarker(w, w.length - 1, 0, this.lineBytes > w.length);
  }

  private firstLineIsText(c: Uint8Array, lineEnd: number): boolean {
    if (this.head) return isTextResponseLine(this.head, 0, this.head.length);
    if (this.accLen === 0)
      return this.segStart >= 0 && isTextResponseLine(c, this.segStart, lineEnd);
    // the first line spans chunks: look at its first bytes, joined
    const fromAcc = Math.min(16, this.accLen);
    const fromChunk = Math.min(16 - fromAcc, lineEnd - Math.max(this.segStart, 0));
    const w = new Uint8Array(fromAcc + fromChunk);
    w.set(this.acc.subarray(0, fromAcc), 0);
    if (fromChunk > 0) w.set(c.subarray(this.segStart, this.segStart + fromChunk), fromAcc);
    return isTextResponseLine(w, 0, w.length);
  }

  private startLiteral(c: Uint8Array, pos: number, m: LiteralMarker): void {
    const size = m.size;
    this.remaining = size;
    // Larger than every limit and not streamed: skipping it would mean waiting for all of it
    // (`{99999999999}` is ~93 GiB), so the call would only end at its timeout. Fail now.
    if (size > this.limits.maxResponseBytes && !(size > this.streamAbove)) {
      this.fatal(`literal of ${size} bytes is larger than every limit`);
      return;
    }
    if (this.poison) {
      this.mode = size > 0 ? Mode.Skip : Mode.Line;
      return;
    }
    const stored = this.storedLength(pos);
    if (size > this.streamAbove) {
      this.appendAcc(c, this.segStart, pos);
      this.segStart = -1;
      const id = ++this.streamId;
      this.spans.push({
        start: this.accLen,
        end: this.accLen,
        size,
        binary: m.binary,
        streamId: id,
      });
      this.queue.push({
        kind: 'literalStart',
        id,
        size,
        binary: m.binary,
        head: this.acc.slice(0, this.accLen),
      });
      this.mode = Mode.Stream;
      return;
    }
    if (size > this.limits.maxLiteralBytes || stored + size > this.limits.maxResponseBytes) {
      this.setPoison(c, pos, `literal of ${size} bytes exceeds the limit`);
      this.mode = size > 0 ? Mode.Skip : Mode.Line;
      return;
    }
    this.spans.push({ start: stored, end: stored + size, size, binary: m.binary });
    this.mode = size > 0 ? Mode.Buffer : Mode.Line;
  }

  private finishMessage(c: Uint8Array, pos: number): void {
    if (this.poison) {
      const tag = this.head ? tagOf(this.head) : undefined;
      this.queue.push({
        kind: 'error',
        error: this.poison,
        fatal: false,
        ...(tag === undefined ? {} : { tag }),
      });
    } else if (this.accLen === 0) {
      this.queue.push({
        kind: 'message',
        bytes: c.subarray(this.segStart, pos),
        literals: this.spans,
      });
    } else {
      this.appendAcc(c, this.segStart, pos);
      this.queue.push({
        kind: 'message',
        bytes: this.acc.slice(0, this.accLen),
        literals: this.spans,
      });
    }
    this.accLen = 0;
    this.spans = [];
    this.head = null;
    this.poison = null;
    this.inMessage = false;
    this.segStart = pos;
  }

  private storedLength(pos: number): number {
    return this.accLen + (this.segStart >= 0 ? pos - this.segStart : 0);
  }

  private appendAcc(c: Uint8Array, from: number, to: number): void {
    if (from < 0 || to <= from) return;
    const need = this.accLen + (to - from);
    if (need > this.acc.length) {
      const grown = new Uint8Array(Math.max(need, this.acc.length * 2));
      grown.set(this.acc.subarray(0, this.accLen));
      this.acc = grown;
    }
    this.acc.set(c.subarray(from, to), this.accLen);
    this.accLen = need;
  }

  private setPoison(c: Uint8Array, pos: number, why: string): void {
    const headLen = Math.min(64, this.accLen + (this.segStart >= 0 ? pos - this.segStart : 0));
    const h = new Uint8Array(headLen);
    const fromAcc = Math.min(headLen, this.accLen);
    h.set(this.acc.subarray(0, fromAcc), 0);
    if (headLen > fromAcc)
      h.set(c.subarray(this.segStart, this.segStart + headLen - fromAcc), fromAcc);
    this.head = h;
    const tag = tagOf(h);
    this.poison = new MailError('ERR_LIMIT', `IMAP response dropped: ${why}`, {
      backend: 'imap',
      details: { ...(tag === undefined ? {} : { tag }), limits: { ...this.limits } },
    });
    this.accLen = 0;
    this.spans = [];
    this.segStart = -1;
  }

  private fatal(why: string, code: 'ERR_LIMIT' | 'ERR_CONNECTION_CLOSED' = 'ERR_LIMIT'): void {
    this.dead = true;
    this.queue.push({
      kind: 'error',
      error: new MailError(code, `IMAP framing failed: ${why}`, { backend: 'imap' }),
      fatal: true,
    });
  }
}

/** The tag of a message from its first bytes (`*`, `+` or a command tag), for error routing. */
function tagOf(h: Uint8Array): string | undefined {
  let i = 0;
  while (i < h.length && h[i] !== 0x20 && h[i] !== 13 && h[i] !== 10) i++;
  if (i === 0) return undefined;
  let s = '';
  for (let k = 0; k < i; k++) s += String.fromCharCode(h[k]!);
  return s;
}
