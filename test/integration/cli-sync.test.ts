/**
 * `mailroom sync` end to end, as a user runs it (the built CLI against Dovecot and a Maildir):
 * a dry run's JSON plan changes nothing, a real sync, Ctrl-C mid-sync then a resume that ends
 * with every message exactly once, and `--watch` delivering a new server message.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapBackend } from '../../src/backends/imap/index.js';
import { MaildirBackend } from '../../src/backends/maildir/index.js';
import { servers } from '../servers/coordinates.js';
import { mailboxId, message, view } from '../sync/helpers.js';
import { CLI, runCli } from './helpers/cli.js';

const s = servers();
const [dove] = s.dovecot.users;
const env = { IMAP_PW: dove.password };
let remote: ImapBackend;
let dir: string;
let n = 0;

beforeAll(() => {
  remote = new ImapBackend({
    url: `imap://${s.host}:${s.dovecot.imapPort}`,
    auth: { user: dove.user, password: dove.password },
    tls: { ca: readFileSync(s.dovecot.caFile, 'utf8'), servername: 'localhost' },
  });
  dir = mkdtempSync(join(tmpdir(), 'mailroom-cli-sync-'));
});
afterAll(() => remote.close());

async function fresh(messages: number) {
  const prefix = `mrcli${Date.now().toString(36)}${++n}`;
  const box = await remote.createMailbox([prefix]);
  for (let i = 0; i < messages; i++) await remote.addMessage(box.id, message(`cli ${prefix} ${i}`));
  const maildir = join(dir, prefix);
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
  const stateDir = join(dir, `${prefix}-state`);
  const args = [
    '--imap',
    `imap://${dove.user}@${s.host}:${s.dovecot.imapPort}`,
    '--ca',
    s.dovecot.caFile,
    '--password-env',
    'IMAP_PW',
    '--maildir',
    maildir,
    '--json',
    'sync',
    '--state-dir',
    stateDir,
    '--include',
    prefix,
  ];
  const local = new MaildirBackend({ root: maildir });
  const only = (name: string) => name === prefix;
  return { prefix, box, maildir, stateDir, args, local, only };
}

describe('mailroom sync (CLI, Dovecot ↔ Maildir)', () => {
  it('--dry-run --json prints the plan and changes nothing; a real sync then applies it', async () => {
    const c = await fresh(3);
    const dry = await runCli([...c.args, '--dry-run'], { env });
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout) as { counts: Record<string, number>; changes: unknown[] };
    expect(plan.counts).toEqual({ 'create-mailbox:local': 1, 'copy:local': 3 });
    expect(existsSync(c.stateDir)).toBe(false);
    expect(Object.keys(await view(c.local))).toEqual(['INBOX']);

    const real = await runCli(c.args, { env });
    expect(real.code).toBe(0);
    expect((JSON.parse(real.stdout) as { counts: unknown }).counts).toEqual(plan.counts);
    expect(await view(c.local, c.only)).toEqual(await view(remote, c.only));
    const again = await runCli([...c.args, '--dry-run'], { env });
    expect((JSON.parse(again.stdout) as { changes: unknown[] }).changes).toEqual([]);
  });

  it(
    'Ctrl-C mid-sync exits 1 with ERR_ABORTED; the next run resumes, every message once',
    { timeout: 120_000 },
    async () => {
      const c = await fresh(400);
      const child = spawn(process.execPath, [CLI, ...c.args], {
        env: { PATH: process.env['PATH'] ?? '', HOME: dir, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      // Interrupt once the run has made some copies: the journal holds "done" records.
      await new Promise<void>((resolve) => {
        const check = () => {
          const journal = join(c.stateDir, 'journal');
          if (
            existsSync(journal) &&
            (readFileSync(journal, 'utf8').match(/"t":"done"/g) ?? []).length >= 20
          ) {
            watcher.close();
            resolve();
          }
        };
        mkdirSync(c.stateDir, { recursive: true });
        const watcher = watch(c.stateDir, check);
        check();
      });
      child.kill('SIGINT');
      const code = await new Promise<number>((resolve) =>
        child.on('close', (x) => resolve(x ?? -1)),
      );
      expect(code).toBe(1);
      expect(stderr).toContain('ERR_ABORTED');
      const partial = (await view(c.local, c.only))[c.prefix] ?? [];
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.length).toBeLessThan(400);

      const resumed = await runCli(c.args, { env });
      expect(resumed.code).toBe(0);
      const report = JSON.parse(resumed.stdout) as { counts: Record<string, number> };
      expect(report.counts['copy:local']).toBe(400 - partial.length);
      const final = await view(c.local, c.only);
      expect(final[c.prefix]).toHaveLength(400);
      expect(new Set(final[c.prefix]).size).toBe(400);
      expect(final).toEqual(await view(remote, c.only));
    },
  );

  it('--watch delivers a new server message into the Maildir', { timeout: 60_000 }, async () => {
    const c = await fresh(1);
    const child = spawn(process.execPath, [CLI, ...c.args, '--watch'], {
      env: { PATH: process.env['PATH'] ?? '', HOME: dir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let waiter: (() => void) | undefined;
    let buffer = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buffer += d;
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      lines.push(...parts);
      waiter?.();
    });
    const nextLine = (match: (l: string) => boolean) =>
      new Promise<string>((resolve) => {
        const look = () => {
          const hit = lines.find(match);
          if (hit !== undefined) {
            lines.splice(lines.indexOf(hit), 1);
            waiter = undefined;
            resolve(hit);
          }
        };
        waiter = look;
        look();
      });
    try {
      const start = JSON.parse(await nextLine((l) => l.includes('"trigger":"start"'))) as {
        report: { counts: Record<string, number> };
      };
      expect(start.report.counts['copy:local']).toBe(1);
      const sentAt = Date.now();
      await remote.addMessage(await mailboxId(remote, c.prefix), message(`watched ${c.prefix}`));
      await nextLine((l) => l.includes('"copy:local":1'));
      expect(Date.now() - sentAt).toBeLessThan(15_000);
      expect((await view(c.local, c.only))[c.prefix]).toHaveLength(2);
    } finally {
      child.kill('SIGINT');
      await new Promise((resolve) => child.on('close', resolve));
    }
  });
});
