/**
 * fetchBodyStream (commands/fetch-body-stream.ts): a body literal delivered in pieces as it
 * arrives. Replayed at every split point and at every chunk size: the pieces always join to
 * the exact body, nothing after the literal is read as body, nothing of the body as protocol.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fetchBodyStream } from '../../../src/backends/imap/commands/fetch-body-stream.js';
import type { ImapCoroutine } from '../../../src/backends/imap/commands/run.js';
import { SelectedMailbox } from '../../../src/backends/imap/selected.js';
import { MailError } from '../../../src/shared/errors.js';
import { authed } from './helpers.js';
import { replay, serverLength } from './transcript.js';

function selected() {
  const s = authed('IMAP4rev1');
  s.state = 'selected';
  s.selected = new SelectedMailbox('INBOX', false);
  s.selected.exists = 10;
  return s;
}

const BODY = 'Subject: hi\r\n\r\nline one {5}\r\n* 9 EXISTS\r\nA1 OK fake\r\n';

/** BODY as transcript server lines (the transcript adds the CRLF after each). */
const BODY_LINES = BODY.slice(0, -2).split('\r\n').join('\nS: ');

function isChunk(e: unknown): e is { type: 'bodyChunk'; bytes: Uint8Array } {
  return (e as { type?: string }).type === 'bodyChunk';
}

function joined(events: unknown[]): string {
  return Buffer.concat(events.filter(isChunk).map((e) => e.bytes)).toString('latin1');
}

/** Run a coroutine against server bytes cut into `size`-byte chunks; writes are collected. */
function runChunked<T>(co: ImapCoroutine<T>, server: string, size: number) {
  const bytes = Buffer.from(server, 'latin1');
  let pos = 0;
  const events: unknown[] = [];
  let written = '';
  let step = co.next();
  try {
    while (step.done !== true) {
      const r = step.value;
      let reply: unknown;
      if (r.type === 'write') written += Buffer.from(r.bytes).toString('latin1');
      else if (r.type === 'read') {
        reply = bytes.subarray(pos, Math.min(bytes.length, pos + size));
        pos += (reply as Uint8Array).length;
      } else if (r.type === 'event') events.push(r.event);
      step = co.next(reply);
    }
    return { result: step.value, events, written, error: undefined, rest: bytes.subarray(pos) };
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    return { result: undefined, events, written, error, rest: bytes.subarray(pos) };
  }
}

describe('fetchBodyStream transcripts', () => {
  const transcript = `C: A1 UID FETCH 7 (BODY.PEEK[])
     S: * 3 FETCH (UID 7 BODY[] {${BODY.length}}
     S: ${BODY_LINES}
     S:  FLAGS (\\Seen))
     S: * 4 FETCH (FLAGS (\\Flagged))
     S: A1 OK done`;

  it('streams the literal at every split point: same bytes, same other events, same result', () => {
    const total = serverLength(transcript);
    const outcomes = new Set<string>();
    for (let split = -1; split < total; split++) {
      const unsolicited: unknown[] = [];
      const make = () => {
        const session = selected();
        session.listener = (e) => unsolicited.push(e);
        return fetchBodyStream(session, 7, { streamAbove: 8 });
      };
      const r = replay(transcript, make, split);
      expect(r.error).toBeUndefined();
      expect(joined(r.events)).toBe(BODY);
      outcomes.add(JSON.stringify([r.result, unsolicited]));
    }
    // the flag change of message 4 is not ours: it still reaches listeners as an event
    expect([...outcomes]).toEqual([
      JSON.stringify([
        { found: true, size: BODY.length },
        [{ type: 'fetch', seq: 4, attributes: { flags: ['\\Flagged'] } }],
      ]),
    ]);
  });

  it('delivers the literal in many pieces when it arrives in many chunks (every chunk size)', () => {
    const server =
      `* 3 FETCH (UID 7 BODY[] {${BODY.length}}\r\n${BODY})\r\n` + `* 9 EXISTS\r\nA1 OK done\r\n`;
    for (let size = 1; size <= server.length; size++) {
      const r = runChunked(fetchBodyStream(selected(), 7, { streamAbove: 0 }), server, size);
      expect(r.error).toBeUndefined();
      expect(r.written).toBe('A1 UID FETCH 7 (BODY.PEEK[])\r\n');
      expect(joined(r.events)).toBe(BODY);
      const pieces = r.events.filter(isChunk).length;
      if (size === 1) expect(pieces).toBe(BODY.length);
      expect(r.result).toEqual({ found: true, size: BODY.length });
    }
  });

  it('a body below the threshold arrives buffered, as one piece', () => {
    const r = replay(
      `C: A1 UID FETCH 7 (BODY.PEEK[HEADER])
       S: * 3 FETCH (BODY[HEADER] {13}
       S: Subject: hi
       S:  UID 7)
       S: A1 OK done`,
      () => fetchBodyStream(selected(), 7, { section: 'HEADER' }),
    );
    expect(r.error).toBeUndefined();
    expect(r.events.filter(isChunk).length).toBe(1);
    expect(joined(r.events)).toBe('Subject: hi\r\n');
  });

  it('a streamed literal of another message is not ours: its bytes are dropped, ours delivered', () => {
    const other = 'x'.repeat(30);
    const r = replay(
      `C: A1 UID FETCH 7 (BODY.PEEK[])
       S: * 2 FETCH (UID 5 BODY[] {30}
       S: ${other})
       S: * 3 FETCH (UID 7 BODY[] {${BODY.length}}
       S: ${BODY_LINES}
       S: )
       S: A1 OK done`,
      () => fetchBodyStream(selected(), 7, { streamAbove: 8 }),
    );
    expect(r.error).toBeUndefined();
    expect(joined(r.events)).toBe(BODY);
  });

  it('no FETCH for the UID → found false, nothing delivered', () => {
    const r = replay(`C: A1 UID FETCH 7 (BODY.PEEK[])\nS: A1 OK done`, () =>
      fetchBodyStream(selected(), 7),
    );
    expect(r.result).toEqual({ found: false, size: 0 });
    expect(r.events).toEqual([]);
  });

  it('a streamed literal whose response turns out to be for another UID fails the stream', () => {
    const r = replay(
      `C: A1 UID FETCH 7 (BODY.PEEK[])
       S: * 3 FETCH (BODY[] {${BODY.length}}
       S: ${BODY_LINES}
       S:  UID 8)
       S: A1 OK done`,
      () => fetchBodyStream(selected(), 7, { streamAbove: 8 }),
    );
    expect((r.error as MailError).code).toBe('ERR_PROTOCOL');
  });

  it('NO fails with ERR_PROTOCOL; bad UIDs and sections never reach the wire', () => {
    const r = replay(`C: A1 UID FETCH 7 (BODY.PEEK[1.2])\nS: A1 NO gone`, () =>
      fetchBodyStream(selected(), 7, { section: '1.2' }),
    );
    expect((r.error as MailError).code).toBe('ERR_PROTOCOL');
    for (const make of [
      () => fetchBodyStream(selected(), 0),
      () => fetchBodyStream(selected(), 2 ** 32),
      () => fetchBodyStream(selected(), 7, { section: '] BODY[' }),
      () => fetchBodyStream(selected(), 7, { section: 'TEXT\r\nA2 LOGOUT' }),
    ]) {
      const bad = replay('', make);
      expect((bad.error as MailError).code).toBe('ERR_INVALID_ARGUMENT');
      expect(bad.written).toBe('');
    }
  });

  it('property: any body, any threshold, any chunking → the exact bytes, then the session is in sync', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.nat({ max: 400 }),
        fc.integer({ min: 1, max: 64 }),
        (body, above, size) => {
          const head = `* 1 FETCH (UID 7 BODY[] {${body.length}}\r\n`;
          const server =
            head + Buffer.from(body).toString('latin1') + ')\r\nA1 OK done\r\n* 5 EXISTS\r\n';
          const session = selected();
          const r = runChunked(fetchBodyStream(session, 7, { streamAbove: above }), server, size);
          expect(r.error).toBeUndefined();
          expect(Buffer.from(joined(r.events), 'latin1').equals(Buffer.from(body))).toBe(true);
          // what followed the tagged OK is still framed as protocol
          session.feed(r.rest);
          expect(session.takeResponse()).toMatchObject({ kind: 'untagged', type: 'exists' });
        },
      ),
    );
  });
});
