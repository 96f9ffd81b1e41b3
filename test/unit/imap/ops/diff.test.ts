/**
 * diffEnvelopes when another client changes the mailbox *while* a diff runs (RFC 7162): a
 * change between the SELECT and the CHANGEDSINCE fetch is reported in that diff and never
 * again; a message appended after the fetch is reported once, as added, by the next diff —
 * never as a flag change of a message the caller has just been told about.
 */
import { describe, expect, it } from 'vitest';
import { diffEnvelopes as diffEnvelopesOp } from '../../../../src/backends/imap/ops/diff.js';
import { ImapLink } from '../../../../src/backends/imap/ops/link.js';
import type { EnvelopeDiff } from '../../../../src/shared/types.js';
import { FakeMailboxServer, message } from './fake-mailbox.js';
import { viaLink } from './via-link.js';

const diffEnvelopes = viaLink(diffEnvelopesOp);

function setUp(qresync: boolean) {
  const server = new FakeMailboxServer('IMAP4rev1 UIDPLUS CONDSTORE ENABLE', [
    message(1, 'one', 1),
    message(2, 'two', 2),
  ]);
  const conn = server.connect();
  if (qresync) conn.session.enabled.add('QRESYNC');
  const link = new ImapLink(() => Promise.resolve(conn));
  const strategy = qresync ? 'qresync' : 'condstore';
  const diff = (state?: string) => diffEnvelopes(link, 'INBOX', state, strategy);
  return { server, diff };
}

const buckets = (d: EnvelopeDiff) => ({
  added: d.added.map((e) => e.id),
  removed: d.removed,
  flags: d.flagsChanged.map((c) => `${c.id}:${c.flags.join(',')}`),
});

describe('imap diffEnvelopes with changes during the diff', () => {
  {
    it('condstore: a flag change between SELECT and FETCH is reported once', async () => {
      const { server, diff } = setUp(false);
      const first = await diff();
      expect(first.reset).toBe(true);
      server.setFlags(1, ['\\Seen']);
      let raced = false;
      server.onCommand = (command) => {
        if (!raced && command.includes('CHANGEDSINCE')) {
          raced = true;
          server.setFlags(2, ['\\Flagged']); // lands after the SELECT, before the fetch answer
        }
      };
      const second = await diff(first.state);
      expect(buckets(second)).toEqual({ added: [], removed: [], flags: ['1:seen', '2:flagged'] });
      const third = await diff(second.state);
      expect(buckets(third)).toEqual({ added: [], removed: [], flags: [] });
    });
  }

  it('qresync: a flag change that lands as the SELECT is answered is reported once', async () => {
    const { server, diff } = setUp(true);
    const first = await diff();
    server.setFlags(1, ['\\Seen']);
    let raced = false;
    server.onCommand = (command) => {
      if (!raced && command.startsWith('SELECT')) {
        raced = true;
        server.setFlags(2, ['\\Flagged']);
      }
    };
    const second = await diff(first.state);
    expect(buckets(second)).toEqual({ added: [], removed: [], flags: ['1:seen', '2:flagged'] });
    expect(buckets(await diff(second.state))).toEqual({ added: [], removed: [], flags: [] });
  });

  it('condstore: a message appended after the FETCH is reported once, as added, next time', async () => {
    const { server, diff } = setUp(false);
    const first = await diff();
    let raced = false;
    server.onCommand = (command) => {
      if (!raced && command.startsWith('UID SEARCH')) {
        raced = true;
        server.messages.push({ ...message(3, 'three', 3), modseq: ++server.highestModseq });
        server.uidNext = 4;
      }
    };
    const second = await diff(first.state);
    const third = await diff(second.state);
    const fourth = await diff(third.state);
    const reports = [second, third, fourth].map(buckets);
    expect(reports.flatMap((r) => r.added)).toEqual(['3']);
    expect(reports.flatMap((r) => r.flags)).toEqual([]);
    expect(buckets(fourth)).toEqual({ added: [], removed: [], flags: [] });
  });
});

/**
 * RFC 7162 §3.2.5: with QRESYNC the SELECT carries the saved state and its answer holds the
 * changes, so a diff is one SELECT, plus one UID FETCH only when there are new messages.
 */
describe('imap diffEnvelopes with QRESYNC in the SELECT', () => {
  it('reports flags, expunges and new messages from the SELECT answer', async () => {
    const { server, diff } = setUp(true);
    const first = await diff();
    server.commands.length = 0;
    server.setFlags(1, ['\\Seen']);
    server.messages = server.messages.filter((m) => m.uid !== 2); // expunged by another client
    server.messages.push({ ...message(3, 'three', 3), modseq: ++server.highestModseq });
    server.uidNext = 4;
    const second = await diff(first.state);
    expect(buckets(second)).toEqual({ added: ['3'], removed: ['2'], flags: ['1:seen'] });
    expect(server.commands[0]).toMatch(/^SELECT "?INBOX"? \(QRESYNC \(7 \d+ 1:4294967295\)\)$/);
    expect(server.verbs()).toEqual(['SELECT', 'UID FETCH']); // the FETCH: envelopes of 3
    expect(server.commands[1]).toContain('ENVELOPE');

    server.commands.length = 0;
    const third = await diff(second.state);
    expect(buckets(third)).toEqual({ added: [], removed: [], flags: [] });
    expect(server.verbs()).toEqual(['SELECT']);
  });

  it('a new UIDVALIDITY is a reset with the full listing', async () => {
    const { server, diff } = setUp(true);
    const first = await diff();
    server.uidValidity = 8;
    const second = await diff(first.state);
    expect(second.reset).toBe(true);
    expect(second.added.map((e) => e.id)).toEqual(['1', '2']);
  });

  it('a forced condstore diff does not send QRESYNC', async () => {
    const { server } = setUp(true);
    const conn = server.connect();
    conn.session.enabled.add('QRESYNC');
    const link = new ImapLink(() => Promise.resolve(conn));
    const first = await diffEnvelopes(link, 'INBOX', undefined, 'condstore');
    server.commands.length = 0;
    await diffEnvelopes(link, 'INBOX', first.state, 'condstore');
    expect(server.commands.some((c) => c.includes('QRESYNC'))).toBe(false);
  });
});
