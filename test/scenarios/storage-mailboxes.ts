/**
 * Mailbox scenarios: listMailboxes, createMailbox, renameMailbox, deleteMailbox, diffMailboxes
 * and the not-found errors. Every backend must meet the same expectations.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from './context.js';
import { expectMailError } from './context.js';

export function registerMailboxScenarios(s: Scenario): void {
  describe('mailboxes', () => {
    it('lists the inbox with role inbox, and ids round-trip', async () => {
      const boxes = await s.store.listMailboxes();
      const inboxes = boxes.filter((b) => b.role === 'inbox');
      expect(inboxes).toHaveLength(1);
      if (s.ctx.inbox !== undefined) expect(inboxes[0]?.id).toBe(s.ctx.inbox);
      expect(new Set(boxes.map((b) => b.id)).size).toBe(boxes.length);
      // Ids round-trip: the inbox's and a fresh mailbox's ids, as listed, are accepted back.
      // (Other listed mailboxes may be non-selectable parents, so they are not probed.)
      const fresh = await s.mailbox('roundtrip');
      const listed = (await s.store.listMailboxes()).find((b) => b.id === fresh.id);
      expect(listed?.name).toBe(fresh.name);
      for (const id of [inboxes[0]?.id ?? '', fresh.id]) {
        const page = await s.store.listEnvelopes(id, { page: 1, pageSize: 1 });
        expect(page.page).toBe(1);
      }
    });

    it('counts total and unread when asked', async () => {
      const box = await s.mailbox('counts');
      await s.seed(box.id, ['report', 'greetings', 'lunch']); // one of three unseen
      const listed = (await s.store.listMailboxes({ counts: true })).find((b) => b.id === box.id);
      expect(listed?.total).toBe(3);
      expect(listed?.unread).toBe(1);
    });

    it('creates a top-level mailbox, a non-ASCII one and a nested path', async () => {
      const plain = await s.mailbox('plain');
      expect(plain.name).toBe(s.name('plain'));
      expect(plain.path).toEqual([s.name('plain')]);

      const unicode = await s.mailbox('Grüße-日本');
      expect(unicode.name).toBe(s.name('Grüße-日本'));

      const parent = s.name('parent');
      const child = await s.store.createMailbox([parent, 'child']);
      s.track(child.id);
      expect(child.path).toEqual([parent, 'child']);
      expect(child.name).toBe('child');
      const listed = await s.store.listMailboxes();
      const parentBox = listed.find((b) => b.path.length === 1 && b.path[0] === parent);
      if (parentBox !== undefined) {
        s.untrack(child.id);
        s.track(parentBox.id);
        s.track(child.id); // child is deleted before its parent
      }
      for (const made of [plain, unicode, child]) {
        const again = listed.find((b) => b.id === made.id);
        expect(again, `listMailboxes returns ${made.name}`).toBeDefined();
        expect(again?.path).toEqual(made.path);
        expect(again?.name).toBe(made.name);
      }
    });

    it('rejects creating a mailbox that exists', async () => {
      const box = await s.mailbox('dup');
      await expect(s.store.createMailbox(box.path)).rejects.toMatchObject({
        name: 'MailError',
        code: 'ERR_EXISTS',
      });
    });

    it('renames a mailbox and keeps its messages', async () => {
      const box = await s.mailbox('before');
      await s.seed(box.id, ['report']);
      const renamed = await s.store.renameMailbox(box.id, [s.name('after')]);
      s.untrack(box.id);
      s.track(renamed.id);
      expect(renamed.path).toEqual([s.name('after')]);
      expect(renamed.name).toBe(s.name('after'));
      const names = (await s.store.listMailboxes()).map((b) => b.name);
      expect(names).toContain(s.name('after'));
      expect(names).not.toContain(s.name('before'));
      const moved = await s.all(renamed.id);
      expect(moved.map((e) => e.subject)).toEqual([s.message('report').subject]);
    });

    it('deletes a mailbox; using it afterwards is ERR_NOT_FOUND', async () => {
      const box = await s.mailbox('doomed');
      await s.seed(box.id, ['report']);
      await s.store.deleteMailbox(box.id);
      s.untrack(box.id);
      const ids = (await s.store.listMailboxes()).map((b) => b.id);
      expect(ids).not.toContain(box.id);
      await expectMailError(s.store.listEnvelopes(box.id), 'ERR_NOT_FOUND');
    });

    it('unknown mailbox → ERR_NOT_FOUND', async () => {
      const ghost = s.name('no-such-mailbox');
      await expectMailError(s.store.listEnvelopes(ghost), 'ERR_NOT_FOUND');
      await expectMailError(s.store.deleteMailbox(ghost), 'ERR_NOT_FOUND');
      await expectMailError(
        s.store.addMessage(ghost, s.message('report').raw, { flags: [] }),
        'ERR_NOT_FOUND',
      );
    });

    it('diffMailboxes reports a created mailbox once, then nothing', async () => {
      const before = await s.store.diffMailboxes();
      const box = await s.mailbox('diffed');
      const diff = await s.store.diffMailboxes(before.state);
      expect(diff.created.filter((b) => b.id === box.id)).toHaveLength(1);
      expect(diff.updated.map((b) => b.id)).not.toContain(box.id);
      expect(diff.removed).not.toContain(box.id);
      expect(diff.created.find((b) => b.id === box.id)?.name).toBe(box.name);

      await s.store.deleteMailbox(box.id);
      s.untrack(box.id);
      const gone = await s.store.diffMailboxes(diff.state);
      expect(gone.removed).toEqual([box.id]);
      expect(gone.created).toEqual([]);

      const quiet = await s.store.diffMailboxes(gone.state);
      expect(quiet.created).toEqual([]);
      expect(quiet.removed).toEqual([]);
    });
  });
}
