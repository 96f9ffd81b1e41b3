/**
 * `mailroom sync`: keep the account's local store (--maildir/--m2dir or the config's) and its
 * server (--imap/--jmap or the config's) in step (docs/sync.md, docs/cli.md). `--dry-run`
 * prints the plan (`--json`: the Plan document), `--watch` keeps syncing, Ctrl-C stops cleanly
 * (the state is committed; the next run resumes). A progress line on a TTY.
 */
import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import type { Backend } from '../../shared/backend.js';
import { MailError } from '../../shared/errors.js';
import { Sync } from '../../sync/index.js';
import type { Change, Direction, Plan, SyncProgress, SyncReport } from '../../sync/index.js';
import type { GlobalFlags } from '../context.js';
import { UsageError } from '../fail.js';
import { toJsonText } from '../format.js';
import { openClient } from '../open-client.js';

interface SyncFlags {
  dryRun?: boolean;
  watch?: boolean;
  direction: string;
  include: string[];
  exclude: string[];
  force?: boolean;
  stateDir?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function describeChange(c: Change): string {
  const where = `${c.side.padEnd(6)} ${c.mailbox}`;
  switch (c.kind) {
    case 'copy':
      return `copy          ${where}  ${c.key}  [${c.flags.join(' ')}]`;
    case 'flags':
      return `flags         ${where}  ${c.key}  [${c.flags.join(' ')}]`;
    case 'delete':
      return `delete        ${where}  ${c.key}`;
    case 'move':
      return `move          ${where} → ${c.to}  ${c.key}`;
    case 'rename-mailbox':
      return `rename-box    ${where} → ${c.to}`;
    default:
      return `${c.kind.padEnd(13)} ${where}`;
  }
}

function summary(plan: Plan | SyncReport): string {
  const counts = Object.entries(plan.counts).map(([k, n]) => `${k} ${n}`);
  const lines = [counts.length === 0 ? 'nothing to do' : counts.join(', ')];
  for (const c of plan.conflicts) lines.push(`conflict ${c.kind} in ${c.mailbox}: ${c.resolution}`);
  if ('errors' in plan)
    for (const e of plan.errors)
      lines.push(`error ${e.code}: ${describeChange(e.change)}: ${e.message} (retried next run)`);
  return lines.join('\n');
}

function accountId(flags: GlobalFlags, accountName: string | undefined): string {
  if (accountName !== undefined) return accountName;
  const parts = [flags.imap ?? flags.jmap, flags.user, flags.maildir ?? flags.m2dir];
  return `flags-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16)}`;
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function progressLine(start: number): (p: SyncProgress) => void {
  if (!process.stderr.isTTY) return () => undefined;
  return (p) => {
    if (p.phase === 'scan') {
      process.stderr.write(`\r\x1b[Kscanning ${p.mailbox ?? ''}`);
      return;
    }
    if (p.phase === 'done') {
      process.stderr.write('\r\x1b[K');
      return;
    }
    const elapsed = (Date.now() - start) / 1000;
    const share = p.total === 0 ? 1 : p.done / p.total;
    const eta = share > 0 ? Math.max(0, elapsed / share - elapsed) : 0;
    const width = 24;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
    process.stderr.write(
      `\r\x1b[K[${bar}] ${p.done}/${p.total} changes  ${mb(p.bytes)}/${mb(p.totalBytes)}  ETA ${eta.toFixed(0)}s`,
    );
  };
}

async function pickSides(backends: Backend[]): Promise<{ remote: Backend; local: Backend }> {
  const local = backends.filter((b) => b.kind === 'maildir' || b.kind === 'm2dir');
  const remote = backends.filter((b) => b.kind === 'imap' || b.kind === 'jmap');
  if (local.length !== 1 || remote.length !== 1)
    throw new MailError('ERR_CONFIG', 'sync needs one local store and one server', {
      hint: 'e.g. mailroom --imap imaps://host --user me --maildir ~/Mail sync (or an account with both)',
    });
  return { remote: remote[0] as Backend, local: local[0] as Backend };
}

/**
 * IMAP connections a sync may open: each mailbox is observed and copied on a connection of its
 * own, so through latency the round trips of many mailboxes overlap (bench/results/sync.json,
 * '… many'). Four stays well under Dovecot's default of 10 per user and IP.
 */
const SYNC_IMAP_CONNECTIONS = 4;

export function registerSyncCommand(program: Command): void {
  program
    .command('sync')
    .description('two-way sync of the local store with the server (docs/sync.md)')
    .option('--dry-run', 'print the plan, change nothing')
    .option('--watch', 'keep syncing as changes arrive (Ctrl-C to stop)')
    .option('--direction <both|pull|push>', 'which way changes flow', 'both')
    .option('--include <pattern>', 'sync only mailboxes matching (repeatable)', collect, [])
    .option('--exclude <pattern>', 'skip mailboxes matching (repeatable)', collect, [])
    .option('--force', 'allow mass deletions and deleting non-empty mailboxes')
    .option('--state-dir <dir>', 'state directory (default $XDG_STATE_HOME/mailroom/sync/…)')
    .action(async (opts: SyncFlags) => {
      const flags = program.opts<GlobalFlags>();
      if (!['both', 'pull', 'push'].includes(opts.direction))
        throw new UsageError(`--direction must be both, pull or push (not ${opts.direction})`);
      const opened = await openClient(flags, { imapPoolSize: SYNC_IMAP_CONNECTIONS });
      if (opened.embeddedDefault)
        throw new MailError('ERR_CONFIG', 'nothing to sync: no server configured', {
          hint: 'pass --imap URL (or --jmap URL) and --maildir DIR (or --m2dir DIR)',
        });
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const client = opened.client;
        const backends = await Promise.all(client.backendNames.map((n) => client.backend(n)));
        const sides = await pickSides(backends);
        const sync = new Sync({
          ...sides,
          ...(opts.stateDir === undefined
            ? { account: accountId(flags, opened.accountName) }
            : { stateDir: opts.stateDir }),
          direction: opts.direction as Direction,
          include: opts.include,
          exclude: opts.exclude,
          force: opts.force === true,
        });
        const out = (json: unknown, human: string): void => {
          process.stdout.write(`${flags.json === true ? toJsonText(json) : human}\n`);
        };
        if (opts.dryRun === true) {
          const plan = await sync.plan({ signal: controller.signal });
          out(plan, [...plan.changes.map(describeChange), summary(plan)].join('\n'));
          return;
        }
        if (opts.watch === true) {
          process.stderr.write('syncing; then watching for changes (Ctrl-C to stop)\n');
          for await (const event of sync.watch({
            signal: controller.signal,
            onProgress: progressLine(Date.now()),
          })) {
            if (event.type === 'error') {
              out({ type: 'error', error: event.error }, `sync failed: ${event.error.message}`);
            } else {
              out(event, `${new Date().toISOString()} ${event.trigger}: ${summary(event.report)}`);
            }
          }
          return;
        }
        const report = await sync.run({
          signal: controller.signal,
          onProgress: progressLine(Date.now()),
        });
        out(report, `${summary(report)}\n${(report.durationMs / 1000).toFixed(1)} s`);
      } catch (error) {
        if (controller.signal.aborted)
          throw new MailError('ERR_ABORTED', 'sync interrupted; the next sync resumes from here', {
            cause: error,
          });
        throw error;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await opened.client.close();
      }
    });
}
