/**
 * A dependency-free check of an ImapConfig for ImapBackend, layer 3 (`ImapClient.connect`) and
 * EmailClient.withImap, so IMAP users do not load zod (~110 ms and ~14 MB RSS). It mirrors the imap schema in
 * shared/config.ts (the source of truth; test/unit/imap/config-check.test.ts checks they agree on
 * generated configs): unknown keys and wrong types are ERR_CONFIG naming the key.
 *
 * Why a second validator (docs/architecture.md, Rules): a process that lists the first 50
 * envelopes of a Dovecot INBOX on loopback took a median 0.40 s, and 0.50 s when zod is loaded
 * too (6 runs each, 2 cores) — 25% end to end. Loading zod lazily instead would move config
 * errors from the constructor to the first call. The CLI: `mailroom --maildir DIR list` takes a
 * median 0.25 s with these checks, 0.41 s when the client validated with zod (5 runs each).
 */
import { MailError } from '../errors.js';
import type { ImapConfig } from '../config.js';

type Check = (value: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isPem: Check = (v) => typeof v === 'string' || v instanceof Uint8Array;
const isBoolean: Check = (v) => typeof v === 'boolean';
const isPositiveInt: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isPort: Check = (v) => isPositiveInt(v) && (v as number) <= 65535;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(key: string, expected: string): never {
  throw new MailError('ERR_CONFIG', `invalid imap config: ${key}: expected ${expected}`, {
    details: { issues: [{ path: key, message: `expected ${expected}` }] },
    hint: `check the imap configuration key ${key}`,
  });
}

function checkObject(value: unknown, path: string, fields: Record<string, [Check, string]>): void {
  if (!isObject(value)) fail(path, 'an object');
  for (const [key, v] of Object.entries(value)) {
    const rule = fields[key];
    const where = path === '' ? key : `${path}.${key}`;
    if (rule === undefined) fail(where, 'no such key');
    if (v !== undefined && !rule[0](v)) fail(where, rule[1]);
  }
}

const TLS: Record<string, [Check, string]> = {
  ca: [
    (v) => isPem(v) || (Array.isArray(v) && v.every(isPem)),
    'a PEM string or Buffer, or an array of them',
  ],
  servername: [isString, 'a string'],
  rejectUnauthorized: [isBoolean, 'a boolean'],
};
const TIMEOUTS: Record<string, [Check, string]> = {
  connectMs: [isPositiveInt, 'a positive integer'],
  greetingMs: [isPositiveInt, 'a positive integer'],
  commandMs: [isPositiveInt, 'a positive integer'],
  idleMs: [isPositiveInt, 'a positive integer'],
};
const AUTH: Record<string, [Check, string]> = {
  user: [(v) => isString(v) && v !== '', 'a non-empty string'],
  password: [isString, 'a string'],
  accessToken: [isString, 'a string'],
  mechanism: [isString, 'a string'],
};

export function checkImapConfig(value: unknown): ImapConfig {
  checkObject(value, '', {
    url: [isString, 'a string'],
    host: [isString, 'a string'],
    port: [isPort, 'a port number'],
    secure: [isBoolean, 'a boolean'],
    starttls: [(v) => v === 'required' || v === 'never', "'required' or 'never'"],
    tls: [(v) => (checkObject(v, 'tls', TLS), true), 'an object'],
    timeouts: [(v) => (checkObject(v, 'timeouts', TIMEOUTS), true), 'an object'],
    auth: [(v) => (checkObject(v, 'auth', AUTH), true), 'an object'],
    compress: [isBoolean, 'a boolean'],
    poolSize: [(v) => isPositiveInt(v) && (v as number) <= 16, 'an integer 1–16'],
    diff: [
      (v) => ['auto', 'qresync', 'condstore', 'plain'].includes(v as string),
      'auto|qresync|condstore|plain',
    ],
    id: [(v) => isObject(v) && Object.values(v).every(isString), 'an object of strings'],
  });
  const config = value as ImapConfig;
  if (config.url === undefined && config.host === undefined) fail('url', 'url or host');
  if (config.auth !== undefined && config.auth.user === undefined)
    fail('auth.user', 'a non-empty string');
  if (
    config.auth !== undefined &&
    config.auth.password === undefined &&
    config.auth.accessToken === undefined
  )
    fail('auth', 'either password or accessToken');
  return structuredClone(config); // the caller may mutate theirs later
}
