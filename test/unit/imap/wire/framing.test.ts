/**
 * Framer invariants: messages cut by byte count, limits enforced per message without losing
 * sync, no allocation from declared sizes, streaming hooks, fatal only beyond 2^63-1.
 */
import { describe, expect, it } from 'vitest';
import { ImapFramer, type FrameEvent } from '../../../../src/backends/imap/wire/framing.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const kinds = (es: FrameEvent[]): string[] =>
  es.map((e) =>
    e.kind === 'message'
      ? `message:${dec(e.bytes)}`
      : e.kind === 'error'
        ? `error:${e.error.code}:${e.fatal}`
        : e.kind,
  );

describe('ImapFramer', () => {
  it('cuts lines and literals by byte count, never reading literal bytes as protocol', () => {
    const f = new ImapFramer();
    const evil = 'A1 OK fake\r\n* 9 EXISTS\r\n'; // CRLF-delimited lines inside a literal are data
    const head = `* 1 FETCH (BODY[] {${evil.length}}\r\n`;
    const out = f.feed(enc(`${head}${evil})\r\n* 2 EXISTS\r\n`));
    expect(out).toHaveLength(2);
    const m = out[0]!;
    expect(m.kind).toBe('message');
    if (m.kind !== 'message') return;
    const at = head.length;
    expect(m.literals).toEqual([
      { start: at, end: at + evil.length, size: evil.length, binary: false },
    ]);
    expect(dec(m.bytes.subarray(at, at + evil.length))).toBe(evil);
    expect(kinds(out.slice(1))).toEqual(['message:* 2 EXISTS\r\n']);
  });

  it('handles literal8, {n+}, zero-length and consecutive literals', () => {
    const f = new ImapFramer();
    const out = f.feed(
      enc('* 1 FETCH (BINARY[1] ~{3}\r\na\0b BODY[2] {0}\r\n BODY[3] {2+}\r\nxy)\r\n'),
    );
    expect(out).toHaveLength(1);
    const m = out[0]!;
    if (m.kind !== 'message') throw new Error('expected a message');
    expect(m.literals.map((l) => [l.size, l.binary])).toEqual([
      [3, true],
      [0, false],
      [2, false],
    ]);
  });

  it('keeps a trailing {n} in response text as text (status and continuation lines)', () => {
    const f = new ImapFramer();
    expect(
      kinds(f.feed(enc('* OK see {4}\r\nA1 BAD x {2}\r\n+ go {1}\r\n* 1 EXISTS\r\n'))),
    ).toEqual([
      'message:* OK see {4}\r\n',
      'message:A1 BAD x {2}\r\n',
      'message:+ go {1}\r\n',
      'message:* 1 EXISTS\r\n',
    ]);
  });

  it('drops an over-long line as ERR_LIMIT and stays in sync', () => {
    const f = new ImapFramer({ limits: { maxLineBytes: 64 } });
    const long = '* 1 FETCH (X ' + 'a'.repeat(200) + ' {5}\r\nhello)\r\n';
    const out = f.feed(enc(long + 'A1 OK done\r\n'));
    expect(kinds(out)).toEqual(['error:ERR_LIMIT:false', 'message:A1 OK done\r\n']);
    expect(out[0]!.kind === 'error' && out[0]!.tag).toBe('*');
  });

  it('drops a message whose literal exceeds maxLiteralBytes, skipping the bytes by count', () => {
    const f = new ImapFramer({ limits: { maxLiteralBytes: 10 } });
    const body = 'X\r\nA9 OK injected\r\n'.repeat(3);
    const out: FrameEvent[] = [];
    const bytes = enc(`* 1 FETCH (BODY[] {${body.length}}\r\n${body} UID 4)\r\nA1 OK done\r\n`);
    for (let i = 0; i < bytes.length; i += 7) out.push(...f.feed(bytes.subarray(i, i + 7)));
    expect(kinds(out)).toEqual(['error:ERR_LIMIT:false', 'message:A1 OK done\r\n']);
  });

  it('enforces maxResponseBytes across lines and literals', () => {
    const f = new ImapFramer({ limits: { maxResponseBytes: 50 } });
    const out = f.feed(
      enc(
        '* 1 FETCH (BODY[1] {20}\r\n' +
          'x'.repeat(20) +
          ' BODY[2] {20}\r\n' +
          'y'.repeat(20) +
          ')\r\n* 2 EXISTS\r\n',
      ),
    );
    expect(kinds(out)).toEqual(['error:ERR_LIMIT:false', 'message:* 2 EXISTS\r\n']);
  });

  it('is fatal for a literal size above 2^63-1 and ignores further input', () => {
    const f = new ImapFramer();
    expect(kinds(f.feed(enc('* 1 FETCH (BODY[] {9223372036854775808}\r\nabc')))).toEqual([
      'error:ERR_LIMIT:true',
    ]);
    expect(f.failed).toBe(true);
    expect(f.feed(enc('* 2 EXISTS\r\n'))).toEqual([]);
    expect(kinds(new ImapFramer().feed(enc('* 1 X {' + '9'.repeat(80) + '}\r\n')))).toEqual([
      'error:ERR_LIMIT:true',
    ]);
  });

  it('fails at once, ERR_LIMIT, for a declared literal larger than every limit (no wait for it)', () => {
    for (const declared of ['9223372036854775807', '99999999999', String(1024 ** 3)]) {
      const f = new ImapFramer();
      // before: skipped quietly by count, so the call waited for ~93 GiB or its timeout
      expect(kinds(f.feed(enc(`* 1 FETCH (BODY[] {${declared}}\r\n`)))).toEqual([
        'error:ERR_LIMIT:true',
      ]);
      expect(f.failed).toBe(true);
      const chunk = new Uint8Array(1024 * 1024).fill(0x41);
      const before = process.memoryUsage().arrayBuffers;
      for (let i = 0; i < 8; i++) expect(f.feed(chunk)).toEqual([]);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(4 * 1024 * 1024);
    }
  });

  it('a literal over maxLiteralBytes but within maxResponseBytes is still skipped in sync', () => {
    const f = new ImapFramer({ limits: { maxLiteralBytes: 4, maxResponseBytes: 1000 } });
    const out = f.feed(enc('* 1 FETCH (BODY[] {10}\r\n0123456789)\r\nA1 OK done\r\n'));
    expect(kinds(out)).toEqual(['error:ERR_LIMIT:false', 'message:A1 OK done\r\n']);
  });

  it('limits do not depend on chunking: one chunk, byte by byte, and every split agree', () => {
    const limits = { maxLineBytes: 1000, maxLiteralBytes: 1000, maxResponseBytes: 60 };
    const wire = enc(
      '* 1 FETCH (UID 1 FLAGS (\\Seen) X-LONG ' + 'z'.repeat(40) + ')\r\n' + 'A1 OK done\r\n',
    );
    const whole = kinds(new ImapFramer({ limits }).feed(wire));
    expect(whole).toEqual(['error:ERR_LIMIT:false', 'message:A1 OK done\r\n']);
    for (let split = 1; split < wire.length; split++) {
      const f = new ImapFramer({ limits });
      const out = [...f.feed(wire.subarray(0, split)), ...f.feed(wire.subarray(split))];
      expect(kinds(out), `split at ${split}`).toEqual(whole);
    }
    const f = new ImapFramer({ limits });
    const out: FrameEvent[] = [];
    for (let i = 0; i < wire.length; i++) out.push(...f.feed(wire.subarray(i, i + 1)));
    expect(kinds(out)).toEqual(whole);
  });

  it('streams literals above the threshold as zero-copy chunks, in order, before the message', () => {
    const f = new ImapFramer({ streamLiteralsAbove: 4 });
    const bytes = enc('* 1 FETCH (UID 7 BODY[] {10}\r\n0123456789 FLAGS ())\r\n');
    const out: FrameEvent[] = [];
    for (let i = 0; i < bytes.length; i += 5) out.push(...f.feed(bytes.subarray(i, i + 5)));
    const chunks = out
      .filter((e) => e.kind === 'literalChunk')
      .map((e) => (e.kind === 'literalChunk' ? dec(e.bytes) : ''));
    expect(chunks.join('')).toBe('0123456789');
    const start = out[0]!;
    expect(start.kind === 'literalStart' && [start.size, dec(start.head)]).toEqual([
      10,
      '* 1 FETCH (UID 7 BODY[] {10}\r\n',
    ]);
    const last = out.at(-1)!;
    expect(out.at(-2)!.kind).toBe('literalEnd');
    if (last.kind !== 'message') throw new Error('expected the message last');
    expect(dec(last.bytes)).toBe('* 1 FETCH (UID 7 BODY[] {10}\r\n FLAGS ())\r\n');
    const at = '* 1 FETCH (UID 7 BODY[] {10}\r\n'.length;
    expect(last.literals[0]).toMatchObject({ size: 10, start: at, end: at, streamId: 1 });
  });

  it('reports a response cut by EOF', () => {
    const f = new ImapFramer();
    f.push(enc('* 1 FETCH (BODY[] {5}\r\nab'));
    expect(kinds(f.end())).toEqual(['error:ERR_CONNECTION_CLOSED:true']);
  });

  it('tolerates bare LF line ends', () => {
    expect(kinds(new ImapFramer().feed(enc('* 1 EXISTS\n* LIST () "/" {1}\nx\n')))).toEqual([
      'message:* 1 EXISTS\n',
      'message:* LIST () "/" {1}\nx\n',
    ]);
  });
});
