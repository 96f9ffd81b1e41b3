/**
 * Responses the framing layer skipped (undecodable, over a limit) never leave the backend
 * trusting an incomplete picture: a diff whose SELECT lost a line fails instead of reporting a
 * partial diff, a stale selection is re-SELECTed before it is reused, and a watch wakes up on a
 * skipped notification instead of missing the change it may have carried.
 */
import { describe, expect, it } from 'vitest';
import { diffEnvelopes as diffEnvelopesOp } from '../../../../src/backends/imap/ops/diff.js';
import { ImapLink } from '../../../../src/backends/imap/ops/link.js';
import { watchMailbox } from '../../../../src/backends/imap/ops/watch.js';
import { isMailError } from '../../../../src/shared/errors.js';
import type { WatchEvent } from '../../../../src/shared/types.js';
import { FakeMailboxServer, message } from './fake-mailbox.js';
import { viaLink } from './via-link.js';

const diffEnvelopes = viaLink(diffEnvelopesOp);

const seed = () => [message(1, 'one', 1), message(2, 'two', 2)];
const count = (server: FakeMailboxServer, verb: string): number =>
  server.verbs().filter((v) => v === verb).length;

async function until(what: string, ok: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('imap ops after a skipped response', () => {
  it('diff: a SELECT that lost its EXISTS fails, and the next diff reports the change', async () => {
    const server = new FakeMailboxServer('IMAP4rev1 UIDPLUS CONDSTORE', seed());
    const link = new ImapLink(() => Promise.resolve(server.connect()));
    const diff = (state?: string) => diffEnvelopes(link, 'INBOX', state, 'condstore');
    const first = await diff();
    server.setFlags(1, ['\\Seen']);
    // With EXISTS lost the selection looks empty: trusting it would skip the CHANGEDSINCE
    // fetch and record the new HIGHESTMODSEQ — the flag change would never be reported.
    let broken = false;
    server.rewrite = (command, lines) => {
      if (broken || !command.startsWith('SELECT')) return lines;
      broken = true;
      return lines.map((l) => (/^\* \d+ EXISTS$/.test(l) ? `${l} (` : l));
    };
    const error = await diff(first.state).catch((e: unknown) => e);
    expect(isMailError(error, 'ERR_PARSE')).toBe(true);
    const second = await diff(first.state);
    expect(second.flagsChanged).toEqual([{ id: '1', flags: ['seen'] }]);
    expect(second.removed).toEqual([]);
  });

  it('link: a selection made stale by a skipped response is re-SELECTed before reuse', async () => {
    const server = new FakeMailboxServer('IMAP4rev1 UIDPLUS', seed());
    const link = new ImapLink(() => Promise.resolve(server.connect()));
    const { conn } = await link.select('INBOX');
    await link.select('INBOX');
    expect(count(server, 'SELECT')).toBe(1); // reused while trusted
    server.messages = server.messages.filter((m) => m.uid !== 2);
    server.announce('* 2 EXPUNGE (');
    await conn.noop(); // NOOP itself succeeds: it reports nothing but success
    expect(conn.selected?.stale).toBe(true);
    const again = await link.select('INBOX');
    expect(count(server, 'SELECT')).toBe(2);
    expect(again.info.exists).toBe(1);
    expect(conn.selected?.stale).toBeUndefined();
  });

  it('watch: a notification skipped during IDLE wakes the watch; the removal is reported', async () => {
    const server = new FakeMailboxServer('IMAP4rev1 UIDPLUS IDLE', seed());
    const controller = new AbortController();
    const events: WatchEvent[] = [];
    let failure: unknown;
    const pump = (async () => {
      const iterable = watchMailbox(
        { host: 'fake.invalid' },
        'INBOX',
        { signal: controller.signal },
        () => Promise.resolve(server.connect()),
      );
      for await (const e of iterable) events.push(e);
    })().catch((e: unknown) => {
      failure = e;
    });
    try {
      await until('IDLE', () => count(server, 'IDLE') === 1);
      server.messages = server.messages.filter((m) => m.uid !== 2);
      server.announce('* 2 EXPUNGE ('); // undecodable: skipped by the framing layer
      await until('the removal', () => events.length >= 1);
      await until('the next IDLE', () => count(server, 'IDLE') === 2);
      expect(events).toEqual([{ type: 'removed', mailbox: 'INBOX', id: '2' }]);
    } finally {
      controller.abort();
      await pump;
    }
    expect(failure).toBeUndefined();
  });
});
