// One sync run, in its own process, for the crash test (test/integration/sync-crash.test.ts):
// the built package, Dovecot IMAP ↔ a Maildir, one mailbox. Env: IMAP_URL, IMAP_USER,
// IMAP_PASSWORD, IMAP_CA, MAILDIR, STATE_DIR, MAILBOX.
import { readFileSync } from 'node:fs';
import { ImapBackend } from '../../dist/backends/imap/index.js';
import { MaildirBackend } from '../../dist/backends/maildir/index.js';
import { Sync } from '../../dist/sync/index.js';

const env = (name) =>
  process.env[name] ??
  (() => {
    throw new Error(`set ${name}`);
  })();
const remote = new ImapBackend({
  url: env('IMAP_URL'),
  auth: { user: env('IMAP_USER'), password: env('IMAP_PASSWORD') },
  tls: { ca: readFileSync(env('IMAP_CA'), 'utf8'), servername: 'localhost' },
});
const local = new MaildirBackend({ root: env('MAILDIR'), create: true });
try {
  const report = await new Sync({
    remote,
    local,
    stateDir: env('STATE_DIR'),
    include: [env('MAILBOX')],
    concurrency: 4,
  }).run();
  process.stdout.write(
    `${JSON.stringify({ counts: report.counts, errors: report.errors.length })}\n`,
  );
} finally {
  await remote.close();
}
