// Bench coordinates: the private Dovecot from test/servers (ensure.sh), user 2, mailbox
// `bench-<corpus id>-<count>` (a dedicated user/mailbox so other tests' data is not disturbed).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_ID } from '../corpus/id.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export function benchEnv() {
  const file = process.env.MAILTEST_STATE
    ? join(process.env.MAILTEST_STATE, 'dovecot.env')
    : join(root, 'test/servers/.run/dovecot.env');
  const env = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) env[line.slice(0, i)] = line.slice(i + 1);
  }
  const count = Number(process.env.BENCH_COUNT ?? 10000);
  return {
    host: env.DOVECOT_HOST ?? '127.0.0.1',
    port: Number(env.DOVECOT_IMAP_PORT ?? 1143),
    user: env.DOVECOT_USER2 ?? 'testuser2',
    password: env.DOVECOT_PASS2 ?? 'testpass2',
    mailbox: process.env.BENCH_MAILBOX ?? `bench-${CORPUS_ID}-${count}`,
    count,
  };
}
