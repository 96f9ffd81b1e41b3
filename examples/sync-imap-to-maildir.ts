/**
 * Two-way sync of an IMAP account with a local Maildir (docs/sync.md): every mailbox, new mail,
 * flags and keywords, deletions, moves and mailbox changes, both ways, incremental, with its
 * state (lock, journal, snapshot) under $XDG_STATE_HOME/mailroom/sync/<account>. Run it again
 * and it does only what changed since. Env: IMAP_URL, IMAP_USER, IMAP_PASSWORD, MAILDIR,
 * and DRY_RUN=1 to print the plan instead.
 */
import { ImapBackend } from '../src/backends/imap/index.js';
import { MaildirBackend } from '../src/backends/maildir/index.js';
import { Sync } from '../src/sync/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`set ${name}`);
  return value;
};

const remote = new ImapBackend({
  url: env('IMAP_URL'),
  auth: { user: env('IMAP_USER'), password: env('IMAP_PASSWORD') },
});
const local = new MaildirBackend({ root: env('MAILDIR'), create: true });
const sync = new Sync({ remote, local, account: `${env('IMAP_USER')}@${env('IMAP_URL')}` });

try {
  if (process.env['DRY_RUN'] === '1') {
    const plan = await sync.plan();
    for (const change of plan.changes) console.log(JSON.stringify(change));
    console.log(plan.counts, `${plan.conflicts.length} conflicts`);
  } else {
    const report = await sync.run({
      onProgress: (p) => p.phase === 'apply' && process.stderr.write(`\r${p.done}/${p.total}`),
    });
    console.log('\n', report.counts, report.conflicts, report.errors);
  }
} finally {
  await remote.close();
}
