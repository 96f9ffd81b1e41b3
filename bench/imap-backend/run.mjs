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
await runImapSuite({
  suite: 'imap-backend',
  entry: 'dist/backends/imap/index.js',
  describe: (env) =>
    `ImapBackend.listEnvelopes(${env.mailbox}, { pageSize: ${env.count} }) vs peers fetching UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE of 1:* sorted newest first; Dovecot on loopback, cleartext`,
  clients: {
    mailroom: [join(here, 'list-mailroom.mjs'), '$MODULE'],
    imapflow: [join(here, 'list-imapflow.mjs')],
    'node-imap': [join(here, 'list-nodeimap.mjs')],
  },
  extra: ['attachments'],
  crossCheckFields:
    'per message in listing order: UID, flags, RFC822.SIZE, Date as an instant, Message-ID, attachment (bench/imap-backend/listing-digest.mjs)',
  targets: { wallS: 0.4 },
});
