#!/usr/bin/env node
// IMAP client benchmark: ENVELOPE+FLAGS+UID of 10,000 messages from the private Dovecot on
// loopback, mailroom vs imapflow 1.7.8 vs node-imap 0.8.19 (and a raw socket doing no parsing,
// the floor). Equal work: every client hands out decoded subjects and display names and dates
// as instants (mailroom through its own RFC 2047 decoder and date parser, as the peers do
// internally), checked by a digest (digest.mjs) before any time counts; `mailroom (raw)` is the
// same fetch with no decoding anywhere, for the raw-to-raw figure against the floor. Each
// client runs in its own child process, interleaved, median of BENCH_RUNS.
// Writes bench/results/imap-client.json and prints ratios.
//   bash test/servers/ensure.sh && node bench/imap-client/run.mjs
// Env: BENCH_COUNT (10000), BENCH_RUNS (3), BENCH_MAILBOX (bench).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runImapSuite } from './suite.mjs';

const here = dirname(fileURLToPath(import.meta.url));
await runImapSuite({
  suite: 'imap-client',
  entry: 'bench/imap-client/entry.mjs',
  describe: (env) =>
    `UID FETCH 1:* (UID FLAGS ENVELOPE), ${env.count} messages, Dovecot on loopback, cleartext, no COMPRESS; every client but the raw ones decodes subjects and names (RFC 2047) and parses dates`,
  clients: {
    mailroom: [join(here, 'fetch-mailroom.mjs'), '$MODULE', 'decoded'],
    'mailroom (raw)': [join(here, 'fetch-mailroom.mjs'), '$MODULE', 'raw'],
    imapflow: [join(here, 'fetch-imapflow.mjs')],
    'node-imap': [join(here, 'fetch-nodeimap.mjs')],
    'raw-socket (floor)': [join(here, 'fetch-raw.mjs')],
  },
  extra: ['subjectChars'],
  crossCheckFields:
    'per message in UID order: UID, flags, decoded subject, From and To (decoded name, address), Date as an instant, Message-ID',
  crossCheckExclude: {
    'mailroom (raw)': 'no decoding: its subjects, names and dates are the wire strings',
    'raw-socket (floor)': 'reads the bytes and parses nothing',
  },
  targets: { wallS: 0.35, peakRssMB: 70 },
});
