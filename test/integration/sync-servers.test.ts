/**
 * Sync against real servers (docs/sync.md): Dovecot IMAP, Cyrus IMAP and Cyrus JMAP, each with
 * a Maildir and an m2dir on disk. Every case works in mailboxes of its own (an include pattern
 * on a unique prefix), and ends with both sides holding the same messages (by content key) with
 * the same flags, and a second plan empty.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapBackend } from '../../src/backends/imap/index.js';
import { JmapBackend } from '../../src/backends/jmap/index.js';
import { M2dirBackend } from '../../src/backends/m2dir/index.js';
import { MaildirBackend } from '../../src/backends/maildir/index.js';
import type { Backend } from '../../src/shared/backend.js';
import { Sync, type SyncOptions } from '../../src/sync/index.js';
import { servers } from '../servers/coordinates.js';
import { add, idBySubject, mailboxId, message, view } from '../sync/helpers.js';

const REMOTES: Record<string, () => Backend> = {
  'Dovecot IMAP': () => {
    const { host, dovecot } = servers();
    const [user] = dovecot.users;
    return new ImapBackend({
      url: `imap://${host}:${dovecot.imapPort}`,
      auth: { user: user.user, password: user.password },
      tls: { ca: readFileSync(dovecot.caFile, 'utf8'), servername: 'localhost' },
    });
  },
  'Cyrus IMAP': () => {
    const { host, cyrus } = servers();
    const [user] = cyrus.users;
    return new ImapBackend({
      url: `imap://${host}:${cyrus.imapPort}`,
      auth: { user: user.user, password: user.password },
      tls: { ca: readFileSync(cyrus.caFile, 'utf8'), servername: 'localhost' },
    });
  },
  'Cyrus JMAP': () => {
    const { cyrus } = servers();
    const [user] = cyrus.users;
    return new JmapBackend({
      url: cyrus.jmapUrl,
      auth: { user: user.user, password: user.password },
    });
  },
};

const LOCALS: Record<string, (root: string) => Backend> = {
  Maildir: (root) => new MaildirBackend({ root, create: true }),
  m2dir: (root) => new M2dirBackend({ root, create: true }),
};

let counter = 0;
const runTag = Date.now().toString(36);

for (const [remoteName, makeRemote] of Object.entries(REMOTES)) {
  for (const [localName, makeLocal] of Object.entries(LOCALS)) {
    describe(`sync ${remoteName} ↔ ${localName}`, () => {
      let remote: Backend;
      let dir: string;
      beforeAll(() => {
        remote = makeRemote();
        dir = mkdtempSync(join(tmpdir(), 'mailroom-sync-it-'));
      });
      afterAll(async () => {
        await remote.close();
        rmSync(dir, { recursive: true, force: true });
      });

      /** A fresh case: a prefix of its own, mailboxes A and B on the remote side, an empty local store. */
      async function fresh() {
        const prefix = `mrs${runTag}${(++counter).toString(36)}`;
        const local = makeLocal(join(dir, prefix));
        const A = `${prefix}A`;
        const B = `${prefix}B`;
        await remote.createMailbox!([A]);
        await remote.createMailbox!([B]);
        const stateDir = join(dir, `${prefix}-state`);
        const only = (name: string) => name.startsWith(prefix);
        const sync = (extra: Partial<SyncOptions> = {}) =>
          new Sync({ remote, local, stateDir, include: [`${prefix}*`], ...extra });
        const converged = async () => {
          const localView = await view(local, only);
          expect(localView).toEqual(await view(remote, only));
          expect((await sync().plan()).changes).toEqual([]);
          return localView;
        };
        return { prefix, local, A, B, stateDir, sync, converged };
      }

      it('new mail, flags and keywords, deletions and conflicts on each side', async () => {
        const c = await fresh();
        await add(remote, c.A, 'one', ['seen']);
        await add(remote, c.A, 'two');
        await add(remote, c.A, 'three', ['flagged']);
        await add(remote, c.B, 'four');
        let report = await c.sync().run();
        expect(report.counts).toMatchObject({ 'create-mailbox:local': 2, 'copy:local': 4 });
        await c.converged();

        await add(c.local, c.A, 'written locally', ['draft']);
        await add(remote, c.B, 'arrived remotely');
        const oneR = await idBySubject(remote, c.A, 'one');
        const oneL = await idBySubject(c.local, c.A, 'one');
        await remote.storeFlags!(oneR.box, [oneR.id], 'add', ['Work']); // keyword, remote
        await c.local.storeFlags!(oneL.box, [oneL.id], 'add', ['answered']); // both sides, one message
        const twoL = await idBySubject(c.local, c.A, 'two');
        await c.local.deleteMessages!(twoL.box, [twoL.id]); // delete, local
        const threeR = await idBySubject(remote, c.A, 'three');
        const threeL = await idBySubject(c.local, c.A, 'three');
        await remote.deleteMessages!(threeR.box, [threeR.id]); // delete vs flag change
        await c.local.storeFlags!(threeL.box, [threeL.id], 'add', ['seen']);
        const fourL = await idBySubject(c.local, c.B, 'four');
        await c.local.storeFlags!(fourL.box, [fourL.id], 'add', ['flagged']);

        report = await c.sync().run();
        expect(report.errors).toEqual([]);
        expect(report.counts).toEqual({
          'copy:remote': 1,
          'copy:local': 1,
          'flags:remote': 2,
          'flags:local': 1,
          'delete:remote': 1,
          'delete:local': 1,
        });
        expect(report.conflicts.map((x) => x.kind)).toEqual(['delete-vs-flags']);
        const result = await c.converged();
        expect(result[c.A]?.some((l) => l.endsWith('[answered seen work]'))).toBe(true);
        expect(result[c.A]).toHaveLength(2);
        expect(result[c.B]).toHaveLength(2);
      });

      if (remoteName.endsWith('IMAP'))
        it('an idle mailbox is not diffed: one STATUS round tells it apart (unchangedMailboxes)', async () => {
          const c = await fresh();
          await add(remote, c.A, 'one');
          await add(remote, c.B, 'two');
          await c.sync().run();
          // Each run on a backend of its own, as each `mailroom sync` is a process of its own:
          // nothing is selected when the STATUS round goes out (the selected mailbox is
          // always diffed, RFC 9051 §6.3.11).
          const diffed: string[] = [];
          const runCounted = async () => {
            const fresh = makeRemote();
            const counted = new Proxy(fresh, {
              get(target, key) {
                const value = Reflect.get(target, key, target) as unknown;
                if (typeof value !== 'function') return value;
                return (...args: unknown[]) => {
                  if (key === 'diffEnvelopes') diffed.push(String(args[0]));
                  return (value as (...a: unknown[]) => unknown).apply(target, args);
                };
              },
            });
            try {
              return await new Sync({
                remote: counted,
                local: c.local,
                stateDir: c.stateDir,
                include: [`${c.prefix}*`],
              }).run();
            } finally {
              await fresh.close();
            }
          };
          const one = await idBySubject(remote, c.A, 'one');
          await remote.storeFlags!(one.box, [one.id], 'add', ['flagged']);
          let report = await runCounted();
          expect(report.counts).toEqual({ 'flags:local': 1 });
          expect(diffed).toEqual([await mailboxId(remote, c.A)]); // B was not selected at all
          diffed.length = 0;
          report = await runCounted();
          expect(report.changes).toEqual([]);
          expect(diffed).toEqual([]);
          await c.converged();
        });

      it('a move on either side is a move on the other', async () => {
        const c = await fresh();
        await add(remote, c.A, 'mover');
        await add(remote, c.A, 'stayer');
        await c.sync().run();
        const r = await idBySubject(remote, c.A, 'mover');
        await remote.moveMessages!(r.box, [r.id], await mailboxId(remote, c.B));
        let report = await c.sync().run();
        expect(report.counts).toEqual({ 'move:local': 1 });
        await c.converged();
        const l = await idBySubject(c.local, c.B, 'mover');
        await c.local.moveMessages!(l.box, [l.id], await mailboxId(c.local, c.A));
        report = await c.sync().run();
        expect(report.counts).toEqual({ 'move:remote': 1 });
        await c.converged();
      });

      it('mailboxes created, renamed and deleted on each side', async () => {
        const c = await fresh();
        await c.sync().run();
        await c.local.createMailbox!([`${c.prefix}L`]);
        await add(c.local, `${c.prefix}L`, 'in L');
        await remote.createMailbox!([`${c.prefix}R`]);
        let report = await c.sync().run();
        expect(report.counts).toMatchObject({
          'create-mailbox:remote': 1,
          'create-mailbox:local': 1,
        });
        await c.converged();
        await remote.renameMailbox!(await mailboxId(remote, `${c.prefix}L`), [`${c.prefix}L2`]);
        report = await c.sync().run();
        expect(report.counts).toEqual({ 'rename-mailbox:local': 1 });
        await c.converged();
        await c.local.renameMailbox!(await mailboxId(c.local, `${c.prefix}L2`), [`${c.prefix}L3`]);
        report = await c.sync().run();
        expect(report.counts).toEqual({ 'rename-mailbox:remote': 1 });
        await c.converged();
        await remote.deleteMailbox!(await mailboxId(remote, `${c.prefix}R`));
        await c.local.deleteMailbox!(await mailboxId(c.local, c.B));
        report = await c.sync().run();
        expect(report.counts).toEqual({ 'delete-mailbox:local': 1, 'delete-mailbox:remote': 1 });
        const after = await c.converged();
        expect(Object.keys(after).sort()).toEqual([c.A, `${c.prefix}L3`].sort());
      });

      it('a deleted state directory rebuilds without duplicating anything', async () => {
        const c = await fresh();
        await add(remote, c.A, 'kept 1', ['seen']);
        await add(remote, c.A, 'kept 2');
        await c.sync().run();
        rmSync(c.stateDir, { recursive: true, force: true });
        const report = await c.sync().run();
        expect(report.counts).toEqual({});
        await c.converged();
      });

      it('adopting a local store that already holds half the messages copies only the rest', async () => {
        const c = await fresh();
        const raws: string[] = [];
        for (let i = 0; i < 6; i++) raws.push(await add(remote, c.A, `adopt ${i}`, ['seen']));
        await c.local.createMailbox!([c.A]);
        for (const raw of raws.slice(0, 3))
          await c.local.addMessage!(await mailboxId(c.local, c.A), raw, { flags: ['seen'] });
        const report = await c.sync().run();
        expect(report.counts).toEqual({ 'create-mailbox:local': 1, 'copy:local': 3 });
        await c.converged();
      });

      if (remoteName === 'Dovecot IMAP')
        it('a UIDVALIDITY reset (the mailbox recreated) re-matches instead of re-copying', async () => {
          const c = await fresh();
          const raws = [message('uv 1'), message('uv 2'), message('uv 3')];
          for (const raw of raws)
            await remote.addMessage!(await mailboxId(remote, c.A), raw, { flags: ['seen'] });
          await c.sync().run();
          await remote.deleteMailbox!(await mailboxId(remote, c.A));
          await remote.createMailbox!([c.A]);
          for (const raw of raws)
            await remote.addMessage!(await mailboxId(remote, c.A), raw, { flags: ['seen'] });
          const report = await c.sync().run();
          expect(report.counts).toEqual({});
          await c.converged();
        });
    });
  }
}

describe('sync as a migration: Cyrus JMAP → Dovecot IMAP (server to server)', () => {
  it('copies mailboxes, messages and flags through the shared API, then plans nothing', async () => {
    const from = REMOTES['Cyrus JMAP']!();
    const to = REMOTES['Dovecot IMAP']!();
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-migrate-'));
    const name = `mrmig${runTag}`;
    try {
      await from.createMailbox!([name]);
      await add(from, name, 'migrated 1', ['seen']);
      await add(from, name, 'migrated 2', ['flagged', 'Work']);
      const sync = () =>
        new Sync({ remote: from, local: to, stateDir: join(dir, 'state'), include: [name] });
      const report = await sync().run();
      expect(report.counts).toEqual({ 'create-mailbox:local': 1, 'copy:local': 2 });
      const only = (n: string) => n === name;
      expect(await view(to, only)).toEqual(await view(from, only));
      expect((await sync().plan()).changes).toEqual([]);
      await from.deleteMailbox!(await mailboxId(from, name));
      await to.deleteMailbox!(await mailboxId(to, name));
    } finally {
      await from.close();
      await to.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
