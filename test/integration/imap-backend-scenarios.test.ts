/**
 * The shared storage scenarios against the IMAP backend on Dovecot (STARTTLS on imap://, the
 * test CA) and Cyrus, plus the delete test: deleting one message must leave another
 * message that already carried \Deleted untouched (UID EXPUNGE, never a plain EXPUNGE).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ImapBackend } from '../../src/backends/imap/index.js';
import { runStorageScenarios, type ScenarioContext } from '../scenarios/storage.js';
import type { ScenarioQuirks } from '../scenarios/context.js';
import { servers } from '../servers/coordinates.js';

function dovecotBackend(): ImapBackend {
  const { host, dovecot } = servers();
  const [user] = dovecot.users;
  return new ImapBackend({
    url: `imap://${host}:${dovecot.imapPort}`,
    auth: { user: user.user, password: user.password },
    tls: { ca: readFileSync(dovecot.caFile, 'utf8'), servername: 'localhost' },
  });
}

function cyrusBackend(): ImapBackend {
  const { host, cyrus } = servers();
  const [user] = cyrus.users;
  return new ImapBackend({
    url: `imap://${host}:${cyrus.imapPort}`,
    auth: { user: user.user, password: user.password },
    tls: { ca: readFileSync(cyrus.caFile, 'utf8'), servername: 'localhost' },
  });
}

async function context(
  backend: ImapBackend,
  quirks: ScenarioQuirks = {},
): Promise<ScenarioContext> {
  const inbox = (await backend.listMailboxes()).find((b) => b.role === 'inbox');
  return {
    backend,
    cleanup: () => backend.close(),
    quirks,
    ...(inbox === undefined ? {} : { inbox: inbox.id }),
  };
}

runStorageScenarios('imap (Dovecot, STARTTLS)', () => context(dovecotBackend()));
runStorageScenarios('imap (Cyrus)', () => context(cyrusBackend()));

describe('imap backend: deleteMessages expunges only the given UIDs', () => {
  const backend = dovecotBackend();
  afterAll(() => backend.close());

  it('leaves another message that carried \\Deleted untouched', async () => {
    const name = `mr-del-${Date.now().toString(36)}`;
    const box = await backend.createMailbox([name]);
    try {
      const raw = (subject: string): string =>
        `From: a@example.org\r\nTo: b@example.org\r\nSubject: ${subject}\r\nMessage-ID: <${subject}.${name}@example.org>\r\n\r\nbody\r\n`;
      const keep = await backend.addMessage(box.id, raw('keep'), { flags: ['deleted'] });
      const drop = await backend.addMessage(box.id, raw('drop'));
      await backend.deleteMessages(box.id, [drop]);
      const left = (await backend.listEnvelopes(box.id)).envelopes;
      expect(left.map((e) => e.id)).toEqual([keep]);
      expect(left[0]?.flags).toEqual(['deleted']);
    } finally {
      await backend.deleteMailbox(box.id);
    }
  });

  it('reconnects transparently for the next call after the connection drops', async () => {
    await backend.listMailboxes();
    // Reach into the link only to simulate a drop; the public API must recover by itself.
    const link = (backend as unknown as { link: { connection(): Promise<{ session: unknown }> } })
      .link;
    const conn = (await link.connection()) as unknown as { fail(e: unknown): void };
    conn.fail(new Error('simulated drop'));
    const boxes = await backend.listMailboxes();
    expect(boxes.some((b) => b.role === 'inbox')).toBe(true);
  });
});

describe('imap backend: every diff strategy gives the same buckets', () => {
  const message = (subject: string, tag: string): string =>
    `From: a@example.org\r\nTo: b@example.org\r\nSubject: ${subject}\r\nMessage-ID: <${subject}.${tag}@example.org>\r\n\r\nbody\r\n`;

  for (const diff of ['plain', 'condstore', 'qresync'] as const) {
    it(`diff: '${diff}'`, async () => {
      const { host, dovecot } = servers();
      const [user] = dovecot.users;
      const backend = new ImapBackend({
        url: `imap://${host}:${dovecot.imapPort}`,
        auth: { user: user.user, password: user.password },
        tls: { ca: readFileSync(dovecot.caFile, 'utf8'), servername: 'localhost' },
        diff,
      });
      const tag = `${diff}-${Date.now().toString(36)}`;
      const box = await backend.createMailbox([`mr-diff-${tag}`]);
      try {
        const a = await backend.addMessage(box.id, message('a', tag));
        const b = await backend.addMessage(box.id, message('b', tag), { flags: ['seen'] });
        const c = await backend.addMessage(box.id, message('c', tag));
        const first = await backend.diffEnvelopes(box.id);
        expect(first.reset).toBe(true);
        expect(first.added.map((e) => e.id).sort()).toEqual([a, b, c].sort());

        const d = await backend.addMessage(box.id, message('d', tag), { flags: ['flagged'] });
        await backend.deleteMessages(box.id, [b]);
        await backend.storeFlags(box.id, [a], 'add', ['answered']);
        // a forged state with another UIDVALIDITY must reset
        const forged = first.state.replace(/^imap1\.\d+/, 'imap1.1');
        expect((await backend.diffEnvelopes(box.id, forged)).reset).toBe(true);

        const next = await backend.diffEnvelopes(box.id, first.state);
        expect(next.reset).toBe(false);
        expect(next.added.map((e) => [e.id, e.subject, e.flags])).toEqual([[d, 'd', ['flagged']]]);
        expect(next.removed).toEqual([b]);
        expect(next.flagsChanged).toEqual([{ id: a, flags: ['answered'] }]);

        const quiet = await backend.diffEnvelopes(box.id, next.state);
        expect([quiet.added, quiet.removed, quiet.flagsChanged]).toEqual([[], [], []]);
      } finally {
        await backend.deleteMailbox(box.id);
        await backend.close();
      }
    });
  }
});

describe('imap backend: a whole-mailbox page sorted locally matches UID SORT', () => {
  for (const [server, make] of [
    ['Dovecot', dovecotBackend],
    ['Cyrus', cyrusBackend],
  ] as const) {
    it(`${server}: same order as the SORT path (dates out of UID order, missing, unparsable, equal)`, async () => {
      const backend = make();
      const name = `mr-sort-${Date.now().toString(36)}`;
      const box = await backend.createMailbox([name]);
      try {
        const dates = [
          'Tue, 3 Jan 2023 10:00:00 +0000',
          undefined,
          'Mon, 2 Jan 2023 10:00:00 -0500', // 15:00 UTC: after the +0000 one below
          'not a date at all',
          'Mon, 2 Jan 2023 12:00:00 +0000',
          'Tue, 3 Jan 2023 10:00:00 +0000', // equal to the first: arrival decides
          'Sun, 1 Jan 2023 10:00:00 +0000',
        ];
        for (const [i, date] of dates.entries()) {
          const raw =
            `From: a@example.org\r\nSubject: s${i}\r\n` +
            (date === undefined ? '' : `Date: ${date}\r\n`) +
            `Message-ID: <s${i}.${name}@example.org>\r\n\r\nbody ${i}\r\n`;
          await backend.addMessage(box.id, raw, {
            receivedAt: new Date(Date.UTC(2022, 11, 1 + i)),
          });
        }
        const whole = await backend.listEnvelopes(box.id, { pageSize: 50 });
        expect(whole.total).toBe(dates.length);
        const paged = [];
        for (let page = 1; page <= 4; page++)
          paged.push(...(await backend.listEnvelopes(box.id, { page, pageSize: 2 })).envelopes);
        expect(whole.envelopes.map((e) => e.subject)).toEqual(paged.map((e) => e.subject));
      } finally {
        await backend.deleteMailbox(box.id);
        await backend.close();
      }
    });
  }
});
