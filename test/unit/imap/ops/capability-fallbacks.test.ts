/**
 * The ops on servers that lack an extension the real test servers all have: no SORT (newest
 * first by UID, local sort for searches), no UIDPLUS (deleting refuses, never a plain EXPUNGE),
 * no MOVE (COPY + STORE + UID EXPUNGE of exactly those UIDs), no LIST-STATUS (STATUS each).
 */
import { describe, expect, it } from 'vitest';
import { ImapLink } from '../../../../src/backends/imap/ops/link.js';
import { listEnvelopes as listEnvelopesOp } from '../../../../src/backends/imap/ops/envelopes.js';
import { searchEnvelopes as searchEnvelopesOp } from '../../../../src/backends/imap/ops/search.js';
import { listMailboxes as listMailboxesOp } from '../../../../src/backends/imap/ops/mailboxes.js';
import {
  deleteMessages as deleteMessagesOp,
  moveMessages as moveMessagesOp,
} from '../../../../src/backends/imap/ops/messages.js';
import { isMailError } from '../../../../src/shared/errors.js';
import { ImapConnection } from '../../../../src/backends/imap/client/connection.js';
import { FakeMailboxServer, message } from './fake-mailbox.js';
import { FakeTransport } from '../fake-server.js';
import { viaLink } from './via-link.js';

const listEnvelopes = viaLink(listEnvelopesOp);
const searchEnvelopes = viaLink(searchEnvelopesOp);
const listMailboxes = viaLink(listMailboxesOp);
const deleteMessages = viaLink(deleteMessagesOp);
const moveMessages = viaLink(moveMessagesOp);

const BASE = 'IMAP4rev1 LITERAL+';

function setUp(caps: string) {
  // UID order ≠ date order on purpose: uid 1 is the newest message by Date.
  const server = new FakeMailboxServer(caps, [
    message(1, 'charlie', 20),
    message(2, 'alpha', 10, ['\\Seen']),
    message(3, 'bravo', 15, ['\\Deleted']),
  ]);
  const conn = server.connect();
  return { server, link: new ImapLink(() => Promise.resolve(conn)) };
}

describe('imap ops without SORT', () => {
  it('listEnvelopes pages by UID, newest (highest) UID first, without sending SORT', async () => {
    const { server, link } = setUp(`${BASE} UIDPLUS`);
    const page = await listEnvelopes(link, 'INBOX', { pageSize: 2 });
    expect(page.total).toBe(3);
    expect(page.envelopes.map((e) => [e.id, e.subject])).toEqual([
      ['3', 'bravo'],
      ['2', 'alpha'],
    ]);
    expect(server.verbs()).toEqual(['SELECT', 'UID SEARCH', 'UID FETCH']);
    expect(server.commands.at(-1)).toMatch(/^UID FETCH 2:3 /);
    const second = await listEnvelopes(link, 'INBOX', { page: 2, pageSize: 2 });
    expect(second.envelopes.map((e) => e.id)).toEqual(['1']);
  });

  it('searchEnvelopes sorts the matches locally by the requested keys', async () => {
    const { server, link } = setUp(`${BASE} UIDPLUS`);
    const byDate = await searchEnvelopes(link, 'INBOX', 'from ann order by date desc');
    expect(byDate.envelopes.map((e) => e.subject)).toEqual(['charlie', 'bravo', 'alpha']);
    const bySubject = await searchEnvelopes(link, 'INBOX', 'from ann order by subject', {
      pageSize: 2,
    });
    expect(bySubject.envelopes.map((e) => e.subject)).toEqual(['alpha', 'bravo']);
    expect(bySubject.total).toBe(3);
    expect(server.verbs()).not.toContain('UID SORT');
    expect(server.commands.find((c) => c.startsWith('UID SEARCH'))).toMatch(/FROM/);
  });
});

describe('imap ops without UIDPLUS', () => {
  it('deleteMessages refuses with ERR_UNSUPPORTED and sends neither STORE nor EXPUNGE', async () => {
    const { server, link } = setUp(`${BASE} MOVE`);
    const error = await deleteMessages(link, 'INBOX', ['2']).catch((e: unknown) => e);
    expect(isMailError(error, 'ERR_UNSUPPORTED')).toBe(true);
    expect((error as Error).message).toMatch(/UIDPLUS/);
    expect(server.verbs().filter((v) => /STORE|EXPUNGE/.test(v))).toEqual([]);
    expect(server.messages.map((m) => m.uid)).toEqual([1, 2, 3]);
  });

  it('moveMessages without MOVE refuses too, before copying anything', async () => {
    const { server, link } = setUp(BASE);
    const error = await moveMessages(link, 'INBOX', ['2'], 'Work').catch((e: unknown) => e);
    expect(isMailError(error, 'ERR_UNSUPPORTED')).toBe(true);
    expect(server.verbs()).toEqual(['SELECT']);
  });

  it('moveMessages with MOVE needs no UIDPLUS (no id map then)', async () => {
    const { server, link } = setUp(`${BASE} MOVE`);
    expect(await moveMessages(link, 'INBOX', ['2'], 'Work')).toEqual({});
    expect(server.commands.filter((c) => !c.startsWith('SELECT'))).toEqual(['UID MOVE 2 Work']);
    expect(server.messages.map((m) => m.uid)).toEqual([1, 3]);
  });
});

describe('imap ops without MOVE (UIDPLUS present)', () => {
  it('moveMessages is COPY, STORE +\\Deleted, UID EXPUNGE of exactly those UIDs', async () => {
    const { server, link } = setUp(`${BASE} UIDPLUS`);
    const map = await moveMessages(link, 'INBOX', ['2'], 'Work');
    expect(map).toEqual({ '2': '100' });
    expect(server.commands.filter((c) => !c.startsWith('SELECT'))).toEqual([
      'UID COPY 2 Work',
      'UID STORE 2 +FLAGS.SILENT (\\Deleted)',
      'UID EXPUNGE 2',
    ]);
    // uid 3 carried \Deleted before the move and must survive it
    expect(server.messages.map((m) => m.uid)).toEqual([1, 3]);
  });
});

describe('imap listMailboxes without LIST-STATUS', () => {
  it('asks STATUS per mailbox for counts', async () => {
    const { server, link } = setUp(BASE);
    const boxes = await listMailboxes(link, { counts: true });
    expect(boxes.map((b) => [b.id, b.total, b.unread])).toEqual([
      ['INBOX', 3, 1],
      ['Work', 5, 0],
    ]);
    expect(server.verbs()).toEqual(['LIST', 'STATUS', 'STATUS']);
    expect(server.commands[0]).not.toMatch(/RETURN/);
  });

  it('uses LIST … RETURN (STATUS) when LIST-STATUS is offered', async () => {
    const { server, link } = setUp(`${BASE} LIST-EXTENDED LIST-STATUS`);
    const boxes = await listMailboxes(link, { counts: true });
    expect(boxes.map((b) => [b.id, b.total, b.unread])).toEqual([
      ['INBOX', 3, 1],
      ['Work', 5, 0],
    ]);
    expect(server.verbs()).toEqual(['LIST']);
  });

  it('a mailbox whose STATUS says NO (deleted meanwhile) is listed without counts', async () => {
    const { server, link } = setUp(BASE);
    server.mailboxes = { ...server.mailboxes, Gone: null };
    const boxes = await listMailboxes(link, { counts: true });
    expect(boxes.map((b) => [b.id, b.total])).toEqual([
      ['INBOX', 3],
      ['Work', 5],
      ['Gone', undefined],
    ]);
  });

  it('pipelined STATUS answers are matched by mailbox name, not by order', async () => {
    const held: string[] = [];
    const transport = new FakeTransport((raw, push) => {
      const [tag = '', verb = '', name = ''] = raw.trim().split(' ');
      if (verb === 'LIST') push(`* LIST () "/" INBOX\r\n* LIST () "/" Work\r\n${tag} OK\r\n`);
      if (verb !== 'STATUS') return;
      held.push(`${tag} ${name.replace(/"/g, '')}`);
      if (held.length < 2) return;
      // both answered at once, in reverse order, completions reversed too
      const answers = [...held].reverse().map((h) => h.split(' '));
      push(
        answers
          .map(([, n]) => `* STATUS ${n} (MESSAGES ${n === 'INBOX' ? 3 : 5} UNSEEN 1)\r\n`)
          .join(''),
      );
      push(answers.map(([t]) => `${t} OK\r\n`).join(''));
    });
    const conn = new ImapConnection(transport);
    conn.session.setCapabilities(['IMAP4rev1', 'LITERAL+']);
    conn.session.state = 'authenticated';
    const link = new ImapLink(() => Promise.resolve(conn));
    const boxes = await listMailboxes(link, { counts: true });
    expect(boxes.map((b) => [b.id, b.total])).toEqual([
      ['INBOX', 3],
      ['Work', 5],
    ]);
  });
});
