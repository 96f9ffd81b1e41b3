#!/usr/bin/env node
// IMAP backend benchmark: `new ImapBackend(cfg).listEnvelopes(mailbox, { pageSize: 10000 })` on
// the 10k-message bench mailbox of the private Dovecot (the same data as bench/imap-client),
// vs imapflow 1.7.8 and node-imap 0.8.19 fetching the same items (UID FLAGS INTERNALDATE
// RFC822.SIZE ENVELOPE BODYSTRUCTURE) and sorting newest first. Each client runs in its own
// child process, interleaved, median of BENCH_RUNS (3). Writes bench/results/imap-backend.json.
//   bash test/servers/ensure.sh && node bench/imap-backend/run.mjs
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runImapSuite } from '../imap-client/suite.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const crossCheckFields =
  'per message in listing order: UID, flags, RFC822.SIZE, Date as an instant, Message-ID, attachment (bench/imap-backend/listing-digest.mjs)';
const clients = (pages) => ({
  mailroom: [join(here, 'list-mailroom.mjs'), '$MODULE', `${pages}`],
  imapflow: [join(here, 'list-imapflow.mjs'), `${pages}`],
  'node-imap': [join(here, 'list-nodeimap.mjs'), `${pages}`],
});
await runImapSuite({
  suite: 'imap-backend',
  entry: 'dist/backends/imap/index.js',
  describe: (env) =>
    `ImapBackend.listEnvelopes(${env.mailbox}, { pageSize: ${env.count} }) vs peers fetching UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE of 1:* sorted newest first; Dovecot on loopback, cleartext`,
  clients: clients(0),
  extra: ['attachments'],
  crossCheckFields,
  targets: { wallS: 0.4 },
});
// The cases users feel: the newest page of 50 of the 10,000, then paging through 10 pages; and
// the newest page of a mailbox of 100,000 (BENCH_PAGE_100K=0 skips it: seeding it once takes
// minutes and 3.7 GB of Dovecot's disk).
const cases = [
  { pages: 1, count: 10_000, suite: 'imap-backend-first-page' },
  { pages: 10, count: 10_000, suite: 'imap-backend-10-pages' },
  ...(process.env.BENCH_PAGE_100K === '0'
    ? []
    : [{ pages: 1, count: 100_000, suite: 'imap-backend-first-page-100k' }]),
];
for (const { pages, count, suite } of cases) {
  process.env.BENCH_COUNT = String(count); // the children read it (env.mjs)
  await runImapSuite({
    suite,
    entry: 'dist/backends/imap/index.js',
    describe: (env) =>
      `the first ${pages === 1 ? 'page' : `${pages} pages`} of 50 of ${env.count} messages, newest first, one listEnvelopes({ page, pageSize: 50 }) per page (UID SORT + UID FETCH of the page); node-imap: UID SORT (REVERSE DATE REVERSE ARRIVAL) + UID FETCH per page; imapflow (no SORT): UID + ENVELOPE of 1:*, sorted, then UID FETCH of the page; Dovecot on loopback, cleartext`,
    clients: clients(pages),
    extra: ['attachments'],
    crossCheckFields,
    expectCount: 50 * pages,
  });
}
