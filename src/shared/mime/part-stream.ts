/**
 * One leaf part of a message, decoded, from a stream of the message's bytes in memory that does
 * not grow with the message (docs/reading.md "Attachments"): the local stores' getAttachmentStream.
 * The same walk as structure.ts, one chunk at a time — each part header parsed by
 * parseMimeStructure, delimiter lines found by its nextDelimiter (RFC 2046 §5.1.1: `--boundary`
 * at a line start; the line end before it belongs to the delimiter) — so a streamed part is
 * byte for byte what attachmentFromBytes gives. Bytes before the part are skipped as they pass;
 * only a carry of one delimiter's length and one header block are held.
 */
import { MailError } from '../errors.js';
import { HEADER_LIMIT } from '../header-blocks.js';
import { findHeaderEnd } from './headers.js';
import { bodyEndBefore, nextDelimiter, parseMimeStructure } from './structure.js';
import { transferDecoder, type TransferDecoder } from './transfer-encoding.js';

const EMPTY = Buffer.alloc(0);
const MAX_DEPTH = 32;

class NoSuchPart extends Error {}

/** The incremental walk: push the message's bytes, get the part's decoded bytes back. */
export class PartStreamer {
  private readonly path: number[];
  private depth = 0;
  /** `--boundary` of every multipart around the current position, innermost last. */
  private readonly markers: string[] = [];
  private state: 'header' | 'seek' | 'body' | 'done' = 'header';
  private buf: Buffer = EMPTY;
  /** Where the unsearched bytes of `buf` begin (the byte before stays, for the line start). */
  private from = 0;
  private seen = 0;
  private decoder: TransferDecoder | undefined;

  constructor(partId: string) {
    if (!/^[1-9]\d{0,5}(\.[1-9]\d{0,5}){0,31}$/.test(partId)) throw new NoSuchPart();
    this.path = partId.split('.').map(Number);
  }

  push(chunk: Uint8Array): Uint8Array[] {
    if (this.state === 'done' || chunk.length === 0) return [];
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    return this.step(false);
  }

  end(): Uint8Array[] {
    if (this.state === 'done') return [];
    const out = this.step(true);
    if ((this.state as string) !== 'done') throw new NoSuchPart();
    return out;
  }

  /** Whether this streamer found and finished its part. */
  get finished(): boolean {
    return this.state === 'done';
  }

  private step(ended: boolean): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (;;) {
      if (this.state === 'header') {
        if (!this.header(ended)) return out;
      } else if (this.state === 'seek') {
        if (!this.seek(ended)) return out;
      } else if (this.state === 'body') {
        this.body(ended, out);
        return out;
      } else return out;
    }
  }

  /** A part's header block; then into its children, or its body when it is the part. */
  private header(ended: boolean): boolean {
    let end = findHeaderEnd(this.buf);
    if (end === -1) {
      if (this.buf.length > HEADER_LIMIT)
        throw new MailError('ERR_LIMIT', `a part header is longer than ${HEADER_LIMIT} bytes`);
      if (!ended) return false;
      end = this.buf.length; // no body: structure.ts gives the part an empty one
    }
    const part = parseMimeStructure(this.buf.subarray(0, end), { complete: false, sizes: false });
    this.buf = this.buf.subarray(end);
    this.from = 0; // the body starts at a line start
    const boundary = part.type.startsWith('multipart/') ? part.params.boundary : undefined;
    const multipart = boundary !== undefined && boundary !== '' && this.depth < MAX_DEPTH;
    if (multipart && this.depth < this.path.length) {
      this.markers.push(`--${boundary}`);
      this.depth++;
      this.seen = 0;
      this.state = 'seek';
      return true;
    }
    // the part itself: a leaf at the end of the path, or "1" of a message that is not multipart
    const target =
      this.depth === this.path.length || (this.depth === 0 && this.path.join() === '1');
    if (multipart || !target) throw new NoSuchPart();
    this.decoder = transferDecoder(part.encoding);
    this.state = 'body';
    return true;
  }

  /** Past delimiter lines of the innermost boundary up to the wanted child's first byte. */
  private seek(ended: boolean): boolean {
    const marker = this.markers[this.markers.length - 1] as string;
    const want = this.path[this.depth - 1] as number;
    for (;;) {
      const limit = ended ? this.buf.length : this.buf.length - marker.length - 1;
      const at = limit > this.from ? nextDelimiter(this.buf, marker, this.from, limit) : -1;
      if (at === -1) {
        if (ended) throw new NoSuchPart();
        this.keepFrom(Math.max(this.from, limit));
        return false;
      }
      if (this.buf[at + marker.length] === 0x2d && this.buf[at + marker.length + 1] === 0x2d)
        throw new NoSuchPart(); // close delimiter: fewer children
      const lineEnd = this.buf.indexOf(0x0a, at);
      if (lineEnd === -1) {
        if (ended) throw new NoSuchPart();
        this.keepFrom(at);
        return false;
      }
      this.seen++;
      if (this.seen === want) {
        this.buf = this.buf.subarray(lineEnd + 1);
        this.from = 0;
        this.state = 'header';
        return true;
      }
      this.from = lineEnd + 1;
    }
  }

  /** The part's bytes up to the first delimiter of any enclosing boundary, decoded. */
  private body(ended: boolean, out: Uint8Array[]): void {
    const decoder = this.decoder as TransferDecoder;
    const longest = Math.max(0, ...this.markers.map((m) => m.length));
    const limit = ended ? this.buf.length : this.buf.length - longest - 1;
    let at = -1;
    for (const marker of this.markers) {
      const found = limit > this.from ? nextDelimiter(this.buf, marker, this.from, limit) : -1;
      if (found !== -1 && (at === -1 || found < at)) at = found;
    }
    if (at !== -1 || ended) {
      const stop = at === -1 ? this.buf.length : bodyEndBefore(this.buf, at, 0);
      out.push(decoder.push(this.buf.subarray(0, stop)), decoder.end());
      this.buf = EMPTY;
      this.state = 'done';
      return;
    }
    // hold back the unsearched tail and the line end that may belong to a delimiter
    const safe = Math.max(0, Math.max(this.from, limit) - 2);
    out.push(decoder.push(this.buf.subarray(0, safe)));
    this.buf = Buffer.from(this.buf.subarray(safe));
    this.from = Math.max(0, Math.max(this.from, limit) - safe);
  }

  /** Drop what is searched, keeping the byte before `at` (a delimiter must start a line). */
  private keepFrom(at: number): void {
    const keep = Math.max(0, at - 1);
    this.buf = Buffer.from(this.buf.subarray(keep));
    this.from = at - keep;
  }
}

/** The decoded part `partId` of the message streamed as `chunks`, or ERR_NOT_FOUND. */
export async function* streamPart(
  chunks: AsyncIterable<Uint8Array>,
  partId: string,
  where: string,
): AsyncGenerator<Uint8Array> {
  const notFound = (): MailError =>
    new MailError('ERR_NOT_FOUND', `no part ${JSON.stringify(partId.slice(0, 40))} in ${where}`);
  let streamer: PartStreamer;
  try {
    streamer = new PartStreamer(partId);
  } catch {
    throw notFound();
  }
  try {
    for await (const chunk of chunks) {
      for (const piece of streamer.push(chunk)) if (piece.length > 0) yield piece;
      if (streamer.finished) return; // the rest of the file is not read
    }
    for (const piece of streamer.end()) if (piece.length > 0) yield piece;
  } catch (e) {
    if (e instanceof NoSuchPart) throw notFound();
    throw e;
  }
}

/**
 * streamPart, started: resolves once the part is found (its first bytes decoded, or its end),
 * so a wrong part id rejects here as getAttachment does, not later in the loop.
 */
export async function openPartStream(
  chunks: AsyncIterable<Uint8Array>,
  partId: string,
  where: string,
): Promise<AsyncIterable<Uint8Array>> {
  const parts = streamPart(chunks, partId, where);
  const first = await parts.next();
  return (async function* started() {
    if (first.done === true) return;
    yield first.value;
    yield* parts;
  })();
}
