// Shared by the JMAP bench scripts: where Cyrus is, which account and mailbox hold the data.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_ID } from '../corpus/id.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');

function cyrusEnv() {
  const file = join(process.env.MAILTEST_STATE ?? join(repo, 'test/servers/.run'), 'cyrus.env');
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

const env = cyrusEnv();
/** The bench data lives in the second test user's own mailbox, away from the test suites. */
export const target = {
  url: process.env.JMAP_BENCH_URL ?? env.CYRUS_JMAP_URL ?? 'http://127.0.0.1:8080',
  user: process.env.JMAP_BENCH_USER ?? env.CYRUS_USER2 ?? 'testuser2',
  password: process.env.JMAP_BENCH_PASS ?? env.CYRUS_PASS2 ?? 'testpass2',
  mailbox: process.env.JMAP_BENCH_MAILBOX ?? `mailroom-bench-10k-${CORPUS_ID}`,
  count: Number(process.env.JMAP_BENCH_COUNT ?? 10_000),
  imapHost: env.CYRUS_HOST ?? '127.0.0.1',
  imapPort: Number(env.CYRUS_IMAP_PORT ?? 3143),
};

export const basic = (t) => `Basic ${Buffer.from(`${t.user}:${t.password}`).toString('base64')}`;
