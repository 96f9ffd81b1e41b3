/**
 * ImapConnection.fetchBodyStream over an in-memory transport that produces the body only as
 * it is read (like a socket under TCP backpressure): bounded memory for a 200 MiB body, abort
 * mid-stream keeps the connection usable, a missing UID is ERR_NOT_FOUND.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ImapConnection } from '../../../src/backends/imap/client/connection.js';
import { SelectedMailbox } from '../../../src/backends/imap/selected.js';
import type { ImapTransport } from '../../../src/backends/imap/transport.js';

const PIECE = 64 * 1024;

/**
 * Answers `UID FETCH n (BODY.PEEK[])` with a body of `size` bytes generated lazily, PIECE
 * bytes per read; every other command gets a tagged OK. Tracks how far ahead of the consumer
 * the producer ran.
 */
class LazyBodyTransport implements ImapTransport {
  secure = true;
  produced = 0;
  written: string[] = [];
  private queue: Uint8Array[] = [];
  private body: { left: number; tail: string } | undefined;
  private wake: (() => void) | undefined;
  private ended = false;

  constructor(private readonly size: number) {}

  private piece(n: number): Uint8Array {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = 97 + ((this.produced + i) % 26);
    return out;
  }

  async read(): Promise<Uint8Array> {
    while (this.queue.length === 0 && this.body === undefined) {
      if (this.ended) return new Uint8Array(0);
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    const queued = this.queue.shift();
    if (queued !== undefined) return queued;
    const body = this.body!;
    if (body.left === 0) {
      this.body = undefined;
      return Buffer.from(body.tail, 'latin1');
    }
    const n = Math.min(PIECE, body.left);
    const bytes = this.piece(n);
    this.produced += n;
    body.left -= n;
    return bytes;
  }

  async write(bytes: Uint8Array): Promise<void> {
    const line = Buffer.from(bytes).toString('latin1');
    this.written.push(line);
    const tag = line.split(' ')[0] ?? '';
    const m = /^\S+ UID FETCH (\d+) \(BODY\.PEEK\[\]\)\r\n$/.exec(line);
    if (m !== null && m[1] === '7') {
      this.queue.push(Buffer.from(`* 1 FETCH (UID 7 BODY[] {${this.size}}\r\n`));
      this.body = { left: this.size, tail: `)\r\n${tag} OK done\r\n` };
    } else this.queue.push(Buffer.from(`${tag} OK done\r\n`));
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
  startTls = (): Promise<void> => Promise.resolve();
  compress = (): Promise<void> => Promise.resolve();
  random = (n: number): Uint8Array => new Uint8Array(n);
  close = (): Promise<void> => Promise.resolve(this.destroy());
  destroy(): void {
    this.ended = true;
    this.wake?.();
  }
  onClose(): void {}
}

function connection(size: number) {
  const transport = new LazyBodyTransport(size);
  const conn = new ImapConnection(transport);
  conn.session.state = 'selected';
  conn.session.setCapabilities(['IMAP4REV1']);
  conn.session.selected = new SelectedMailbox('INBOX', false);
  return { conn, transport };
}

function expectedSha(size: number): string {
  const hash = createHash('sha256');
  const alphabet = Buffer.alloc(26 * 4096);
  for (let i = 0; i < alphabet.length; i++) alphabet[i] = 97 + (i % 26);
  for (let done = 0; done < size; done += alphabet.length)
    hash.update(alphabet.subarray(0, Math.min(alphabet.length, size - done)));
  return hash.digest('hex');
}

describe('ImapConnection.fetchBodyStream', () => {
  it('streams 200 MiB with the producer never far ahead of the consumer', async () => {
    const size = 200 * 1024 * 1024;
    const { conn, transport } = connection(size);
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    let consumed = 0;
    let maxAhead = 0;
    const hash = createHash('sha256');
    for await (const chunk of conn.fetchBodyStream(7)) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      consumed += bytes.length;
      maxAhead = Math.max(maxAhead, transport.produced - consumed);
      if (consumed % (16 * 1024 * 1024) < bytes.length)
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    expect(consumed).toBe(size);
    expect(hash.digest('hex')).toBe(expectedSha(size));
    // Readable high-water mark (256 KiB) + one transport read + the piece in hand
    expect(maxAhead).toBeLessThanOrEqual(256 * 1024 + 3 * PIECE);
    // RSS also counts garbage V8 has not collected yet (GC timing varies with machine load):
    // the exact bound is maxAhead above; this only shows the body was never held whole
    expect(peakRss - rssBefore).toBeLessThan(size / 2);
    expect(transport.written).toEqual(['A1 UID FETCH 7 (BODY.PEEK[])\r\n']);
  }, 60_000);

  it('destroying the stream mid-way abandons the bytes; the connection stays usable', async () => {
    const size = 8 * 1024 * 1024;
    const { conn, transport } = connection(size);
    const stream = conn.fetchBodyStream(7);
    let got = 0;
    for await (const chunk of stream) {
      got += (chunk as Buffer).length;
      if (got > 256 * 1024) break; // for-await's return() destroys the stream
    }
    expect(stream.destroyed).toBe(true);
    await conn.noop();
    expect(transport.written).toEqual(['A1 UID FETCH 7 (BODY.PEEK[])\r\n', 'A2 NOOP\r\n']);
    // the whole literal was read off the wire (discarded), so the NOOP's OK was framed as protocol
    expect(transport.produced).toBe(size);
    expect(conn.closed).toBe(false);
  });

  it('an AbortSignal fails the stream with ERR_ABORTED; the connection stays usable', async () => {
    const size = 4 * 1024 * 1024;
    const { conn, transport } = connection(size);
    const controller = new AbortController();
    const stream = conn.fetchBodyStream(7, {}, { signal: controller.signal });
    const failure = (async () => {
      for await (const _ of stream) controller.abort();
    })().catch((e: unknown) => e);
    expect(await failure).toMatchObject({ code: 'ERR_ABORTED' });
    await conn.noop();
    expect(transport.produced).toBe(size);
    expect(transport.written[1]).toBe('A2 NOOP\r\n');
  });

  it('another call queued while the consumer is not reading does not deadlock', async () => {
    const size = 4 * 1024 * 1024;
    const { conn } = connection(size);
    const stream = conn.fetchBodyStream(7);
    const first = (await stream[Symbol.asyncIterator]().next()).value as Buffer;
    expect(first.length).toBeGreaterThan(0);
    await conn.noop(); // queued behind the stream: the stream's bound is lifted
    let rest = 0;
    for await (const chunk of stream) rest += (chunk as Buffer).length;
    expect(first.length + rest).toBe(size);
  });

  it('a UID the server does not return fails the stream with ERR_NOT_FOUND', async () => {
    const { conn } = connection(10);
    const stream = conn.fetchBodyStream(8);
    await expect(
      (async () => {
        for await (const _ of stream) void _;
      })(),
    ).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });
});
