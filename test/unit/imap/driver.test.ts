/**
 * ImapClient.connect + the Node driver against scripted loopback servers: the TLS policy
 * (STARTTLS required by default, stripping and injection refused, PREAUTH refused in
 * cleartext) and the connect/greeting timeouts.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ImapClient } from '../../../src/backends/imap/client/client.js';
import { ImapConnection } from '../../../src/backends/imap/client/connection.js';
import { parseImapUrl } from '../../../src/backends/imap/client/url.js';
import { ImapBackend } from '../../../src/backends/imap/index.js';
import { isMailError } from '../../../src/shared/errors.js';

const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A server that greets and answers each line through `script`. */
async function scripted(
  greeting: string | null,
  script: (line: string, socket: net.Socket) => void,
): Promise<number> {
  const server = net.createServer((socket) => {
    if (greeting !== null) socket.write(greeting);
    let buffered = '';
    socket.on('data', (d) => {
      buffered += d.toString('latin1');
      let i: number;
      while ((i = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, i);
        buffered = buffered.slice(i + 2);
        script(line, socket);
      }
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

const tag = (line: string): string => line.split(' ')[0] ?? '';
const auth = { user: 'u', password: 'secret-password' };

describe('TLS policy', () => {
  it('refuses a server that does not offer STARTTLS (stripping) unless starttls: never', async () => {
    const port = await scripted('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n', (line, s) => {
      s.write(
        line.includes('LOGOUT') ? `* BYE\r\n${tag(line)} OK\r\n` : `${tag(line)} OK done\r\n`,
      );
    });
    const error = await ImapClient.connect({ host: '127.0.0.1', port, auth }).catch(
      (e: unknown) => e,
    );
    expect(isMailError(error, 'ERR_STARTTLS_REQUIRED')).toBe(true);
    const client = await ImapClient.connect({ host: '127.0.0.1', port, auth, starttls: 'never' });
    expect(client.state).toBe('authenticated');
    await client.logout();
  });

  it('refuses bytes injected after the STARTTLS OK', async () => {
    const port = await scripted('* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n', (line, s) => {
      if (line.endsWith('STARTTLS'))
        s.write(`${tag(line)} OK Begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n`);
    });
    const error = await ImapClient.connect({ host: '127.0.0.1', port, auth }).catch(
      (e: unknown) => e,
    );
    expect(isMailError(error, 'ERR_STARTTLS_INJECTION')).toBe(true);
  });

  it('refuses PREAUTH on a cleartext connection', async () => {
    const port = await scripted('* PREAUTH [CAPABILITY IMAP4rev1] welcome\r\n', () => undefined);
    const error = await ImapClient.connect({ host: '127.0.0.1', port, auth }).catch(
      (e: unknown) => e,
    );
    expect(isMailError(error, 'ERR_STARTTLS_REQUIRED')).toBe(true);
  });

  it('a failed login is ERR_AUTH and never echoes the password', async () => {
    const port = await scripted(
      '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] hi\r\n',
      (line, s) => {
        s.write(`${tag(line)} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n`);
      },
    );
    const error = await ImapClient.connect({
      host: '127.0.0.1',
      port,
      auth,
      starttls: 'never',
    }).catch((e: unknown) => e);
    expect(isMailError(error, 'ERR_AUTH')).toBe(true);
    expect(JSON.stringify(error)).not.toContain('secret-password');
    expect(String((error as Error).message)).not.toContain('secret-password');
  });
});

describe('ImapConnection.fromStream (layer 2)', () => {
  it('speaks IMAP over a caller-supplied connected stream', async () => {
    const port = await scripted('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n', (line, s) => {
      if (line.includes('LOGOUT')) s.end(`* BYE bye\r\n${tag(line)} OK done\r\n`);
      else if (line.includes('SELECT'))
        s.write(`* 3 EXISTS\r\n* OK [UIDVALIDITY 9] ok\r\n${tag(line)} OK [READ-WRITE] done\r\n`);
      else s.write(`${tag(line)} OK [CAPABILITY IMAP4rev1] done\r\n`);
    });
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const conn = ImapConnection.fromStream(socket);
    expect(await conn.greeting({ tlsRequired: false })).toBe(false);
    await conn.login('u', 'p');
    const selected = await conn.select('INBOX');
    expect(selected).toMatchObject({ exists: 3, uidValidity: 9 });
    await conn.logout();
    expect(conn.closed).toBe(true);
  });
});

describe('timeouts', () => {
  it('a server that never greets is ERR_TIMEOUT after greetingMs', async () => {
    const port = await scripted(null, () => undefined);
    const started = Date.now();
    const error = await ImapClient.connect({
      host: '127.0.0.1',
      port,
      auth,
      starttls: 'never',
      timeouts: { greetingMs: 100 },
    }).catch((e: unknown) => e);
    expect(isMailError(error, 'ERR_TIMEOUT')).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });
  it('connection refused is ERR_CONNECTION', async () => {
    const port = await scripted(null, () => undefined);
    // closed: wait for the server's own close callback, not a pause
    await new Promise<void>((resolve) => {
      const server = servers.pop();
      if (server === undefined) resolve();
      else server.close(() => resolve());
    });
    const error = await ImapClient.connect({ host: '127.0.0.1', port, auth }).catch(
      (e: unknown) => e,
    );
    expect(isMailError(error, 'ERR_CONNECTION')).toBe(true);
  });
});

describe('config and URLs', () => {
  it('parses imap:// and imaps:// URLs with credentials', () => {
    expect(parseImapUrl('imaps://us%40er:p%3Ass@mail.example.org')).toEqual({
      host: 'mail.example.org',
      port: 993,
      secure: true,
      user: 'us@er',
      password: 'p:ss',
    });
    expect(parseImapUrl('imap://[::1]:1143')).toEqual({ host: '::1', port: 1143, secure: false });
    expect(parseImapUrl('imap://joe;AUTH=*@h').user).toBe('joe');
    expect(parseImapUrl('imap://joe;AUTH=*@h').mechanism).toBeUndefined();
    // RFC 5092 §3.2: ";AUTH=" names the SASL mechanism (case-insensitive keyword)
    expect(parseImapUrl('imap://joe;AUTH=PLAIN@h')).toEqual({
      host: 'h',
      port: 143,
      secure: false,
      user: 'joe',
      mechanism: 'PLAIN',
    });
    expect(parseImapUrl('imaps://j%3Boe;auth=scram-sha-256:pw@h')).toMatchObject({
      user: 'j;oe', // an escaped ';' belongs to the user name
      mechanism: 'SCRAM-SHA-256',
      password: 'pw',
    });
    expect(() => parseImapUrl('imap://joe;AUTH=a%20b@h')).toThrow(/mechanism/);
  });
  it('rejects other schemes and broken URLs without echoing them', () => {
    expect(() => parseImapUrl('http://h')).toThrow(/scheme/);
    try {
      parseImapUrl('imaps://u:secret@');
      expect.unreachable();
    } catch (e) {
      expect(isMailError(e, 'ERR_CONFIG')).toBe(true);
      expect(String((e as Error).message)).not.toContain('secret');
    }
  });
  it('rejects unknown config keys with ERR_CONFIG naming the key', async () => {
    const error = await ImapClient.connect({ host: 'h', bogus: 1 } as never).catch(
      (e: unknown) => e,
    );
    expect(isMailError(error, 'ERR_CONFIG')).toBe(true);
    expect(String((error as Error).message)).toContain('bogus');
  });
});

describe('closing a backend', () => {
  it("uses the URL's ;AUTH= mechanism and closes without waiting for LOGOUT's answer", async () => {
    const seen: string[] = [];
    let ended!: () => void;
    const end = new Promise<void>((resolve) => (ended = resolve));
    const server = net.createServer((socket) => {
      socket.write('* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=SCRAM-SHA-256 AUTH=PLAIN] hi\r\n');
      let buffered = '';
      socket.on('data', (d) => {
        buffered += d.toString('latin1');
        let i: number;
        while ((i = buffered.indexOf('\r\n')) >= 0) {
          const line = buffered.slice(0, i);
          buffered = buffered.slice(i + 2);
          seen.push(line.split(' ').slice(1, 3).join(' '));
          // LOGOUT is never answered: close() must not wait for it
          if (line.includes('LIST')) socket.write(`* LIST () "/" INBOX\r\n${tag(line)} OK\r\n`);
          else if (!line.includes('LOGOUT')) socket.write(`${tag(line)} OK done\r\n`);
        }
      });
      socket.on('end', () => ended());
      socket.on('error', () => undefined);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const backend = new ImapBackend({
      // the CLI's form: credentials apart, the mechanism left in the URL
      url: `imap://;AUTH=PLAIN@127.0.0.1:${port}`,
      auth: { user: 'u', password: 'pw' },
      starttls: 'never',
      diff: 'plain',
    } as never);
    expect((await backend.listMailboxes()).map((m) => m.id)).toEqual(['INBOX']);
    // Waiting for the answer would block here until close()'s 5 s limit: LOGOUT is never answered.
    const started = performance.now();
    await backend.close();
    expect(performance.now() - started).toBeLessThan(2000);
    await end; // the FIN follows the LOGOUT
    expect(seen).toEqual(['AUTHENTICATE PLAIN', 'CAPABILITY', 'LIST ""', 'LOGOUT']);
  });
});
