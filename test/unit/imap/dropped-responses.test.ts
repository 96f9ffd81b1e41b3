/**
 * A response the framing layer had to skip (over a limit, undecodable) during a command whose
 * result or selected-mailbox state depends on untagged data fails that command with the drop's
 * code, after the tagged completion (so the connection stays in step); a drop the command may
 * tolerate (NOOP, COPY) marks the selection stale instead of passing silently.
 */
import { describe, expect, it } from 'vitest';
import * as c from '../../../src/backends/imap/commands/index.js';
import { SelectedMailbox } from '../../../src/backends/imap/selected.js';
import type { ImapSession } from '../../../src/backends/imap/session.js';
import { MailError } from '../../../src/shared/errors.js';
import { authed } from './helpers.js';
import { replay } from './transcript.js';

function selected(exists: number, caps?: string): ImapSession {
  const s = authed(caps);
  s.state = 'selected';
  s.selected = new SelectedMailbox('INBOX', false);
  s.selected.exists = exists;
  return s;
}

/** A `* VANISHED` line above the 1 MiB line limit: odd UIDs, one range each. */
function hugeVanished(earlier: boolean): string {
  const uids = Array.from({ length: 200_000 }, (_, i) => 2 * i + 1);
  return `* VANISHED ${earlier ? '(EARLIER) ' : ''}${uids.join(',')}`;
}

function dropError(error: unknown, code: string, command: string): MailError {
  expect(error).toBeInstanceOf(MailError);
  const e = error as MailError;
  expect(e.code).toBe(code);
  expect(e.message).toContain(`${command}: 1 response(s) could not be read`);
  expect(e.details['dropped']).toBe(1);
  return e;
}

/** Run `first` (expected to fail), then NOOP: the NOOP must match its own tag. */
function thenNoop<T>(session: ImapSession, first: () => Generator<unknown, T, unknown>) {
  return function* () {
    let error: unknown;
    try {
      yield* first() as ReturnType<typeof c.noop>;
    } catch (e) {
      error = e;
    }
    yield* c.noop(session);
    return error;
  };
}

describe('drops during commands that depend on untagged data', () => {
  it('SELECT QRESYNC: an over-limit VANISHED (EARLIER) fails with ERR_LIMIT; NOOP still answers', () => {
    const s = authed('IMAP4rev1 QRESYNC CONDSTORE');
    s.enabled.add('QRESYNC');
    const r = replay(
      `C: A1 SELECT INBOX (QRESYNC (7 100))
       S: * 3 EXISTS
       S: ${hugeVanished(true)}
       S: * OK [UIDVALIDITY 7] ok
       S: A1 OK [READ-WRITE] selected
       C: A2 NOOP
       S: A2 OK noop`,
      thenNoop(s, () => c.select(s, 'INBOX', { qresync: { uidValidity: 7, modseq: 100n } })),
    );
    expect(r.error).toBeUndefined();
    dropError(r.result, 'ERR_LIMIT', 'SELECT');
    expect(s.selected).toBeUndefined(); // RFC 9051 §6.3.2: a failed SELECT selects nothing
    expect(s.state).toBe('authenticated');
  });

  it('UID EXPUNGE: an undecodable EXPUNGE fails with ERR_PARSE and marks the selection stale', () => {
    const s = selected(5);
    const r = replay(
      `C: A1 UID EXPUNGE 4:5
       S: * 5 EXPUNGE
       S: * 4 EXPUNGE (
       S: A1 OK expunged
       C: A2 NOOP
       S: A2 OK noop`,
      thenNoop(s, () => c.expunge(s, '4:5')),
    );
    expect(r.error).toBeUndefined();
    dropError(r.result, 'ERR_PARSE', 'UID EXPUNGE');
    expect(s.selected?.stale).toBe(true); // EXISTS is now 4, the server says 3
  });

  it('EXPUNGE: an over-limit VANISHED fails with ERR_LIMIT', () => {
    const s = selected(400_000);
    const r = replay(`C: A1 EXPUNGE\nS: ${hugeVanished(false)}\nS: A1 OK expunged`, () =>
      c.expunge(s),
    );
    dropError(r.error, 'ERR_LIMIT', 'EXPUNGE');
  });

  it('UID MOVE: a dropped EXPUNGE fails the move (its COPYUID is still consumed)', () => {
    const s = selected(3);
    const r = replay(
      `C: A1 UID MOVE 2 Archive
       S: * OK [COPYUID 9 2 100] moved
       S: * 2 EXPUNGE x
       S: A1 OK done`,
      () => c.move(s, '2', 'Archive', true),
    );
    dropError(r.error, 'ERR_PARSE', 'UID MOVE');
  });

  it('LIST: a dropped LIST line fails the listing instead of omitting a mailbox', () => {
    const s = authed();
    const r = replay(
      `C: A1 LIST "" "*"
       S: * LIST () "/" INBOX
       S: * LIST (\\X "/" Work
       S: * LIST () "/" Archive
       S: A1 OK listed
       C: A2 NOOP
       S: A2 OK noop`,
      thenNoop(s, () => c.list(s)),
    );
    expect(r.error).toBeUndefined();
    dropError(r.result, 'ERR_PARSE', 'LIST');
  });

  it('LIST-STATUS: a dropped STATUS line fails the listing', () => {
    const s = authed();
    const r = replay(
      `C: A1 LIST "" "*" RETURN (STATUS (MESSAGES))
       S: * LIST () "/" INBOX
       S: * STATUS INBOX (MESSAGES x)
       S: A1 OK listed`,
      () => c.list(s, { status: ['MESSAGES'] }),
    );
    dropError(r.error, 'ERR_PARSE', 'LIST');
  });

  it('STATUS: a dropped STATUS line is an error, not an empty result', () => {
    const s = authed();
    const r = replay(
      `C: A1 STATUS INBOX (MESSAGES)\nS: * STATUS INBOX (MESSAGES x)\nS: A1 OK done`,
      () => c.status(s, 'INBOX', ['MESSAGES']),
    );
    dropError(r.error, 'ERR_PARSE', 'STATUS');
  });

  it('pipelined STATUS: the drop fails only the mailbox it belongs to', () => {
    const s = authed();
    const r = replay(
      `C: A1 STATUS INBOX (MESSAGES)
       C: A2 STATUS Work (MESSAGES)
       S: * STATUS INBOX (MESSAGES 3)
       S: A1 OK done
       S: * STATUS Work (MESSAGES x)
       S: A2 OK done`,
      () => c.statusMany(s, ['INBOX', 'Work'], ['MESSAGES']),
    );
    expect(r.error).toBeUndefined();
    expect(r.result?.get('INBOX')).toEqual({ ok: true, value: { messages: 3 } });
    const work = r.result?.get('Work');
    expect(work?.ok).toBe(false);
    if (work?.ok === false) dropError(work.error, 'ERR_PARSE', 'STATUS');
  });
});

describe('drops a command may tolerate', () => {
  it('NOOP succeeds but the selection is marked stale (an EXPUNGE may be lost)', () => {
    const s = selected(3);
    const r = replay(`C: A1 NOOP\nS: * 2 EXPUNGE (\nS: A1 OK noop`, () => c.noop(s));
    expect(r.error).toBeUndefined();
    expect(s.droppedResponses).toBe(1);
    expect(s.selected?.stale).toBe(true);
    expect(s.selected?.snapshot().stale).toBe(true);
  });

  it('COPY reports its tagged COPYUID despite an unrelated drop (retrying would duplicate)', () => {
    const s = selected(3);
    const r = replay(
      `C: A1 UID COPY 1 Archive
       S: * 9 FETCH (FLAGS x
       S: A1 OK [COPYUID 9 1 100] copied`,
      () => c.copy(s, '1', 'Archive', true),
    );
    expect(r.error).toBeUndefined();
    expect(r.result?.destinationUids).toEqual([{ start: 100, end: 100 }]);
    expect(s.selected?.stale).toBe(true);
  });

  it('a fresh SELECT clears the stale mark', () => {
    const s = selected(3);
    s.selected!.stale = true;
    const r = replay(`C: A1 SELECT INBOX\nS: * 2 EXISTS\nS: A1 OK selected`, () =>
      c.select(s, 'INBOX'),
    );
    expect(r.error).toBeUndefined();
    expect(s.selected?.stale).toBe(false);
    expect(s.selected?.exists).toBe(2);
  });
});

describe('a declared literal larger than every limit', () => {
  it('fails the waiting command at once with ERR_LIMIT, not at its timeout', async () => {
    const { FakeTransport } = await import('./fake-server.js');
    const { ImapConnection } = await import('../../../src/backends/imap/client/connection.js');
    const transport = new FakeTransport((line, push) => {
      const tag = line.split(' ')[0] ?? '';
      if (/ NOOP\r\n$/.test(line)) push(`* 1 FETCH (BODY[] {99999999999}\r\nabc`);
      else push(`${tag} OK done\r\n`);
    });
    const conn = new ImapConnection(transport, { commandTimeoutMs: 600_000 });
    conn.session.setCapabilities(['IMAP4rev1']);
    conn.session.state = 'authenticated';
    const started = Date.now();
    const error = await conn.noop().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'ERR_LIMIT' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
