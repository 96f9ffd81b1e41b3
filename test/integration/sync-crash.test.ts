/**
 * Crash safety (docs/sync.md "State and crash safety"): a two-way sync of 2,000 messages
 * (1,000 on Dovecot, 1,000 other ones in the Maildir) killed with SIGKILL at 100 random points
 * — counted in writes to the state directory, so kills land mid-copy, mid-journal and
 * mid-commit — and after each kill the next run resumes. At the end both sides hold the same
 * 2,000 messages, each exactly once: 0 lost, 0 duplicated.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImapBackend } from '../../src/backends/imap/index.js';
import { MaildirBackend } from '../../src/backends/maildir/index.js';
import { servers } from '../servers/coordinates.js';
import { message, view } from '../sync/helpers.js';

const KILLS = 100;
const PER_SIDE = 1000;
const CHILD = resolve('test/sync/crash-child.mjs');

/** A seeded generator, so a failing sequence of kill points can be replayed. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('sync crash safety (Dovecot ↔ Maildir, SIGKILL)', () => {
  const s = servers();
  const [user] = s.dovecot.users;
  const dir = mkdtempSync(join(tmpdir(), 'mailroom-crash-'));
  const remote = new ImapBackend({
    url: `imap://${s.host}:${s.dovecot.imapPort}`,
    auth: { user: user.user, password: user.password },
    tls: { ca: readFileSync(s.dovecot.caFile, 'utf8'), servername: 'localhost' },
  });
  afterAll(async () => {
    await remote.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    `${KILLS} kills, then a full run: every message on both sides exactly once`,
    { timeout: 600_000 },
    async () => {
      const mailbox = `mrcrash${Date.now().toString(36)}`;
      const maildir = join(dir, 'Maildir');
      const stateDir = join(dir, 'state');
      mkdirSync(stateDir, { recursive: true });
      const box = await remote.createMailbox([mailbox]);
      for (let i = 0; i < PER_SIDE; i++)
        await remote.addMessage(box.id, message(`remote ${i}`), {
          flags: i % 3 === 0 ? ['seen'] : [],
        });
      const local = new MaildirBackend({ root: maildir, create: true });
      const localBox = await local.createMailbox([mailbox]);
      for (let i = 0; i < PER_SIDE; i++)
        await local.addMessage(localBox.id, message(`local ${i}`), {
          flags: i % 2 === 0 ? ['flagged'] : [],
        });

      const env = {
        PATH: process.env['PATH'] ?? '',
        IMAP_URL: `imap://${s.host}:${s.dovecot.imapPort}`,
        IMAP_USER: user.user,
        IMAP_PASSWORD: user.password,
        IMAP_CA: s.dovecot.caFile,
        MAILDIR: maildir,
        STATE_DIR: stateDir,
        MAILBOX: mailbox,
      };
      const seed = Number(process.env['CRASH_SEED'] ?? Date.now() % 100_000);
      const next = random(seed);
      let killed = 0;
      let finished = 0;
      const runOnce = (killAfter: number | undefined) =>
        new Promise<{ code: number | null; signal: string | null; out: string; err: string }>(
          (done) => {
            const child = spawn(process.execPath, [CHILD], {
              env,
              stdio: ['ignore', 'pipe', 'pipe'],
            });
            let out = '';
            let err = '';
            child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
            child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
            let events = 0;
            const watcher = watch(stateDir, () => {
              if (killAfter !== undefined && ++events === killAfter) child.kill('SIGKILL');
            });
            child.on('close', (code, signal) => {
              watcher.close();
              done({ code, signal, out, err });
            });
          },
        );
      for (let i = 0; i < KILLS; i++) {
        const result = await runOnce(1 + Math.floor(next() * 40));
        if (result.signal === 'SIGKILL') killed++;
        else {
          expect(result.err, `seed ${seed}`).toBe('');
          expect(result.code, `seed ${seed}`).toBe(0);
          finished++;
        }
      }
      const last = await runOnce(undefined);
      expect(last.code, `seed ${seed}: ${last.err}`).toBe(0);
      expect(killed, `seed ${seed}: most runs must really be killed`).toBeGreaterThanOrEqual(
        KILLS * 0.9,
      );

      const only = (name: string) => name === mailbox;
      const localView = await view(local, only);
      const remoteView = await view(remote, only);
      expect(localView[mailbox], `seed ${seed}`).toHaveLength(2 * PER_SIDE);
      expect(new Set((localView[mailbox] ?? []).map((l) => l.split(' ')[0])).size).toBe(
        2 * PER_SIDE,
      );
      expect(remoteView, `seed ${seed}`).toEqual(localView);
      const again = JSON.parse(last.out) as { counts: Record<string, number> };
      expect(again.counts).toBeDefined();
      expect(finished + killed).toBe(KILLS);
    },
  );
});
