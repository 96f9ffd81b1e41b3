#!/usr/bin/env node
// IMAP client benchmark: ENVELOPE+FLAGS+UID of 10,000 messages from the private Dovecot on
// loopback, mailroom vs imapflow 1.7.8 vs node-imap 0.8.19 (and a raw socket doing no parsing,
// the floor). Each client runs in its own child process, interleaved, median of BENCH_RUNS.
// Writes bench/results/imap-client.json and prints ratios.
//   bash test/servers/ensure.sh && node bench/imap-client/run.mjs
// Env: BENCH_COUNT (10000), BENCH_RUNS (3), BENCH_MAILBOX (bench).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runImapSuite } from './suite.mjs';

const here = dirname(fileURLToPath(import.meta.url));
await runImapSuite({
  suite: 'imap-client',
  entry: 'src/backends/imap/client/client.ts',
  describe: (env) =>
    `UID FETCH 1:* (UID FLAGS ENVELOPE), ${env.count} messages, Dovecot on loopback, cleartext, no COMPRESS`,
  clients: {
    mailroom: [join(here, 'fetch-mailroom.mjs'), '$MODULE'],
    imapflow: [join(here, 'fetch-imapflow.mjs')],
    'node-imap': [join(here, 'fetch-nodeimap.mjs')],
    'raw-socket (floor)': [join(here, 'fetch-raw.mjs')],
  },
  extra: ['subjectChars'],
  targets: { wallS: 0.35, peakRssMB: 70 },
});
