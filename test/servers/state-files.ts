/**
 * Turns the KEY=VALUE files that the *-up.sh scripts write into test/servers/.run/ into the
 * ServerCoordinates contract (coordinates.ts). Node-only; used by global-setup.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Account, ServerCoordinates } from './coordinates.js';

export const SERVERS_DIR = dirname(fileURLToPath(import.meta.url));
export const STATE_DIR = process.env['MAILTEST_STATE'] ?? join(SERVERS_DIR, '.run');
export const FIX_HINT =
  'run: bash test/servers/ensure.sh  (as root on Debian 12; it installs and starts them)';

export type EnvFile = Record<string, string>;

/** Parses `KEY=VALUE` lines; the value is everything after the first `=`. */
export function parseEnv(text: string): EnvFile {
  const env: EnvFile = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith('#')) env[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return env;
}

export function readEnvFile(name: 'dovecot' | 'cyrus' | 'smtp'): EnvFile {
  const path = join(STATE_DIR, `${name}.env`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${name} test server is not running (no ${path}); ${FIX_HINT}`);
  }
  return parseEnv(text);
}

function field(env: EnvFile, file: string, key: string): string {
  const value = env[key];
  if (value === undefined || value === '') {
    throw new Error(`${file}.env lacks ${key} (stale state file?); ${FIX_HINT}`);
  }
  return value;
}

function port(env: EnvFile, file: string, key: string): number {
  const n = Number(field(env, file, key));
  if (!Number.isInteger(n) || n <= 0 || n > 65535)
    throw new Error(`${file}.env: bad ${key}; ${FIX_HINT}`);
  return n;
}

function users(env: EnvFile, file: string, prefix: string): [Account, Account] {
  return [
    { user: field(env, file, `${prefix}_USER`), password: field(env, file, `${prefix}_PASS`) },
    { user: field(env, file, `${prefix}_USER2`), password: field(env, file, `${prefix}_PASS2`) },
  ];
}

export function readCoordinates(): ServerCoordinates {
  const d = readEnvFile('dovecot');
  const c = readEnvFile('cyrus');
  const s = readEnvFile('smtp');
  return {
    host: field(d, 'dovecot', 'DOVECOT_HOST'),
    dovecot: {
      imapPort: port(d, 'dovecot', 'DOVECOT_IMAP_PORT'),
      imapsPort: port(d, 'dovecot', 'DOVECOT_IMAPS_PORT'),
      submissionPort: port(d, 'dovecot', 'DOVECOT_SUBMISSION_PORT'),
      submissionsPort: port(d, 'dovecot', 'DOVECOT_SUBMISSIONS_PORT'),
      lmtpPort: port(d, 'dovecot', 'DOVECOT_LMTP_PORT'),
      users: users(d, 'dovecot', 'DOVECOT'),
      maildir: field(d, 'dovecot', 'DOVECOT_MAILDIR'),
      caFile: field(d, 'dovecot', 'DOVECOT_CA'),
      domain: field(d, 'dovecot', 'DOVECOT_DOMAIN'),
      restartCommand: field(d, 'dovecot', 'DOVECOT_RESTART'),
    },
    cyrus: {
      imapPort: port(c, 'cyrus', 'CYRUS_IMAP_PORT'),
      imapsPort: port(c, 'cyrus', 'CYRUS_IMAPS_PORT'),
      lmtpPort: port(c, 'cyrus', 'CYRUS_LMTP_PORT'),
      jmapUrl: field(c, 'cyrus', 'CYRUS_JMAP_URL'),
      jmapsUrl: field(c, 'cyrus', 'CYRUS_JMAPS_URL'),
      users: users(c, 'cyrus', 'CYRUS'),
      admin: {
        user: field(c, 'cyrus', 'CYRUS_ADMIN'),
        password: field(c, 'cyrus', 'CYRUS_ADMIN_PASS'),
      },
      caFile: field(c, 'cyrus', 'CYRUS_CA'),
      domain: field(c, 'cyrus', 'CYRUS_DOMAIN'),
    },
    postfix: {
      smtpPort: port(s, 'smtp', 'SMTP_PORT'),
      submissionPort: port(s, 'smtp', 'SMTP_SUBMISSION_PORT'),
      smtpsPort: port(s, 'smtp', 'SMTPS_PORT'),
      caFile: field(s, 'smtp', 'SMTP_CA'),
    },
  };
}
