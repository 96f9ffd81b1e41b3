import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { M2dirBackend } from '../../../src/backends/m2dir/index.js';
import { rejectsWith, tempDir, tempStore } from './helpers.js';

describe('m2store root', () => {
  it('without the .m2store marker and without create → ERR_CONFIG, nothing written', async () => {
    const root = await tempDir();
    const store = new M2dirBackend({ root });
    const error = await rejectsWith(store.listMailboxes(), 'ERR_CONFIG');
    expect(error.message).toContain('.m2store');
    expect(error.hint).toContain('create');
    expect(await readdir(root)).toEqual([]);
    await rejectsWith(
      new M2dirBackend({ root: join(root, 'missing') }).listMailboxes(),
      'ERR_CONFIG',
    );
  });

  it('create: true creates the root, an empty marker and INBOX', async () => {
    const root = join(await tempDir(), 'deep', 'store');
    const store = new M2dirBackend({ root, create: true });
    expect(await store.listMailboxes()).toEqual([
      { id: 'INBOX', name: 'INBOX', path: ['INBOX'], role: 'inbox' },
    ]);
    expect((await stat(join(root, '.m2store'))).size).toBe(0);
    // INBOX exists on every backend: adding to it works on a brand-new store
    const id = await store.addMessage('INBOX', 'Subject: first\r\n\r\nhi\r\n');
    expect((await store.listEnvelopes('INBOX')).envelopes.map((e) => e.id)).toEqual([id]);
  });

  it('folder names with CR, LF, NUL or other controls are refused, as on Maildir', async () => {
    const { store } = await tempStore();
    for (const name of ['a\r\nb', 'line\nfeed', 'tab\there', 'del\x7f', ['ok', 'bad\r']]) {
      await rejectsWith(store.createMailbox(name), 'ERR_INVALID_ARGUMENT');
    }
    const box = await store.createMailbox('fine');
    await rejectsWith(store.renameMailbox(box.id, 'x\ny'), 'ERR_INVALID_ARGUMENT');
    expect((await store.listMailboxes()).map((m) => m.id).sort()).toEqual(['INBOX', 'fine']);
  });

  it('a folder is a directory with .m2dir and .meta/', async () => {
    const { root, store } = await tempStore();
    const box = await store.createMailbox(['Entwürfe', 'Q1 2026']);
    expect(box).toMatchObject({
      id: 'Entwürfe/Q1 2026',
      name: 'Q1 2026',
      path: ['Entwürfe', 'Q1 2026'],
    });
    const dir = join(root, 'Entw%C3%BCrfe', 'Q1 2026');
    expect((await readdir(dir)).sort()).toEqual(['.m2dir', '.meta']);
    const ids = (await store.listMailboxes()).map((m) => m.id);
    // the intermediate directory has no marker, so it is not a mailbox
    expect(ids).toEqual(['Entwürfe/Q1 2026', 'INBOX']);
  });

  it('ignores dot-names, unmarked directories and non-canonical names when listing', async () => {
    const { root, store } = await tempStore();
    for (const d of ['.hidden', 'plain', 'raw-ü', 'bad%zz']) {
      await mkdir(join(root, d, '.meta'), { recursive: true });
      if (d !== 'plain') await writeFile(join(root, d, '.m2dir'), '');
    }
    expect((await store.listMailboxes()).map((m) => m.id)).toEqual(['INBOX']);
  });

  it('guesses roles from the usual names', async () => {
    const { store } = await tempStore();
    for (const n of ['Sent', 'Drafts', 'Trash', 'Spam', 'Archive', 'Projects'])
      await store.createMailbox(n);
    await store.createMailbox('INBOX/Junk');
    const roles = Object.fromEntries((await store.listMailboxes()).map((m) => [m.id, m.role]));
    expect(roles).toEqual({
      INBOX: 'inbox',
      'INBOX/Junk': 'junk',
      Sent: 'sent',
      Drafts: 'drafts',
      Trash: 'trash',
      Spam: 'junk',
      Archive: 'archive',
      Projects: undefined,
    });
  });

  it('rejects names that would escape the root, on every operation', async () => {
    const { root, store } = await tempStore();
    for (const bad of ['../escape', '/etc', 'a/../../b', 'x\0y', '..']) {
      await rejectsWith(store.createMailbox(bad), 'ERR_INVALID_ARGUMENT');
      await rejectsWith(store.listEnvelopes(bad), 'ERR_INVALID_ARGUMENT');
      await rejectsWith(store.addMessage(bad, 'Subject: x\r\n\r\n'), 'ERR_INVALID_ARGUMENT');
      await rejectsWith(store.deleteMailbox(bad), 'ERR_INVALID_ARGUMENT');
    }
    await rejectsWith(store.createMailbox(['a/b']), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(store.renameMailbox('INBOX', '../out'), 'ERR_INVALID_ARGUMENT');
    expect(await readdir(join(root, '..'))).not.toContain('escape');
    expect(await readdir(join(root, '..'))).not.toContain('out');
  });

  it('renaming into itself is refused; onto an existing mailbox is ERR_EXISTS', async () => {
    const { store } = await tempStore();
    await store.createMailbox('A');
    await store.createMailbox('B');
    await rejectsWith(store.renameMailbox('A', 'A/inner'), 'ERR_INVALID_ARGUMENT');
    await rejectsWith(store.renameMailbox('A', 'B'), 'ERR_EXISTS');
  });

  it('deleting a parent keeps the mailboxes nested inside it', async () => {
    const { root, store } = await tempStore();
    await store.createMailbox('P');
    await store.createMailbox('P/child');
    await store.addMessage('P', 'Subject: x\r\n\r\n', { flags: ['seen'] });
    await store.deleteMailbox('P');
    expect((await store.listMailboxes()).map((m) => m.id)).toEqual(['INBOX', 'P/child']);
    expect((await readdir(join(root, 'P'))).sort()).toEqual(['child']);
  });

  it('flags files hold sorted JMAP keywords; an empty set removes the file', async () => {
    const { root, store } = await tempStore();
    const id = await store.addMessage('INBOX', 'Subject: x\r\n\r\n', {
      flags: ['Work', '\\Seen', 'flagged'],
    });
    const path = join(root, 'INBOX', '.meta', `${id}.flags`);
    expect(await readFile(path, 'utf8')).toBe('$flagged\n$seen\nWork\n');
    await store.storeFlags('INBOX', [id], 'remove', ['flagged']);
    expect(await readFile(path, 'utf8')).toBe('$seen\nWork\n');
    await store.storeFlags('INBOX', [id], 'set', []);
    await expect(stat(path)).rejects.toThrow();
    // no temporary files are left behind anywhere
    expect((await readdir(join(root, 'INBOX', '.meta'))).filter((n) => n.startsWith('.'))).toEqual(
      [],
    );
    expect((await readdir(join(root, 'INBOX'))).filter((n) => n.startsWith('.tmp'))).toEqual([]);
  });
});
