/**
 * ImapBackend's connection set-up (ops/connect.ts) against a scripted server: an access token
 * authenticates with OAUTHBEARER (RFC 7628) when offered, else XOAUTH2; never with LOGIN; a
 * refused token is ERR_AUTH without the token in the message. Passwords use the strongest SASL
 * mechanism offered, the LOGIN command only when no mechanism is, and a named one as is — the
 * same set-up as layer 3's ImapClient (client/session-setup.ts). Endpoints resolve the same way
 * for both.
 */
import { describe, expect, it } from 'vitest';
import { ImapConnection } from '../../../../src/backends/imap/client/connection.js';
import { resolveEndpoint } from '../../../../src/backends/imap/client/session-setup.js';
import { setUpConnection, type Endpoint } from '../../../../src/backends/imap/ops/connect.js';
import type { ImapConfig } from '../../../../src/shared/config.js';
import { isMailError } from '../../../../src/shared/errors.js';
import { FakeTransport } from '../fake-server.js';

const ENDPOINT: Endpoint = { host: 'mail.example.org', port: 993, secure: true };
const TOKEN = 'ya29.secret-token';
const decode = (b64: string): string => Buffer.from(b64, 'base64').toString('latin1');

/** A server offering `caps`; `acceptToken` decides what AUTHENTICATE answers. */
function server(caps: string, acceptToken = true) {
  const lines: string[] = [];
  let authTag: string | undefined;
  const transport = new FakeTransport((raw, push) => {
    const line = raw.replace(/\r\n$/, '');
    lines.push(line);
    if (authTag !== undefined) {
      // the client's answer to our error challenge (RFC 7628 §3.2.3)
      push(`${authTag} NO [AUTHENTICATIONFAILED] invalid token\r\n`);
      authTag = undefined;
      return;
    }
    const [tag = '', verb = ''] = line.split(' ');
    switch (verb.toUpperCase()) {
      case 'CAPABILITY':
        push(`* CAPABILITY ${caps}\r\n${tag} OK done\r\n`);
        return;
      case 'AUTHENTICATE':
        if (acceptToken) push(`${tag} OK authenticated\r\n`);
        else {
          authTag = tag;
          const json = Buffer.from('{"status":"invalid_token"}').toString('base64');
          push(`+ ${json}\r\n`);
        }
        return;
      case 'LOGIN':
        push(`${tag} OK logged in\r\n`);
        return;
      default:
        push(`${tag} BAD unexpected\r\n`);
    }
  });
  transport.push(`* OK [CAPABILITY ${caps}] ready\r\n`);
  const conn = new ImapConnection(transport);
  return { conn, lines };
}

const tokenConfig: ImapConfig = { auth: { user: 'ann@example.org', accessToken: TOKEN } };

describe('imap backend token authentication', () => {
  it('uses OAUTHBEARER when offered (preferred over XOAUTH2)', async () => {
    const { conn, lines } = server('IMAP4rev1 SASL-IR AUTH=XOAUTH2 AUTH=OAUTHBEARER AUTH=PLAIN');
    await setUpConnection(conn, tokenConfig, ENDPOINT);
    const auth = lines.find((l) => / AUTHENTICATE /.test(l)) ?? '';
    const [, , mechanism, initial = ''] = auth.split(' ');
    expect(mechanism).toBe('OAUTHBEARER');
    expect(decode(initial)).toBe(
      `n,a=ann@example.org,\x01host=mail.example.org\x01port=993\x01auth=Bearer ${TOKEN}\x01\x01`,
    );
    expect(lines.some((l) => / LOGIN /.test(l))).toBe(false);
    expect(conn.state).toBe('authenticated');
  });

  it('falls back to XOAUTH2 when that is all the server offers', async () => {
    const { conn, lines } = server('IMAP4rev1 SASL-IR AUTH=XOAUTH2 AUTH=PLAIN');
    await setUpConnection(conn, tokenConfig, ENDPOINT);
    const auth = lines.find((l) => / AUTHENTICATE /.test(l)) ?? '';
    expect(auth.split(' ')[2]).toBe('XOAUTH2');
    expect(decode(auth.split(' ')[3] ?? '')).toBe(
      `user=ann@example.org\x01auth=Bearer ${TOKEN}\x01\x01`,
    );
  });

  it('without a token mechanism it is ERR_AUTH and the token is never sent', async () => {
    const { conn, lines } = server('IMAP4rev1 SASL-IR AUTH=PLAIN');
    const error = await setUpConnection(conn, tokenConfig, ENDPOINT).catch((e: unknown) => e);
    expect(isMailError(error, 'ERR_AUTH')).toBe(true);
    expect(lines.some((l) => /AUTHENTICATE|LOGIN/.test(l))).toBe(false);
  });

  it('a refused token is ERR_AUTH whose message does not carry the token', async () => {
    const { conn } = server('IMAP4rev1 SASL-IR AUTH=OAUTHBEARER', false);
    const error = await setUpConnection(conn, tokenConfig, ENDPOINT).catch((e: unknown) => e);
    expect(isMailError(error, 'ERR_AUTH')).toBe(true);
    expect(JSON.stringify({ m: (error as Error).message })).not.toContain('secret-token');
  });
});

describe('imap backend password authentication', () => {
  const passwordConfig: ImapConfig = { auth: { user: 'ann', password: 'pw' } };

  const verbs = (lines: string[]): string[] =>
    lines
      .filter((l) => /LOGIN|AUTHENTICATE/.test(l))
      .map((l) => l.split(' ').slice(1, 3).join(' '));

  it('uses the strongest offered SASL mechanism, not the LOGIN command', async () => {
    const { conn, lines } = server('IMAP4rev1 SASL-IR AUTH=LOGIN AUTH=PLAIN');
    await setUpConnection(conn, passwordConfig, ENDPOINT);
    expect(verbs(lines)).toEqual(['AUTHENTICATE PLAIN']);
  });

  it('uses the LOGIN command when the server offers no SASL mechanism', async () => {
    const { conn, lines } = server('IMAP4rev1');
    await setUpConnection(conn, passwordConfig, ENDPOINT);
    expect(verbs(lines)).toEqual(['LOGIN ann']);
  });

  it('uses SASL when the server says LOGINDISABLED', async () => {
    const { conn, lines } = server('IMAP4rev1 SASL-IR LOGINDISABLED AUTH=PLAIN');
    await setUpConnection(conn, passwordConfig, ENDPOINT);
    const auth = lines.find((l) => / AUTHENTICATE /.test(l)) ?? '';
    expect(auth.split(' ')[2]).toBe('PLAIN');
    expect(decode(auth.split(' ')[3] ?? '')).toBe('\0ann\0pw');
  });

  it('uses the named mechanism', async () => {
    const { conn, lines } = server('IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=CRAM-MD5');
    const named: ImapConfig = { auth: { user: 'ann', password: 'pw', mechanism: 'PLAIN' } };
    await setUpConnection(conn, named, ENDPOINT);
    expect(lines.some((l) => / AUTHENTICATE PLAIN /.test(l))).toBe(true);
  });
});

describe('endpoint resolution (ImapBackend and ImapClient alike)', () => {
  it('port 993 without `secure` is implicit TLS (RFC 8314 §3.3); other ports STARTTLS', () => {
    expect(resolveEndpoint({ host: 'h', port: 993 })).toEqual({
      host: 'h',
      port: 993,
      secure: true,
    });
    expect(resolveEndpoint({ host: 'h', port: 1143 })).toEqual({
      host: 'h',
      port: 1143,
      secure: false,
    });
    expect(resolveEndpoint({ host: 'h' })).toEqual({ host: 'h', port: 143, secure: false });
    expect(resolveEndpoint({ host: 'h', secure: true })).toEqual({
      host: 'h',
      port: 993,
      secure: true,
    });
  });

  it('`secure` and the URL scheme win over the port', () => {
    expect(resolveEndpoint({ host: 'h', port: 993, secure: false }).secure).toBe(false);
    expect(resolveEndpoint({ url: 'imap://h:993' }).secure).toBe(false);
    expect(resolveEndpoint({ url: 'imaps://h:1993' })).toEqual({
      host: 'h',
      port: 1993,
      secure: true,
    });
  });

  it('config keys override the URL; URL user info is kept for authentication', () => {
    expect(resolveEndpoint({ url: 'imaps://ann:p%40ss@mail.example.org', host: 'other' })).toEqual({
      host: 'other',
      port: 993,
      secure: true,
      user: 'ann',
      password: 'p@ss',
    });
  });

  it('URL credentials authenticate when `auth` is absent', async () => {
    const { conn, lines } = server('IMAP4rev1 SASL-IR AUTH=PLAIN');
    const config: ImapConfig = { url: 'imaps://ann:pw@mail.example.org' };
    await setUpConnection(conn, config, resolveEndpoint(config));
    const auth = lines.find((l) => / AUTHENTICATE /.test(l)) ?? '';
    expect(decode(auth.split(' ')[3] ?? '')).toBe('\0ann\0pw');
  });

  it('no host anywhere is ERR_CONFIG', () => {
    expect(() => resolveEndpoint({ port: 993 })).toThrow(/needs url or host/);
  });
});
