/**
 * Sync between the in-memory reference backend (ids stable through renames, like JMAP) as the
 * remote side and a real Maildir / m2dir on disk as the local side (ids are names): every case
 * of docs/sync.md ends with both sides equal by content and flags, and a second plan empty.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MaildirBackend } from '../../../src/backends/maildir/index.js';
import { M2dirBackend } from '../../../src/backends/m2dir/index.js';
import type { Backend } from '../../../src/shared/backend.js';
import { Sync } from '../../../src/sync/index.js';
import type { SyncOptions } from '../../../src/sync/index.js';
import { MemoryBackend } from '../../scenarios/memory-backend.js';
import { add, idBySubject, mailboxId, view } from '../../sync/helpers.js';

const LOCALS: Record<string, (root: string) => Backend> = {
  maildir: (root) => new MaildirBackend({ root, create: true }),
  m2dir: (root) => new M2dirBackend({ root, create: true }),
};

for (const [kind, makeLocal] of Object.entries(LOCALS)) {
  describe(`sync memory ↔ ${kind}`, () => {
    let dir: string;
    let remote: MemoryBackend;
    let local: Backend;
    let stateDir: string;
    const sync = (extra: Partial<SyncOptions> = {}) =>
      new Sync({ remote, local, stateDir, ...extra });

    async function expectConverged(): Promise<void> {
      expect(await view(local)).toEqual(await view(remote));
      const again = await sync().plan();
      expect(again.changes).toEqual([]);
    }

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'mailroom-sync-'));
      remote = new MemoryBackend('remote');
      local = makeLocal(join(dir, 'local'));
      stateDir = join(dir, 'state');
      await remote.createMailbox(['Archive']);
      await add(remote, 'INBOX', 'first', ['seen']);
      await add(remote, 'INBOX', 'second', []);
      await add(remote, 'Archive', 'old', ['seen', 'flagged']);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('pulls everything on the first run, then plans nothing', async () => {
      const plan = await sync().plan();
      expect(plan.counts).toMatchObject({ 'create-mailbox:local': 1, 'copy:local': 3 });
      const report = await sync().run();
      expect(report.errors).toEqual([]);
      expect(report.counts['copy:local']).toBe(3);
      await expectConverged();
    });

    it('carries new messages, flag changes and deletions both ways', async () => {
      await sync().run();
      await add(local, 'INBOX', 'written locally', ['draft']);
      await add(remote, 'Archive', 'arrived remotely');
      const first = await idBySubject(remote, 'INBOX', 'first');
      await remote.storeFlags(first.box, [first.id], 'add', ['answered']);
      const second = await idBySubject(local, 'INBOX', 'second');
      await local.storeFlags!(second.box, [second.id], 'add', ['Work']);
      const old = await idBySubject(local, 'Archive', 'old');
      await local.deleteMessages!(old.box, [old.id]);

      const report = await sync().run();
      expect(report.counts).toEqual({
        'copy:remote': 1,
        'copy:local': 1,
        'flags:local': 1,
        'flags:remote': 1,
        'delete:remote': 1,
      });
      await expectConverged();
      expect((await view(remote))['Archive']).toHaveLength(1);
    });

    it('merges different flag changes of one message made on both sides', async () => {
      await sync().run();
      const r = await idBySubject(remote, 'INBOX', 'first');
      const l = await idBySubject(local, 'INBOX', 'first');
      await remote.storeFlags(r.box, [r.id], 'remove', ['seen']);
      await local.storeFlags!(l.box, [l.id], 'add', ['flagged']);
      await sync().run();
      await expectConverged();
      const lines = (await view(local))['INBOX'] ?? [];
      expect(lines.some((line) => line.endsWith(' [flagged]'))).toBe(true);
    });

    it('lets a deletion win over a flag change, and reports it', async () => {
      await sync().run();
      const r = await idBySubject(remote, 'INBOX', 'second');
      const l = await idBySubject(local, 'INBOX', 'second');
      await remote.deleteMessages(r.box, [r.id]);
      await local.storeFlags!(l.box, [l.id], 'add', ['flagged']);
      const report = await sync().run();
      expect(report.conflicts.map((c) => c.kind)).toEqual(['delete-vs-flags']);
      await expectConverged();
      expect((await view(local))['INBOX']).toHaveLength(1);
    });

    it('moves a message moved on either side instead of copying and deleting it', async () => {
      await sync().run();
      const r = await idBySubject(remote, 'INBOX', 'first');
      await remote.moveMessages(r.box, [r.id], await mailboxId(remote, 'Archive'));
      let report = await sync().run();
      expect(report.counts).toEqual({ 'move:local': 1 });
      await expectConverged();
      const l = await idBySubject(local, 'Archive', 'old');
      await local.moveMessages!(l.box, [l.id], await mailboxId(local, 'INBOX'));
      report = await sync().run();
      expect(report.counts).toEqual({ 'move:remote': 1 });
      await expectConverged();
    });

    it('creates, renames and deletes mailboxes on each side', async () => {
      await sync().run();
      await local.createMailbox!(['Projects']);
      await add(local, 'Projects', 'plan');
      await remote.createMailbox(['Lists']);
      let report = await sync().run();
      expect(report.counts).toMatchObject({
        'create-mailbox:remote': 1,
        'create-mailbox:local': 1,
      });
      await expectConverged();

      await remote.renameMailbox(await mailboxId(remote, 'Projects'), ['Work']);
      report = await sync().run();
      expect(report.counts).toEqual({ 'rename-mailbox:local': 1 });
      await expectConverged();
      await local.renameMailbox!(await mailboxId(local, 'Work'), ['Jobs']);
      report = await sync().run();
      expect(report.counts).toEqual({ 'rename-mailbox:remote': 1 });
      await expectConverged();

      await local.deleteMailbox!(await mailboxId(local, 'Lists'));
      report = await sync().run();
      expect(report.counts).toEqual({ 'delete-mailbox:remote': 1 });
      await expectConverged();
    });

    it('refuses to delete a non-empty mailbox without force, and restores it', async () => {
      await sync().run();
      await local.deleteMailbox!(await mailboxId(local, 'Archive'));
      const report = await sync().run();
      expect(report.conflicts.map((c) => c.kind)).toContain('mailbox-delete-refused');
      expect(report.counts).toMatchObject({ 'create-mailbox:local': 1, 'copy:local': 1 });
      await expectConverged();
      await local.deleteMailbox!(await mailboxId(local, 'Archive'));
      const forced = await sync({ force: true }).run();
      expect(forced.counts).toEqual({ 'delete-mailbox:remote': 1 });
      await expectConverged();
      expect(Object.keys(await view(remote))).toEqual(['INBOX']);
    });

    it('refuses a second concurrent sync with ERR_LOCKED', async () => {
      const first = sync().run();
      await expect(sync().run()).rejects.toMatchObject({ code: 'ERR_LOCKED' });
      await first;
    });

    it('stops a mass deletion with ERR_SYNC_GUARD unless forced', async () => {
      for (let i = 0; i < 30; i++) await add(remote, 'INBOX', `bulk ${i}`);
      await sync().run();
      const inbox = await mailboxId(local, 'INBOX');
      const ids = (await local.diffEnvelopes!(inbox)).added.map((e) => e.id);
      await local.deleteMessages!(inbox, ids);
      await expect(sync().run()).rejects.toMatchObject({ code: 'ERR_SYNC_GUARD' });
      expect((await view(remote))['INBOX']).toHaveLength(32);
      await sync({ force: true }).run();
      await expectConverged();
      expect((await view(remote))['INBOX']).toEqual([]);
    });

    it('rebuilds a deleted state directory without duplicating anything', async () => {
      await sync().run();
      rmSync(stateDir, { recursive: true, force: true });
      const report = await sync().run();
      expect(report.counts['copy:local'] ?? 0).toBe(0);
      expect(report.counts['copy:remote'] ?? 0).toBe(0);
      await expectConverged();
    });

    it('adopts a local store that already holds part of the mailbox', async () => {
      // The local side got "first" by other means (same bytes), with other flags.
      const raw = (await view(remote))['INBOX'];
      expect(raw).toHaveLength(2);
      const r = await idBySubject(remote, 'INBOX', 'first');
      const bytes = await remote.getMessage(r.box, r.id);
      await local.addMessage!('INBOX', bytes, { flags: ['flagged'] });
      const report = await sync().run();
      expect(report.counts['copy:local']).toBe(2);
      expect(report.conflicts.map((c) => c.kind)).toContain('flags-without-base');
      await expectConverged();
    });

    it('pull-only restores what the local side deleted and keeps local-only mail local', async () => {
      await sync({ direction: 'pull' }).run();
      const l = await idBySubject(local, 'INBOX', 'first');
      await local.deleteMessages!(l.box, [l.id]);
      await add(local, 'INBOX', 'local only');
      const report = await sync({ direction: 'pull' }).run();
      expect(report.counts).toEqual({ 'copy:local': 1 });
      expect((await view(remote))['INBOX']).toHaveLength(2);
      expect((await view(local))['INBOX']).toHaveLength(3);
    });

    it('include/exclude patterns limit the mailboxes', async () => {
      const report = await sync({ exclude: ['Arch*'] }).run();
      expect(report.counts).toEqual({ 'copy:local': 2 });
      expect(Object.keys(await view(local))).toEqual(['INBOX']);
    });
  });
}
