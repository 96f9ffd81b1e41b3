/**
 * IMAP threads from a scripted server: on Gmail (X-GM-EXT-1) the listing asks for X-GM-THRID
 * and listThreads groups by it; without THREAD=REFERENCES nothing extra is sent and the
 * grouping is the client-side one. (THREAD=REFERENCES itself runs against Dovecot and Cyrus in
 * test/integration/imap-threads.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { ImapLink } from '../../../../src/backends/imap/ops/link.js';
import { listEnvelopes as listEnvelopesOp } from '../../../../src/backends/imap/ops/envelopes.js';
import {
  serverThreads as serverThreadsOp,
  threadsFromServer,
} from '../../../../src/backends/imap/ops/threads.js';
import { FakeMailboxServer, message } from './fake-mailbox.js';
import { viaLink } from './via-link.js';

const listEnvelopes = viaLink(listEnvelopesOp);
const serverThreads = viaLink(serverThreadsOp);

function setUp(caps: string) {
  // three unrelated subjects; Gmail says 1 and 3 are one conversation
  const server = new FakeMailboxServer(caps, [
    { ...message(1, 'alpha', 10), gmThrId: '1780000000000000001' },
    { ...message(2, 'bravo', 11), gmThrId: '1780000000000000002' },
    { ...message(3, 'charlie', 12), gmThrId: '1780000000000000001' },
  ]);
  const conn = server.connect();
  return { server, link: new ImapLink(() => Promise.resolve(conn)) };
}

describe('imap threads', () => {
  it('Gmail: the listing fetches X-GM-THRID and listThreads groups by it', async () => {
    const { server, link } = setUp('IMAP4rev1 LITERAL+ UIDPLUS X-GM-EXT-1');
    const page = await listEnvelopes(link, 'INBOX', { pageSize: 10 });
    expect(server.commands.find((c) => c.startsWith('UID FETCH'))).toContain('X-GM-THRID');
    expect(server.commands.find((c) => c.startsWith('UID FETCH'))).not.toContain('X-GM-LABELS');
    expect(Object.fromEntries(page.envelopes.map((e) => [e.subject, e.threadId]))).toEqual({
      alpha: '1780000000000000001',
      bravo: '1780000000000000002',
      charlie: '1780000000000000001',
    });
    const grouping = await serverThreads(link, 'INBOX');
    expect(grouping).toEqual({ kind: 'gmail' });
    expect(server.verbs()).not.toContain('UID THREAD');
    const threads = threadsFromServer(grouping, page.envelopes, {});
    expect(threads.threads.map((t) => [t.id, t.envelopes.map((e) => e.subject)])).toEqual([
      ['1780000000000000001', ['charlie', 'alpha']],
      ['1780000000000000002', ['bravo']],
    ]);
  });

  it('without THREAD=REFERENCES: no THREAD, no X-GM-THRID; the client-side grouping', async () => {
    const { server, link } = setUp('IMAP4rev1 LITERAL+ UIDPLUS');
    const page = await listEnvelopes(link, 'INBOX', { pageSize: 10 });
    const grouping = await serverThreads(link, 'INBOX');
    expect(grouping).toBeUndefined();
    expect(server.commands.join('\n')).not.toMatch(/THREAD|X-GM-/);
    const threads = threadsFromServer(grouping, page.envelopes, {});
    expect(threads.threads.map((t) => t.envelopes.map((e) => e.subject))).toEqual([
      ['charlie'],
      ['bravo'],
      ['alpha'],
    ]);
  });
});
