/** Maildir-specific behaviour on a real temporary directory (the shared scenarios cover the API). */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MaildirBackend } from '../../../src/backends/maildir/index.js';
import {
  parseFileName,
  formatFileName,
  safeHostname,
} from '../../../src/backends/maildir/filename.js';
import {
  decodeModifiedUtf7 as decodeMutf7,
  encodeModifiedUtf7 as encodeMutf7,
} from '../../../src/shared/mutf7.js';
import { MailError } from '../../../src/shared/errors.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mailroom-md-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const msg = (subject: string, date = 'Sat, 21 Nov 2026 10:00:00 +0000') =>
  `From: A <a@x.org>\r\nTo: b@y.org\r\nSubject: ${subject}\r\nDate: ${date}\r\n\r\nbody\r\n`;

async function maildir(dir: string): Promise<void> {
  for (const s of ['cur', 'new', 'tmp']) await mkdir(join(dir, s), { recursive: true });
}

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(MailError);
    return (e as MailError).code;
  }
}

describe('file names', () => {
  it('splits info at ":2," and never at the last comma', () => {
    expect(parseFileName('1.M1P2.host,S=1234')).toEqual({
      unique: '1.M1P2.host,S=1234',
      letters: '',
      hasInfo: false,
      size: 1234,
    });
    expect(parseFileName('1.h,S=5,W=6:2,FSa').letters).toBe('FSa');
    expect(formatFileName('u', 'TSbRaDF')).toBe('u:2,DFRSTab');
    expect(safeHostname('a/b:c')).toBe('a\\057b\\072c');
  });

  it('round-trips modified UTF-7 folder names', () => {
    expect(encodeMutf7('Entwürfe & Co')).toBe('Entw&APw-rfe &- Co');
    expect(decodeMutf7('Entw&APw-rfe &- Co')).toBe('Entwürfe & Co');
  });
});

describe('addMessage', () => {
  it('addMessage into a missing mailbox (or one without cur/) is ERR_NOT_FOUND and leaves nothing', async () => {
    await maildir(root);
    const store = new MaildirBackend({ root, layout: 'maildir++' });
    expect(await code(store.addMessage('Nope', msg('a')))).toBe('ERR_NOT_FOUND');
    expect(await code(store.addMessage('Nope', msg('a'), { flags: ['Todo'] }))).toBe(
      'ERR_NOT_FOUND',
    );
    await mkdir(join(root, '.Half', 'tmp'), { recursive: true }); // tmp/ only: not a mailbox
    expect(await code(store.addMessage('Half', msg('b'), { flags: ['seen'] }))).toBe(
      'ERR_NOT_FOUND',
    );
    expect(await readdir(join(root, '.Half', 'tmp'))).toEqual([]);
    expect(await readdir(root)).toEqual(expect.not.arrayContaining(['.Nope']));
  });
});

describe('Maildir++ store', () => {
  it('detects the layout, finds roles, and its ids round-trip', async () => {
    await maildir(root);
    for (const f of [
      '.Sent',
      '.Drafts',
      '.Trash',
      '.Junk',
      '.Archive',
      '.Foo.Bar',
      '.Entw&APw-rfe',
    ])
      await maildir(join(root, f));
    const b = new MaildirBackend({ root });
    const boxes = await b.listMailboxes();
    expect(boxes.map((m) => [m.id, m.role])).toEqual([
      ['INBOX', 'inbox'],
      ['Archive', 'archive'],
      ['Drafts', 'drafts'],
      ['Entwürfe', undefined],
      ['Foo/Bar', undefined],
      ['Junk', 'junk'],
      ['Sent', 'sent'],
      ['Trash', 'trash'],
    ]);
    for (const box of boxes) expect((await b.listEnvelopes(box.id)).envelopes).toEqual([]);
  });

  it('rejects names that would escape the root', async () => {
    const b = new MaildirBackend({ root, create: true });
    for (const bad of ['..', '../x', '/etc', 'a\0b', 'a/../b', 'a.b'])
      expect(await code(b.createMailbox(bad))).toBe('ERR_INVALID_ARGUMENT');
    expect(await code(b.createMailbox(['a/b']))).toBe('ERR_INVALID_ARGUMENT');
    expect(await code(b.listEnvelopes('../..'))).toBe('ERR_INVALID_ARGUMENT');
    expect(await readdir(root)).toEqual(['cur', 'new', 'tmp']);
  });

  it('keeps keywords in dovecot-keywords, moves new/ to cur/ on flag change, really deletes', async () => {
    const b = new MaildirBackend({ root, create: true });
    const id = await b.addMessage('INBOX', msg('one'));
    expect(await readdir(join(root, 'new'))).toEqual([id]);
    await b.storeFlags('INBOX', [id], 'add', ['Work', 'seen', 'junk']);
    expect(await readdir(join(root, 'new'))).toEqual([]);
    expect(await readdir(join(root, 'cur'))).toEqual([`${id}:2,Sab`]);
    expect(await readFile(join(root, 'dovecot-keywords'), 'utf8')).toBe('0 $Junk\n1 Work\n');
    const [env] = (await b.listEnvelopes('INBOX')).envelopes;
    expect(env?.flags).toEqual(['seen', 'junk', 'Work']);
    await b.storeFlags('INBOX', [id], 'remove', ['work']);
    expect(await readdir(join(root, 'cur'))).toEqual([`${id}:2,Sa`]);
    await b.deleteMessages('INBOX', [id]);
    expect(await readdir(join(root, 'cur'))).toEqual([]);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('allocates keyword slots under the dotlock when writers race', async () => {
    const b1 = new MaildirBackend({ root, create: true });
    await b1.listMailboxes(); // creates the root Maildir
    const b2 = new MaildirBackend({ root });
    const words = Array.from({ length: 8 }, (_, i) => `Kw${i}`);
    const ids = await Promise.all(
      words.map((w, i) => (i % 2 === 0 ? b1 : b2).addMessage('INBOX', msg(w), { flags: [w] })),
    );
    const envs = (await b1.listEnvelopes('INBOX')).envelopes;
    for (const [i, id] of ids.entries())
      expect(envs.find((e) => e.id === id)?.flags).toEqual([words[i]]);
    expect((await readFile(join(root, 'dovecot-keywords'), 'utf8')).split('\n').length).toBe(9);
    expect(await readdir(root)).not.toContain('dovecot-keywords.lock');
  });

  it('copy and move keep flags (remapping keyword letters) and mint fresh names', async () => {
    const b = new MaildirBackend({ root, create: true });
    await b.createMailbox('Other');
    await writeFile(join(root, '.Other', 'dovecot-keywords'), '0 Unrelated\n');
    const id = await b.addMessage('INBOX', msg('copy me'), { flags: ['flagged', 'Todo'] });
    const copied = await b.copyMessages('INBOX', [id], 'Other');
    const copyId = copied[id] as string;
    expect(copyId).not.toBe(id);
    const moved = await b.moveMessages('INBOX', [id], 'Other');
    const movedId = moved[id] as string;
    expect(new Set([copyId, movedId, id]).size).toBe(3);
    expect((await b.listEnvelopes('INBOX')).envelopes).toEqual([]);
    const other = (await b.listEnvelopes('Other')).envelopes;
    expect(other.map((e) => e.flags)).toEqual([
      ['flagged', 'Todo'],
      ['flagged', 'Todo'],
    ]);
    expect(await readdir(join(root, '.Other', 'cur'))).toContain(`${copyId}:2,Fb`);
    expect(await b.getMessage('Other', movedId)).toEqual(new TextEncoder().encode(msg('copy me')));
  });

  it('lists files that are not valid messages with best-effort envelopes', async () => {
    await maildir(root);
    const files: [string, Uint8Array | string][] = [
      ['1.empty', ''],
      ['2.binary', Uint8Array.from({ length: 4000 }, (_, i) => (i * 37) % 256)],
      ['3.noheaders', 'just a body line\nanother\n'],
      ['4.latin1', Uint8Array.from([...Buffer.from('Subject: caf'), 0xe9, 10, 10, 0x41])],
      ['5.broken', 'Subject: =?utf-8?B?!!!?= =?bogus?Q?x?=\nFrom: <<<@@@\nDate: not a date\n\nx'],
      ['6.hugeheader', `X-Big: ${'a'.repeat(600 * 1024)}\nSubject: late\n\nbody`],
    ];
    for (const [name, content] of files) await writeFile(join(root, 'cur', `${name}:2,S`), content);
    const b = new MaildirBackend({ root });
    const page = await b.listEnvelopes('INBOX', { pageSize: 100, counts: true });
    expect(page.total).toBe(6);
    const subjects = new Map(page.envelopes.map((e) => [e.id, e.subject]));
    expect(subjects.get('4.latin1')).toBe('café');
    expect(subjects.get('5.broken')).toBe('=?utf-8?B?!!!?= =?bogus?Q?x?=');
    expect(page.envelopes.find((e) => e.id === '6.hugeheader')?.size).toBeGreaterThan(600 * 1024);
  });

  it('sorts newest first by Date, then arrival, and paginates', async () => {
    const b = new MaildirBackend({ root, create: true });
    const ids = [];
    for (const [i, date] of [
      '1 Jan 2020 00:00 +0000',
      '1 Jan 2024 00:00 +0000',
      '1 Jan 2022 00:00 +0000',
    ].entries())
      ids.push(await b.addMessage('INBOX', msg(`m${i}`, date)));
    const p1 = await b.listEnvelopes('INBOX', { page: 1, pageSize: 2, counts: true });
    const p2 = await b.listEnvelopes('INBOX', { page: 2, pageSize: 2 });
    expect(p1.envelopes.map((e) => e.subject)).toEqual(['m1', 'm2']);
    expect(p2.envelopes.map((e) => e.subject)).toEqual(['m0']);
    expect(p1.total).toBe(3);
    expect(await code(b.listEnvelopes('INBOX', { page: 0 }))).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('fs layout', () => {
  it('nests directories and auto-detects them', async () => {
    await maildir(root);
    await maildir(join(root, 'Work', 'Projects'));
    const b = new MaildirBackend({ root });
    expect((await b.listMailboxes()).map((m) => m.id)).toEqual(['INBOX', 'Work/Projects']);
    await b.createMailbox(['Work', 'Done']);
    await b.renameMailbox('Work/Done', 'Archive');
    expect((await b.listMailboxes()).map((m) => [m.id, m.role])).toEqual([
      ['INBOX', 'inbox'],
      ['Archive', 'archive'],
      ['Work/Projects', undefined],
    ]);
    expect(await code(b.deleteMailbox('INBOX'))).toBe('ERR_INVALID_ARGUMENT');
  });
});

describe('receivedAt', () => {
  it('copy and move keep the source receivedAt (the unique name time)', async () => {
    await maildir(root);
    const store = new MaildirBackend({ root, layout: 'maildir++' });
    await store.createMailbox('Keep');
    const when = new Date('2020-02-03T04:05:06.000Z');
    const id = await store.addMessage('INBOX', msg('dated'), { receivedAt: when });
    const copies = await store.copyMessages('INBOX', [id], 'Keep');
    const moved = await store.moveMessages('Keep', [copies[id] as string], 'INBOX');
    const all = (await store.listEnvelopes('INBOX')).envelopes;
    expect(all).toHaveLength(2);
    expect(all.map((e) => e.receivedAt?.toISOString())).toEqual([
      when.toISOString(),
      when.toISOString(),
    ]);
    expect(new Set(all.map((e) => e.id)).size).toBe(2);
    expect(all.map((e) => e.id)).toContain(moved[copies[id] as string]);
  });
});

describe('paged listing of a big folder', () => {
  it('pages ordered from sort keys equal slices of the full listing', async () => {
    await maildir(root);
    const store = new MaildirBackend({ root, layout: 'maildir++' });
    const days = ['Mon, 1 Jan 2024', 'Tue, 2 Jan 2024', 'Wed, 3 Jan 2024'];
    for (let i = 0; i < 61; i++) {
      // equal dates, missing dates, zones that reorder, unparsable dates
      const date =
        i % 7 === 0
          ? undefined
          : i % 11 === 0
            ? 'not a date'
            : `${days[i % 3]} 10:00:00 ${i % 2 === 0 ? '+0000' : '-0300'}`;
      const raw =
        `Subject: m${i}\r\n` +
        (date === undefined ? '' : `Date: ${date}\r\n`) +
        `\r\nbody ${i}\r\n`;
      await store.addMessage('INBOX', raw, {
        receivedAt: new Date(Date.UTC(2023, 0, 1 + (i % 5))),
      });
    }
    const full = (await store.listEnvelopes('INBOX', { pageSize: 1000 })).envelopes;
    expect(full).toHaveLength(61);
    const paged = [];
    for (let page = 1; page <= 9; page++) {
      const p = await store.listEnvelopes('INBOX', { page, pageSize: 7, counts: true });
      expect(p.total).toBe(61);
      paged.push(...p.envelopes);
    }
    expect(paged).toEqual(full);
  });
});

describe('move across filesystems', () => {
  it('a folder on another filesystem (EXDEV) gets a copy first, then the source goes', async () => {
    await maildir(root);
    const store = new MaildirBackend({ root, layout: 'maildir++' });
    await store.createMailbox('Far');
    // Put .Far on tmpfs behind a symlink: rename(2) from INBOX now fails with EXDEV.
    const far = await mkdtemp(join('/dev/shm', 'mailroom-far-'));
    try {
      await cp(join(root, '.Far'), far, { recursive: true });
      await rm(join(root, '.Far'), { recursive: true });
      await symlink(far, join(root, '.Far'));
      const ids = [
        await store.addMessage('INBOX', msg('one'), { flags: ['seen', 'flagged'] }),
        await store.addMessage('INBOX', msg('two')),
      ];
      const moved = await store.moveMessages('INBOX', ids, 'Far');
      expect((await store.listEnvelopes('INBOX')).envelopes).toEqual([]);
      const there = (await store.listEnvelopes('Far')).envelopes;
      expect(there.map((e) => e.id).sort()).toEqual(ids.map((id) => moved[id]).sort());
      const one = there.find((e) => e.subject === 'one');
      expect([...(one?.flags ?? [])].sort()).toEqual(['flagged', 'seen']);
      expect(new TextDecoder().decode(await store.getMessage('Far', one?.id ?? ''))).toContain(
        'Subject: one',
      );
      expect(await readdir(join(root, 'cur'))).toEqual([]);
    } finally {
      await rm(far, { recursive: true, force: true });
    }
  });
});
