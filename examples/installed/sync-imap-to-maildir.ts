/**
 * Two-way sync of an IMAP account with a local Maildir (docs/sync.md), against the installed
 * package: every mailbox (or the INCLUDE glob), new mail, flags and keywords, deletions, moves
 * and mailbox changes, both ways, incremental, with its state (lock, journal, snapshot) under
 * $XDG_STATE_HOME/mailroom/sync/<account>. Run it again and it does only what changed since.
 * Env: IMAP_URL, IMAP_USER, IMAP_PASSWORD, MAILDIR; optional INCLUDE (a mailbox glob),
 * IMAP_STARTTLS=never (loopback) and DRY_RUN=1 to print the plan instead. Prints one JSON line: the counts per kind of change.
 * Run in CI by test/integration/installed-package.test.ts against Dovecot.
 */
import { ImapBackend } from 'mailroom/imap';
import { MaildirBackend } from 'mailroom/maildir';
import { Sync } from 'mailroom/sync';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`set ${name}`);
  return value;
};

const remote = new ImapBackend({
  url: env('IMAP_URL'),
  auth: { user: env('IMAP_USER'), password: env('IMAP_PASSWORD') },
  // IMAP_STARTTLS=never: cleartext, for a server on loopback only
  ...(process.env['IMAP_STARTTLS'] === 'never' ? { starttls: 'never' as const } : {}),
});
const local = new MaildirBackend({ root: env('MAILDIR'), create: true });
const include = process.env['INCLUDE'];
const sync = new Sync({
  remote,
  local,
  account: `${env('IMAP_USER')}@${env('IMAP_URL')}`,
  ...(include === undefined ? {} : { include: [include] }),
});

try {
  if (process.env['DRY_RUN'] === '1') {
    const plan = await sync.plan();
    for (const change of plan.changes) console.error(JSON.stringify(change));
    console.log(JSON.stringify({ planned: plan.counts, conflicts: plan.conflicts.length }));
  } else {
    const report = await sync.run({
      onProgress: (p) => {
        if (p.phase === 'apply' && process.stderr.isTTY)
          process.stderr.write(`\r${p.done}/${p.total}`);
      },
    });
    console.log(JSON.stringify({ done: report.counts, errors: report.errors.length }));
  }
} finally {
  await remote.close();
}
