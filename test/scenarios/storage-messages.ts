/**
 * Message scenarios: copyMessages, moveMessages, deleteMessages, storeFlags (add/set/remove,
 * custom keyword).
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from './context.js';
import { byKey, flagKey } from './context.js';

/** Lowercase so stores that case-fold keywords (RFC 8621 §4.1.1) still compare equal. */
const KEYWORD = 'project-x';

export function registerMessageScenarios(s: Scenario): void {
  describe('messages', () => {
    it('addMessage stores the given flags', async () => {
      const box = await s.mailbox('add-flags');
      const id = await s.store.addMessage(box.id, s.message('lunch').raw, {
        flags: ['\\Flagged', '$seen'],
      });
      const [e] = await s.all(box.id);
      expect(e?.id).toBe(id);
      expect(e?.flags).toEqual(['seen', 'flagged']);
    });

    it('copyMessages keeps the source and copies flags', async () => {
      const from = await s.mailbox('copy-src');
      const to = await s.mailbox('copy-dst');
      const ids = await s.seed(from.id, ['lunch', 'report']);
      const map = await s.store.copyMessages(from.id, [ids['lunch'] as string], to.id);

      const source = byKey(await s.all(from.id), s);
      expect([...source.keys()].sort()).toEqual(['lunch', 'report']);
      const target = await s.all(to.id);
      expect(target.map((e) => e.subject)).toEqual([s.message('lunch').subject]);
      expect(flagKey(target[0]?.flags ?? [])).toEqual(flagKey(['seen', 'flagged']));
      const mapped = map[ids['lunch'] as string];
      if (mapped !== undefined) expect(mapped).toBe(target[0]?.id);
    });

    it('moveMessages removes from the source and keeps flags', async () => {
      const from = await s.mailbox('move-src');
      const to = await s.mailbox('move-dst');
      const ids = await s.seed(from.id, ['reply', 'report']);
      const map = await s.store.moveMessages(from.id, [ids['reply'] as string], to.id);

      const source = await s.all(from.id);
      expect(source.map((e) => e.id)).toEqual([ids['report']]);
      const target = await s.all(to.id);
      expect(target.map((e) => e.subject)).toEqual([s.message('reply').subject]);
      expect(flagKey(target[0]?.flags ?? [])).toEqual(flagKey(['answered', 'seen']));
      const mapped = map[ids['reply'] as string];
      if (mapped !== undefined) expect(mapped).toBe(target[0]?.id);
    });

    it('deleteMessages removes only the given message', async () => {
      const box = await s.mailbox('delete');
      const ids = await s.seed(box.id, ['report', 'minutes']);
      await s.store.deleteMessages(box.id, [ids['report'] as string]);
      const left = await s.all(box.id);
      expect(left.map((e) => e.id)).toEqual([ids['minutes']]);
      expect(left[0]?.flags).toEqual(['seen']);
    });

    it('storeFlags add / set / remove, including a custom keyword', async () => {
      const box = await s.mailbox('flags');
      const ids = await s.seed(box.id, ['report', 'greetings']);
      const target = ids['report'] as string;
      const other = ids['greetings'] as string;
      const flagsOf = async (id: string): Promise<string[]> =>
        flagKey((await s.all(box.id)).find((e) => e.id === id)?.flags ?? ['<missing>']);
      const keyword = s.quirks.noKeywords === true ? [] : [KEYWORD];

      await s.store.storeFlags(box.id, [target], 'add', ['flagged', ...keyword]);
      expect(await flagsOf(target)).toEqual(flagKey(['flagged', ...keyword]));

      await s.store.storeFlags(box.id, [target], 'add', ['\\Seen']);
      expect(await flagsOf(target)).toEqual(flagKey(['seen', 'flagged', ...keyword]));

      await s.store.storeFlags(box.id, [target], 'remove', ['flagged']);
      expect(await flagsOf(target)).toEqual(flagKey(['seen', ...keyword]));

      await s.store.storeFlags(box.id, [target], 'set', ['answered', 'draft']);
      expect(await flagsOf(target)).toEqual(flagKey(['answered', 'draft']));

      await s.store.storeFlags(box.id, [target], 'set', []);
      expect(await flagsOf(target)).toEqual([]);

      // The other message was never touched.
      expect(await flagsOf(other)).toEqual(['seen']);
    });

    it('storeFlags on several ids at once', async () => {
      const box = await s.mailbox('flags-many');
      const ids = await s.seed(box.id, ['report', 'lunch', 'minutes']);
      await s.store.storeFlags(box.id, [ids['report'] as string, ids['minutes'] as string], 'add', [
        'draft',
      ]);
      const all = byKey(await s.all(box.id), s);
      expect(all.get('report')?.flags).toEqual(['draft']);
      expect(all.get('minutes')?.flags).toEqual(['seen', 'draft']);
      expect(all.get('lunch')?.flags).toEqual(['seen', 'flagged']);
    });
  });
}
