import { HEADER_LIMIT } from '../../../src/shared/header-blocks.js';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEnvelopes } from '../../../src/backends/m2dir/envelopes.js';
import { drive, type FsRequest } from '../../../src/shared/coroutine.js';
import { performFs } from '../../../src/shared/fs-performer.js';
import { checksumOf } from '../../../src/backends/m2dir/checksum.js';
import { crlf, message, rejectsWith, tempStore } from './helpers.js';

const entryFile = async (dir: string, id: string): Promise<string> => {
  const name = (await readdir(dir)).find((n) => n.endsWith(`,${id}`));
  if (name === undefined) throw new Error(`no entry ${id}`);
  return join(dir, name);
};

describe('entries on disk', () => {
  it('are named <Date header in its own offset>,<checksum>.<nonce>', async () => {
    const { root, store } = await tempStore();
    const raw = message('named', 'Tue, 06 Jan 2026 10:30:00 -0500');
    const id = await store.addMessage('INBOX', raw);
    const bytes = new TextEncoder().encode(raw);
    expect(id.startsWith(`${checksumOf(bytes)}.`)).toBe(true);
    expect(await entryFile(join(root, 'INBOX'), id)).toContain(`2026-01-06T10:30:00-0500,${id}`);
    expect(await readFile(await entryFile(join(root, 'INBOX'), id))).toEqual(Buffer.from(bytes));
  });

  it('a changed file is ERR_CHECKSUM on getMessage, getMessageStream and copy, but still lists', async () => {
    const { root, store } = await tempStore();
    await store.createMailbox('Other');
    const id = await store.addMessage(
      'INBOX',
      message('tamper', 'Mon, 05 Jan 2026 09:00:00 +0000'),
    );
    const path = await entryFile(join(root, 'INBOX'), id);
    await writeFile(path, (await readFile(path, 'utf8')).replace('hello', 'HELLO'));
    await rejectsWith(store.getMessage('INBOX', id), 'ERR_CHECKSUM');
    await rejectsWith(store.getMessageStream('INBOX', id), 'ERR_CHECKSUM');
    await rejectsWith(store.copyMessages('INBOX', [id], 'Other'), 'ERR_CHECKSUM');
    expect((await store.listEnvelopes('Other')).envelopes).toEqual([]);
    expect((await store.listEnvelopes('INBOX')).envelopes.map((e) => e.subject)).toEqual([
      'tamper',
    ]);
  });

  it('unknown ids fail before anything is touched', async () => {
    const { store } = await tempStore();
    const id = await store.addMessage('INBOX', message('keep', 'Mon, 05 Jan 2026 09:00:00 +0000'));
    await rejectsWith(store.deleteMessages('INBOX', [id, 'nope.nope']), 'ERR_NOT_FOUND');
    await rejectsWith(store.storeFlags('INBOX', [id, '../x'], 'add', ['seen']), 'ERR_NOT_FOUND');
    const [e] = (await store.listEnvelopes('INBOX')).envelopes;
    expect(e).toMatchObject({ id, flags: [] });
  });
});

describe('listEnvelopes', () => {
  it('bad input still lists with best-effort envelopes', async () => {
    const { store } = await tempStore();
    const inputs = [
      'not a message at all',
      new Uint8Array([0, 1, 2, 255, 254, 10, 10, 0]),
      crlf(['Subject: =?UTF-8?B?broken', 'From: =?x?Q?', '', 'b']),
      crlf(['Subject: no date', '', 'b']),
      crlf([`X-Big: ${'a'.repeat(200_000)}`, 'Subject: long header', '', 'b']),
      crlf([`X-Big: ${'a'.repeat(1_100_000)}`, 'Subject: huge header', '', 'b']),
      '',
    ];
    for (const raw of inputs) await store.addMessage('INBOX', raw);
    const page = await store.listEnvelopes('INBOX');
    expect(page.total).toBe(inputs.length);
    expect(page.envelopes).toHaveLength(inputs.length);
    for (const e of page.envelopes) {
      expect(typeof e.subject).toBe('string');
      expect(e.date).toBeUndefined();
    }
    expect(page.envelopes.map((e) => e.subject)).toContain('no date');
    // a 200 KB header block is read whole (bounded reads grow to HEADER_LIMIT, 1 MiB)
    expect(page.envelopes.map((e) => e.subject)).toContain('long header');
    const hugeSize = new TextEncoder().encode(inputs[5] as string).length;
    expect(hugeSize).toBeGreaterThan(HEADER_LIMIT);
    const huge = page.envelopes.find((e) => e.size === hugeSize);
    // past the documented limit: fields after HEADER_LIMIT bytes are not seen
    expect(huge?.subject).toBe('');
  });

  it('reads only bounded header blocks, never whole messages', async () => {
    const { root, store } = await tempStore();
    await store.addMessage(
      'INBOX',
      message('big', 'Mon, 05 Jan 2026 09:00:00 +0000', 'x'.repeat(500_000)),
    );
    const reads: FsRequest[] = [];
    const page = await drive(listEnvelopes(store.root, 'INBOX', {}), (r: FsRequest) => {
      if (r.type === 'readFile') reads.push(r);
      return performFs(r);
    });
    expect(page.envelopes[0]?.size).toBeGreaterThan(500_000);
    const entryReads = reads.filter(
      (r) => r.type === 'readFile' && !r.paths.some((p) => p.includes('.meta')),
    );
    expect(entryReads.length).toBeGreaterThan(0);
    for (const r of entryReads)
      expect(r.type === 'readFile' && r.maxBytes !== undefined && r.maxBytes <= 65_536).toBe(true);
    expect(root).toBe(store.root);
  });

  it('newest first by Date, then arrival; pages are 1-based', async () => {
    const { store } = await tempStore();
    const same = 'Wed, 07 Jan 2026 12:00:00 +0000';
    const ids: string[] = [];
    ids.push(await store.addMessage('INBOX', message('old', 'Mon, 05 Jan 2026 09:00:00 +0000')));
    // arrival order from explicit receivedAt (the file mtime), not from a pause between adds
    const arrived = (s: number) => ({ receivedAt: new Date(Date.UTC(2026, 0, 7, 12, 0, s)) });
    ids.push(await store.addMessage('INBOX', message('tie-first', same), arrived(1)));
    ids.push(await store.addMessage('INBOX', message('tie-second', same), arrived(2)));
    ids.push(await store.addMessage('INBOX', message('undated', 'garbage')));
    ids.push(await store.addMessage('INBOX', message('newest', 'Thu, 08 Jan 2026 01:00:00 +0900')));
    const all = await store.listEnvelopes('INBOX', { pageSize: 10 });
    expect(all.envelopes.map((e) => e.subject)).toEqual([
      'newest', // 2026-01-07T16:00Z
      'tie-second',
      'tie-first',
      'old',
      'undated',
    ]);
    const p2 = await store.listEnvelopes('INBOX', { page: 2, pageSize: 2 });
    expect(p2.envelopes.map((e) => e.subject)).toEqual(['tie-first', 'old']);
    expect(p2).toMatchObject({ page: 2, pageSize: 2, total: 5 });
    expect((await store.listEnvelopes('INBOX', { page: 4, pageSize: 2 })).envelopes).toEqual([]);
    const junk = await store.listEnvelopes('INBOX', { page: Number.NaN, pageSize: 2 });
    expect(junk).toMatchObject({ page: 1, pageSize: 2 });
    expect(junk.envelopes.map((e) => e.subject)).toEqual(['newest', 'tie-second']);
    expect((await store.listEnvelopes('INBOX', { pageSize: 0 })).envelopes).toEqual([]);
  });

  it('counts unread as messages without seen', async () => {
    const { store } = await tempStore();
    await store.addMessage('INBOX', message('a', 'Mon, 05 Jan 2026 09:00:00 +0000'), {
      flags: ['seen'],
    });
    await store.addMessage('INBOX', message('b', 'Mon, 05 Jan 2026 09:00:00 +0000'), {
      flags: ['flagged'],
    });
    await store.addMessage('INBOX', message('c', 'Mon, 05 Jan 2026 09:00:00 +0000'));
    const [inbox] = await store.listMailboxes({ counts: true });
    expect(inbox).toMatchObject({ id: 'INBOX', total: 3, unread: 2 });
  });
});

describe('copy, move, delete', () => {
  it('copy mints a new nonce with the same checksum and keeps flags', async () => {
    const { root, store } = await tempStore();
    await store.createMailbox('Dest');
    const id = await store.addMessage('INBOX', message('c', 'Mon, 05 Jan 2026 09:00:00 +0000'), {
      flags: ['seen', 'Work'],
    });
    const map = await store.copyMessages('INBOX', [id], 'Dest');
    const copy = map[id] as string;
    expect(copy).not.toBe(id);
    expect(copy.split('.')[0]).toBe(id.split('.')[0]);
    expect(await readFile(join(root, 'Dest', '.meta', `${copy}.flags`), 'utf8')).toBe(
      '$seen\nWork\n',
    );
    expect((await store.listEnvelopes('INBOX')).total).toBe(1);
  });

  it('move keeps the id and flags and leaves no source meta behind', async () => {
    const { root, store } = await tempStore();
    await store.createMailbox('Dest');
    const id = await store.addMessage('INBOX', message('m', 'Mon, 05 Jan 2026 09:00:00 +0000'), {
      flags: ['answered'],
    });
    expect(await store.moveMessages('INBOX', [id], 'Dest')).toEqual({ [id]: id });
    expect(await readdir(join(root, 'INBOX', '.meta'))).toEqual([]);
    const [e] = (await store.listEnvelopes('Dest')).envelopes;
    expect(e).toMatchObject({ id, flags: ['answered'] });
    await rejectsWith(store.moveMessages('INBOX', [id], 'Dest'), 'ERR_NOT_FOUND');
  });

  it('delete removes the entry and its .meta files', async () => {
    const { root, store } = await tempStore();
    const id = await store.addMessage('INBOX', message('d', 'Mon, 05 Jan 2026 09:00:00 +0000'), {
      flags: ['seen'],
    });
    await writeFile(join(root, 'INBOX', '.meta', `${id}.other`), 'x');
    await store.deleteMessages('INBOX', [id]);
    expect(await readdir(join(root, 'INBOX', '.meta'))).toEqual([]);
    expect((await readdir(join(root, 'INBOX'))).sort()).toEqual(['.m2dir', '.meta']);
  });

  it('a message removed behind our back is ERR_NOT_FOUND on read', async () => {
    const { root, store } = await tempStore();
    const id = await store.addMessage('INBOX', message('gone', 'Mon, 05 Jan 2026 09:00:00 +0000'));
    await rm(await entryFile(join(root, 'INBOX'), id));
    await rejectsWith(store.getMessage('INBOX', id), 'ERR_NOT_FOUND');
  });
});

describe('diffs', () => {
  it('diffEnvelopes: add, remove, flag change; a foreign state resets', async () => {
    const { store } = await tempStore();
    await store.createMailbox('Other');
    const a = await store.addMessage('INBOX', message('a', 'Mon, 05 Jan 2026 09:00:00 +0000'));
    const b = await store.addMessage('INBOX', message('b', 'Mon, 05 Jan 2026 09:00:00 +0000'));
    const first = await store.diffEnvelopes('INBOX');
    expect(first.reset).toBe(true);
    expect(first.added.map((e) => e.id).sort()).toEqual([a, b].sort());
    await store.deleteMessages('INBOX', [a]);
    await store.storeFlags('INBOX', [b], 'add', ['seen']);
    const c = await store.addMessage('INBOX', message('c', 'Mon, 05 Jan 2026 09:00:00 +0000'));
    const second = await store.diffEnvelopes('INBOX', first.state);
    expect(second).toMatchObject({
      reset: false,
      removed: [a],
      flagsChanged: [{ id: b, flags: ['seen'] }],
    });
    expect(second.added.map((e) => e.id)).toEqual([c]);
    const quiet = await store.diffEnvelopes('INBOX', second.state);
    expect(quiet).toMatchObject({ added: [], removed: [], flagsChanged: [], reset: false });
    expect((await store.diffEnvelopes('Other', second.state)).reset).toBe(true);
    expect((await store.diffEnvelopes('INBOX', 'garbage')).reset).toBe(true);
  });

  it('diffMailboxes: created, updated (counts), removed', async () => {
    const { store } = await tempStore();
    const s0 = await store.diffMailboxes();
    expect(s0.created.map((m) => m.id)).toEqual(['INBOX']);
    await store.createMailbox('New');
    await store.addMessage('INBOX', message('a', 'Mon, 05 Jan 2026 09:00:00 +0000'));
    const s1 = await store.diffMailboxes(s0.state);
    expect(s1.created.map((m) => m.id)).toEqual(['New']);
    expect(s1.updated.map((m) => m.id)).toEqual(['INBOX']);
    await store.deleteMailbox('New');
    const s2 = await store.diffMailboxes(s1.state);
    expect(s2).toMatchObject({ created: [], updated: [], removed: ['New'] });
  });
});
