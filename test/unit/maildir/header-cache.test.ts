/** The optional per-folder header cache: same envelopes, fewer reads, never wrong or fatal. */
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MaildirBackend } from '../../../src/backends/maildir/index.js';
import { decodeCache } from '../../../src/backends/maildir/header-cache.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mailroom-hc-'));
  for (const s of ['cur', 'new', 'tmp']) await mkdir(join(root, s), { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const msg = (i: number, date?: string): string =>
  `From: =?utf-8?Q?J=C3=BCrgen?= <j${i}@example.org>\r\nTo: a@example.org, b@example.org\r\n` +
  `Subject: message ${i}\r\nMessage-ID: <m${i}@example.org>\r\n` +
  (date === undefined ? '' : `Date: ${date}\r\n`) +
  `\r\nbody ${i}\r\n`;

async function fill(store: MaildirBackend, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const date = i % 4 === 0 ? undefined : `Mon, ${1 + (i % 27)} Feb 2026 10:00:00 +0000`;
    ids.push(await store.addMessage('INBOX', msg(i, date), { flags: i % 3 === 0 ? ['seen'] : [] }));
  }
  return ids;
}

const cachePath = (): string => join(root, 'mailroom-cache');
const all = { pageSize: 1000 };

describe('maildir header cache', () => {
  it('lists the same envelopes as without it, and writes the cache once', async () => {
    const plain = new MaildirBackend({ root, layout: 'maildir++' });
    const cached = new MaildirBackend({ root, layout: 'maildir++', headerCache: true });
    await fill(plain, 30);
    const expected = (await plain.listEnvelopes('INBOX', all)).envelopes;
    const first = (await cached.listEnvelopes('INBOX', all)).envelopes;
    const bytes = await readFile(cachePath());
    expect(decodeCache(bytes)?.index.size).toBe(30);
    const second = (await cached.listEnvelopes('INBOX', all)).envelopes;
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
    expect(await readFile(cachePath())).toEqual(bytes); // unchanged folder: not rewritten
    expect((await cached.listMailboxes()).map((m) => m.id)).toEqual(['INBOX']);
  });

  it('is really used: a cached header is served without reading the file', async () => {
    const store = new MaildirBackend({ root, layout: 'maildir++', headerCache: true });
    const [id] = await fill(store, 3);
    await store.listEnvelopes('INBOX', all);
    // Rewrite the file in place (the Maildir spec never does): the cache still answers.
    const name = (await readdir(join(root, 'cur'))).find((n) => n.startsWith(id as string));
    await writeFile(join(root, 'cur', name as string), msg(99));
    const again = (await store.listEnvelopes('INBOX', all)).envelopes.find((e) => e.id === id);
    expect(again?.subject).toBe('message 0');
  });

  it('follows arrivals, removals and flag changes', async () => {
    const store = new MaildirBackend({ root, layout: 'maildir++', headerCache: true });
    const ids = await fill(store, 10);
    await store.listEnvelopes('INBOX', all);
    await store.deleteMessages('INBOX', [ids[0] as string, ids[1] as string]);
    await store.storeFlags('INBOX', [ids[2] as string], 'add', ['flagged']);
    const late = await store.addMessage('INBOX', msg(50, 'Tue, 3 Mar 2026 09:00:00 +0000'));
    const listed = (await store.listEnvelopes('INBOX', all)).envelopes;
    const plain = (await new MaildirBackend({ root }).listEnvelopes('INBOX', all)).envelopes;
    expect(listed).toEqual(plain);
    expect(listed.map((e) => e.id)).not.toContain(ids[0]);
    expect(listed.map((e) => e.id)).toContain(late);
    expect(listed.find((e) => e.id === ids[2])?.flags).toContain('flagged');
    expect(decodeCache(await readFile(cachePath()))?.index.size).toBe(9);
  });

  it('pages ordered from cached dates equal slices of the full listing', async () => {
    const store = new MaildirBackend({ root, layout: 'maildir++', headerCache: true });
    await fill(store, 23);
    const full = (await store.listEnvelopes('INBOX', all)).envelopes; // writes the cache
    await store.addMessage('INBOX', msg(77, 'Sat, 28 Feb 2026 10:00:00 +0000')); // one miss
    const fresh = (await new MaildirBackend({ root }).listEnvelopes('INBOX', all)).envelopes;
    const paged = [];
    for (let page = 1; page <= 5; page++)
      paged.push(...(await store.listEnvelopes('INBOX', { page, pageSize: 5 })).envelopes);
    expect(full).toHaveLength(23);
    expect(paged).toEqual(fresh);
  });

  it('a corrupt cache is ignored and rewritten; an unwritable one costs nothing', async () => {
    const store = new MaildirBackend({ root, layout: 'maildir++', headerCache: true });
    await fill(store, 5);
    const expected = (await new MaildirBackend({ root }).listEnvelopes('INBOX', all)).envelopes;
    await writeFile(cachePath(), Buffer.from('not a cache at all'));
    expect((await store.listEnvelopes('INBOX', all)).envelopes).toEqual(expected);
    expect(decodeCache(await readFile(cachePath()))?.index.size).toBe(5);
    // tmp/ replaced by a file: the cache cannot be staged, the listing still succeeds.
    await rm(cachePath());
    await rename(join(root, 'tmp'), join(root, 'tmp-away'));
    await writeFile(join(root, 'tmp'), '');
    expect((await store.listEnvelopes('INBOX', all)).envelopes).toEqual(expected);
    await expect(readFile(cachePath())).rejects.toThrow();
  });
});

describe('decodeCache on arbitrary bytes', () => {
  it('never throws: garbage, truncations and bit flips of a real cache read as no cache', async () => {
    const fc = (await import('fast-check')).default;
    const { encodeCache } = await import('../../../src/backends/maildir/header-cache.js');
    const real = encodeCache([
      {
        unique: '1.M1P1.host',
        size: 10,
        header: {
          subject: 's',
          from: [{ email: 'a@b' }],
          to: [],
          cc: [],
          bcc: [],
          hasAttachment: false,
        },
      },
    ]);
    expect(decodeCache(real)?.envelopes()?.[0]?.subject).toBe('s');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.nat(real.length).map((n) => real.subarray(0, n)),
          fc.tuple(fc.nat(real.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
            const copy = Uint8Array.from(real);
            copy[i] = (copy[i] as number) ^ x;
            return copy;
          }),
        ),
        (bytes) => {
          const cache = decodeCache(bytes);
          cache?.envelopes(); // may be undefined, must not throw
        },
      ),
      { numRuns: 2000 },
    );
  });
});
