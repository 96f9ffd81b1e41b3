/**
 * The Maildir header cache (on by default, kept outside the Maildir): same envelopes, fewer
 * reads, nothing written under the Maildir root, never wrong or fatal.
 */
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MaildirBackend } from '../../../src/backends/maildir/index.js';
import { listEnvelopes } from '../../../src/backends/maildir/listing.js';
import { openStore } from '../../../src/backends/maildir/coroutines.js';
import {
  cacheKey,
  decodeIndex,
  encodeIndex,
  encodeRecords,
  encodeRecord,
  headerFromRecord,
  parseRecords,
  recordsOf,
} from '../../../src/backends/maildir/header-cache.js';
import { drive, type FsRequest } from '../../../src/shared/coroutine.js';
import { performFs } from '../../../src/shared/fs-performer.js';

let root: string;
let cacheDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mailroom-hc-'));
  cacheDir = await mkdtemp(join(tmpdir(), 'mailroom-hc-cache-'));
  for (const s of ['cur', 'new', 'tmp']) await mkdir(join(root, s), { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(cacheDir, { recursive: true, force: true });
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

const stem = (): string => join(cacheDir, cacheKey(root));
const all = { pageSize: 1000 };
const cached = (): MaildirBackend => new MaildirBackend({ root, layout: 'maildir++', cacheDir });
const plain = (): MaildirBackend =>
  new MaildirBackend({ root, layout: 'maildir++', headerCache: false });

/** Every path under `dir` with its size and mtime: what a listing must leave unchanged. */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(e.parentPath, e.name);
    const s = await stat(path);
    out.push(`${path} ${s.size} ${s.mtimeMs}`);
  }
  return out.sort();
}

describe('maildir header cache', () => {
  it('lists the same envelopes as without it, writes nothing under the root, and is written once', async () => {
    await fill(plain(), 30);
    const expected = (await plain().listEnvelopes('INBOX', all)).envelopes;
    const before = await tree(root);
    const first = (await cached().listEnvelopes('INBOX', all)).envelopes;
    const index = await readFile(`${stem()}.idx`);
    expect(decodeIndex(index, root)?.lookup().size).toBe(30);
    const second = (await cached().listEnvelopes('INBOX', all)).envelopes;
    await cached().listEnvelopes('INBOX', { pageSize: 7 });
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
    expect(await readFile(`${stem()}.idx`)).toEqual(index); // unchanged folder: not rewritten
    expect(await tree(root)).toEqual(before);
    expect((await cached().listMailboxes()).map((m) => m.id)).toEqual(['INBOX']);
  });

  it('is on by default, under $XDG_CACHE_HOME/mailroom/maildir', async () => {
    const xdg = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cacheDir;
    try {
      await fill(plain(), 2);
      await new MaildirBackend({ root }).listEnvelopes('INBOX', all);
      const files = await readdir(join(cacheDir, 'mailroom', 'maildir'));
      expect(files.sort()).toEqual([`${cacheKey(root)}.idx`, `${cacheKey(root)}.rec`]);
    } finally {
      if (xdg === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = xdg;
    }
  });

  it('headerCache: false writes no cache', async () => {
    await fill(plain(), 3);
    await new MaildirBackend({ root, headerCache: false, cacheDir }).listEnvelopes('INBOX', all);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('is really used: a cached header is served without reading the file', async () => {
    const [id] = await fill(plain(), 3);
    await cached().listEnvelopes('INBOX', all);
    // Rewrite the file in place (the Maildir spec never does): the cache still answers.
    const name = (await readdir(join(root, 'cur'))).find((n) => n.startsWith(id as string));
    await writeFile(join(root, 'cur', name as string), msg(99));
    const again = (await cached().listEnvelopes('INBOX', all)).envelopes.find((e) => e.id === id);
    expect(again?.subject).toBe('message 0');
  });

  it('follows arrivals, removals and flag changes', async () => {
    const store = cached();
    const ids = await fill(store, 10);
    await store.listEnvelopes('INBOX', all);
    await store.deleteMessages('INBOX', [ids[0] as string, ids[1] as string]);
    await store.storeFlags('INBOX', [ids[2] as string], 'add', ['flagged']);
    const late = await store.addMessage('INBOX', msg(50, 'Tue, 3 Mar 2026 09:00:00 +0000'));
    const listed = (await store.listEnvelopes('INBOX', all)).envelopes;
    expect(listed).toEqual((await plain().listEnvelopes('INBOX', all)).envelopes);
    expect(listed.map((e) => e.id)).not.toContain(ids[0]);
    expect(listed.map((e) => e.id)).toContain(late);
    expect(listed.find((e) => e.id === ids[2])?.flags).toContain('flagged');
    expect(decodeIndex(await readFile(`${stem()}.idx`), root)?.lookup().size).toBe(9);
  });

  it('a page builds the cache; later pages read the index and their own files only', async () => {
    await fill(plain(), 23);
    const fresh = (await plain().listEnvelopes('INBOX', all)).envelopes;
    const first = await cached().listEnvelopes('INBOX', { pageSize: 5 }); // builds it
    expect(first.envelopes).toEqual(fresh.slice(0, 5));
    expect(decodeIndex(await readFile(`${stem()}.idx`), root)?.lookup().size).toBe(23);
    await plain().addMessage('INBOX', msg(77, 'Sat, 28 Feb 2026 10:00:00 +0000')); // one miss
    const now = (await plain().listEnvelopes('INBOX', all)).envelopes;
    const paged = [];
    for (let page = 1; page <= 5; page++)
      paged.push(...(await cached().listEnvelopes('INBOX', { page, pageSize: 5 })).envelopes);
    expect(paged).toEqual(now);

    // Warm: the page's files and the cache index are the only files read.
    const store = await drive(openStore(root, { layout: 'maildir++' }), performFs);
    store.headerCache = { dir: cacheDir, realRoot: root, maxBytes: 1 << 30 };
    const read: string[] = [];
    const perform = (r: FsRequest): Promise<unknown> => {
      if (r.type === 'readFile') read.push(...r.paths);
      return performFs(r);
    };
    const page = await drive(listEnvelopes(store, 'INBOX', { page: 2, pageSize: 5 }), perform);
    expect(page.envelopes).toEqual(now.slice(5, 10));
    const messageReads = read.filter((p) => p.startsWith(root) && !p.endsWith('dovecot-keywords'));
    expect(messageReads).toHaveLength(5);
    expect(read.filter((p) => p.startsWith(cacheDir))).toEqual([`${stem()}.idx`]);

    // A page wrote the index alone (no records); the next whole listing fills the records in.
    const before = decodeIndex(await readFile(`${stem()}.idx`), root);
    expect(before?.recs.every((r) => r === -1)).toBe(true);
    expect((await cached().listEnvelopes('INBOX', all)).envelopes).toEqual(now);
    const after = decodeIndex(await readFile(`${stem()}.idx`), root);
    expect(after?.count).toBe(24);
    expect(after?.recs.every((r) => r >= 0)).toBe(true);
    expect((await cached().listEnvelopes('INBOX', all)).envelopes).toEqual(now);
  });

  it('a damaged or foreign cache is ignored and rewritten; an unwritable one costs nothing', async () => {
    await fill(plain(), 5);
    const expected = (await plain().listEnvelopes('INBOX', all)).envelopes;
    await cached().listEnvelopes('INBOX', all);
    for (const damage of ['idx', 'rec']) {
      await writeFile(`${stem()}.${damage}`, Buffer.from('not a cache at all'));
      expect((await cached().listEnvelopes('INBOX', all)).envelopes).toEqual(expected);
      expect(decodeIndex(await readFile(`${stem()}.idx`), root)?.lookup().size).toBe(5);
    }
    // Another folder's index under this folder's key (a hash collision): not used.
    const other = encodeIndex('/elsewhere', '', [], new Float64Array(0));
    expect(decodeIndex(other, root)).toBeUndefined();
    // The cache directory is a file: nothing can be written, the listing still succeeds.
    const blocked = join(cacheDir, 'blocked');
    await writeFile(blocked, '');
    const store = new MaildirBackend({ root, cacheDir: join(blocked, 'sub') });
    expect((await store.listEnvelopes('INBOX', all)).envelopes).toEqual(expected);
    expect((await store.listEnvelopes('INBOX', { pageSize: 2 })).envelopes).toEqual(
      expected.slice(0, 2),
    );
  });

  it('a folder is keyed by its real path: a symlinked root shares the cache', async () => {
    await fill(plain(), 4);
    const link = `${root}-link`;
    await symlink(root, link);
    try {
      await new MaildirBackend({ root: link, cacheDir }).listEnvelopes('INBOX', all);
      expect(decodeIndex(await readFile(`${stem()}.idx`), root)?.lookup().size).toBe(4);
      expect((await readdir(cacheDir)).length).toBe(2);
    } finally {
      await rm(link);
    }
  });

  it('the directory is kept under its bound: least recently written caches go first', async () => {
    const make = async (name: string, n: number): Promise<string> => {
      const dir = join(root, name);
      for (const s of ['cur', 'new', 'tmp']) await mkdir(join(dir, s), { recursive: true });
      const store = new MaildirBackend({ root: dir, layout: 'maildir++', headerCache: false });
      for (let i = 0; i < n; i++) await store.addMessage('INBOX', msg(i));
      return dir;
    };
    const dirs = [await make('a', 40), await make('b', 40), await make('c', 40)];
    const listWithBound = async (dir: string, maxBytes: number): Promise<void> => {
      const store = await drive(openStore(dir, { layout: 'maildir++' }), performFs);
      store.headerCache = { dir: cacheDir, realRoot: dir, maxBytes };
      await drive(listEnvelopes(store, 'INBOX', all), performFs);
    };
    for (const dir of dirs) await listWithBound(dir, 1 << 30);
    const sizes = await Promise.all(
      (await readdir(cacheDir)).map(async (f) => (await stat(join(cacheDir, f))).size),
    );
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(sizes).toHaveLength(6);
    // a written long ago, b later: a is the least recently written.
    for (const [dir, seconds] of [
      [dirs[0], 1000],
      [dirs[1], 2000],
    ] as const)
      for (const ext of ['idx', 'rec'])
        await utimes(join(cacheDir, `${cacheKey(dir as string)}.${ext}`), seconds, seconds);
    // c changes and is rewritten under a bound that holds two folders' caches: a goes.
    await writeFile(join(dirs[2] as string, 'new', '1.M1P1.h'), msg(1));
    await listWithBound(dirs[2] as string, Math.ceil(total * 0.75));
    const left = (await readdir(cacheDir)).map((f) => f.replace(/\..*$/, ''));
    expect(new Set(left)).toEqual(
      new Set([cacheKey(dirs[1] as string), cacheKey(dirs[2] as string)]),
    );
  });
});

describe('cache decoding on arbitrary bytes', () => {
  it('never throws: garbage, truncations and bit flips read as no cache or a miss', async () => {
    const fc = (await import('fast-check')).default;
    const header = {
      subject: 's',
      from: [{ email: 'a@b' }],
      to: [],
      cc: [],
      bcc: [],
      hasAttachment: false,
      date: new Date(1_700_000_000_000),
    };
    const recs = encodeRecords('gen1', [
      encodeRecord({ ...header }),
      encodeRecord({ ...header, subject: 't' }),
    ]);
    const entries = [
      { unique: '2.M1P1.host', size: 11, time: 5, rec: 1 },
      { unique: '1.M1P1.host', size: 10, time: 1, rec: 0 },
    ];
    const real = { index: encodeIndex('/f', 'gen1', entries, recs.ends), records: recs.bytes };
    const index = decodeIndex(real.index, '/f');
    expect(index?.names()).toEqual(['2.M1P1.host', '1.M1P1.host']);
    expect([...(index?.eachName() ?? [])]).toEqual(['2.M1P1.host', '1.M1P1.host']);
    const records = index === undefined ? undefined : recordsOf(real.records, index);
    const parsed = records === undefined ? undefined : parseRecords(records, 2);
    expect(headerFromRecord(parsed?.[0])).toEqual(header);
    expect(headerFromRecord(parsed?.[1])?.subject).toBe('t');
    const mangle = (bytes: Uint8Array) =>
      fc.oneof(
        fc.uint8Array({ maxLength: 200 }),
        fc.nat(bytes.length).map((n) => bytes.subarray(0, n)),
        fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
          const copy = Uint8Array.from(bytes);
          copy[i] = (copy[i] as number) ^ x;
          return copy;
        }),
      );
    fc.assert(
      fc.property(mangle(real.index), mangle(real.records), (idx, rec) => {
        const i = decodeIndex(idx, '/f');
        if (i === undefined) return;
        const r = recordsOf(rec, i);
        if (r === undefined) return;
        for (const value of parseRecords(r, i.ends.length) ?? []) headerFromRecord(value);
        expect([...i.eachName()]).toHaveLength(i.count);
        i.lookup();
      }),
      { numRuns: 2000 },
    );
  });
});
