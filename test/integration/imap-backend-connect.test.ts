/**
 * ImapBackend connection handling on Dovecot: an access token authenticates through SASL
 * (Dovecot's test passdb checks OAUTHBEARER / XOAUTH2 tokens as the password, so this tests
 * the framing, not a real OAuth provider), a wrong token is ERR_AUTH without the token in the
 * message, and poolSize 2 serves two concurrent calls on two connections.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImapBackend, type ImapConfig } from '../../src/backends/imap/index.js';
import { isMailError } from '../../src/shared/errors.js';
import { servers } from '../servers/coordinates.js';

function config(extra: Partial<ImapConfig> = {}): ImapConfig {
  const { host, dovecot } = servers();
  const [user] = dovecot.users;
  return {
    url: `imap://${host}:${dovecot.imapPort}`,
    auth: { user: user.user, password: user.password },
    tls: { ca: readFileSync(dovecot.caFile, 'utf8'), servername: 'localhost' },
    ...extra,
  };
}

describe('imap backend on Dovecot: token authentication', () => {
  it('auth.accessToken logs in through OAUTHBEARER / XOAUTH2', async () => {
    const [user] = servers().dovecot.users;
    const backend = new ImapBackend(
      config({ auth: { user: user.user, accessToken: user.password } }),
    );
    try {
      const boxes = await backend.listMailboxes();
      expect(boxes.some((b) => b.role === 'inbox')).toBe(true);
    } finally {
      await backend.close();
    }
  });

  for (const mechanism of ['OAUTHBEARER', 'XOAUTH2']) {
    it(`a wrong token is ERR_AUTH (${mechanism}) and the token stays out of the message`, async () => {
      const [user] = servers().dovecot.users;
      const token = 'wrong-token-0123456789';
      const backend = new ImapBackend(
        config({ auth: { user: user.user, accessToken: token, mechanism } }),
      );
      try {
        const error = await backend.listMailboxes().catch((e: unknown) => e);
        expect(isMailError(error, 'ERR_AUTH')).toBe(true);
        expect((error as Error).message).not.toContain(token);
      } finally {
        await backend.close();
      }
    });
  }
});

describe('imap backend on Dovecot: poolSize', () => {
  it('two concurrent calls on poolSize 2 use two connections; the default uses one', async () => {
    for (const [poolSize, expected] of [
      [2, 2],
      [1, 1],
    ] as const) {
      const backend = new ImapBackend(config({ poolSize }));
      try {
        const [boxes, page] = await Promise.all([
          backend.listMailboxes({ counts: true }),
          backend.listEnvelopes('INBOX', { pageSize: 5 }),
        ]);
        expect(boxes.length).toBeGreaterThan(0);
        expect(page.envelopes.length).toBeLessThanOrEqual(5);
        const pool = (backend as unknown as { link: { opened: number } }).link;
        expect(pool.opened).toBe(expected);
      } finally {
        await backend.close();
      }
    }
  });
});
