import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/shared/config.js';
import { MailError } from '../../../src/shared/errors.js';

type Kind = Parameters<typeof parseConfig>[0];

const valid: [kind: Kind, config: unknown][] = [
  ['maildir', { root: '~/Mail' }],
  ['maildir', { root: '/var/mail/a', layout: 'maildir++', create: true }],
  ['m2dir', { root: './store', create: false }],
  ['imap', { url: 'imaps://mail.example.org', auth: { user: 'u', password: 'p' } }],
  [
    'imap',
    {
      host: '127.0.0.1',
      port: 1143,
      starttls: 'never',
      auth: { user: 'u', accessToken: 't', mechanism: 'XOAUTH2' },
      tls: { ca: ['PEM'], servername: 'x', rejectUnauthorized: false },
      timeouts: { connectMs: 1000, commandMs: 5000 },
      compress: true,
      poolSize: 4,
      diff: 'qresync',
      id: { name: 'mailroom' },
    },
  ],
  ['jmap', { url: 'https://jmap.example.org', auth: { bearer: 'token' } }],
  // what readFileSync returns and node:tls accepts
  ['jmap', { url: 'https://x', auth: { bearer: 't' }, tls: { ca: Buffer.from('PEM') } }],
  ['imap', { host: 'h', tls: { ca: [Buffer.from('a'), 'b', new Uint8Array([0x2d])] } }],
  ['smtp', { host: 'h', tls: { ca: Buffer.from('PEM') } }],
  ['jmap', { url: 'https://x', auth: { user: 'u', password: '' }, accountId: 'a1' }],
  ['smtp', { url: 'smtp://mail.example.org:587', auth: { user: 'u', password: 'p' }, pool: true }],
  ['smtp', { host: 'localhost', secure: true, clientName: 'me', reversePath: 'a@b' }],
];

/** Each case: a config with one wrong key, and the key path the error must name. */
const invalid: [kind: Kind, config: unknown, key: string][] = [
  ['maildir', {}, 'root'],
  ['maildir', { root: '' }, 'root'],
  ['maildir', { root: '/m', layout: 'mbox' }, 'layout'],
  ['maildir', { root: '/m', create: 'yes' }, 'create'],
  ['maildir', { root: '/m', roots: '/n' }, 'roots'],
  ['m2dir', { root: 3 }, 'root'],
  ['imap', { host: 'h', port: 0 }, 'port'],
  ['imap', { host: 'h', port: 70000 }, 'port'],
  ['imap', { host: 'h', starttls: 'optional' }, 'starttls'],
  ['imap', { host: 'h', auth: { user: '', password: 'p' } }, 'auth.user'],
  ['imap', { host: 'h', auth: { user: 'u' } }, 'auth'],
  ['imap', { host: 'h', tls: { rejectUnauthorised: false } }, 'tls'],
  ['imap', { host: 'h', timeouts: { connectMs: -1 } }, 'timeouts.connectMs'],
  ['imap', { host: 'h', poolSize: 17 }, 'poolSize'],
  ['imap', { host: 'h', diff: 'magic' }, 'diff'],
  ['imap', { host: 'h', compres: true }, 'compres'],
  ['jmap', { auth: { bearer: 't' } }, 'url'],
  ['jmap', { url: 'https://x', auth: { token: 't' } }, 'auth'],
  ['smtp', { host: 'h', pool: 1 }, 'pool'],
  ['imap', { host: 'h', tls: { ca: 42 } }, 'tls.ca'],
  ['jmap', { url: 'https://x', auth: { bearer: 't' }, tls: { ca: [{}] } }, 'tls.ca'],
  ['smtp', { host: 'h', secure: 'true' }, 'secure'],
];

function configError(kind: Kind, config: unknown): MailError {
  try {
    parseConfig(kind, config);
  } catch (error) {
    expect(error).toBeInstanceOf(MailError);
    return error as MailError;
  }
  throw new Error('expected ERR_CONFIG');
}

describe('config validation', () => {
  for (const [kind, config] of valid) {
    it(`accepts ${kind} ${JSON.stringify(config)}`, () => {
      expect(parseConfig(kind, config)).toEqual(config);
    });
  }

  for (const [kind, config, key] of invalid) {
    it(`rejects ${kind} ${JSON.stringify(config)} naming '${key}'`, () => {
      const error = configError(kind, config);
      expect(error.code).toBe('ERR_CONFIG');
      expect(error.message).toContain(key);
      expect(error.message).toContain(kind);
      // and what was expected: never zod's bare "Invalid input"
      expect(error.message).not.toMatch(/Invalid input$|Invalid input;/);
    });
  }

  it('needs url or host for imap and smtp', () => {
    for (const kind of ['imap', 'smtp'] as const) {
      const error = configError(kind, { auth: { user: 'u', password: 'p' } });
      expect(error.code).toBe('ERR_CONFIG');
      expect(error.message).toMatch(/url or host/);
    }
  });

  it('never echoes secrets in the error', () => {
    const error = configError('imap', {
      host: 'h',
      port: 'x',
      auth: { user: 'u', password: 's3cr3t-PASSWORD' },
    });
    expect(JSON.stringify(error.toJSON())).not.toContain('s3cr3t-PASSWORD');
    expect(error.message).not.toContain('s3cr3t-PASSWORD');
    const jmap = configError('jmap', { url: 'https://x', auth: { bearer: 'tok-SECRET', x: 1 } });
    expect(JSON.stringify(jmap.toJSON())).not.toContain('tok-SECRET');
  });

  it('rejects non-objects', () => {
    for (const kind of ['maildir', 'm2dir', 'imap', 'jmap', 'smtp'] as const) {
      for (const bad of [null, 'root', 42, []])
        expect(configError(kind, bad).code).toBe('ERR_CONFIG');
    }
  });
});
