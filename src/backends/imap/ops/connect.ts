/**
 * Open one authenticated connection from an ImapConfig: imap:// = STARTTLS (required unless
 * `starttls: 'never'`, RFC 9051 §11.1), imaps:// = implicit TLS (RFC 8314), then LOGIN or
 * AUTHENTICATE, ENABLE (CONDSTORE/QRESYNC, RFC 7162 §3.2.3) and optional COMPRESS (RFC 4978).
 */
import { MailError } from '../../../shared/errors.js';
import type { ImapConfig } from '../../../shared/config.js';
import { ImapConnection } from '../client/connection.js';
import { connectSocket } from '../driver.js';

export interface Endpoint {
  host: string;
  port: number;
  secure: boolean;
}

export function endpointOf(config: ImapConfig): Endpoint {
  let host = config.host;
  let port = config.port;
  let secure = config.secure;
  if (config.url !== undefined) {
    let url: URL;
    try {
      url = new URL(config.url);
    } catch {
      throw new MailError('ERR_CONFIG', 'imap url is not a valid URL', { backend: 'imap' });
    }
    if (url.protocol !== 'imap:' && url.protocol !== 'imaps:')
      throw new MailError('ERR_CONFIG', `imap url must start with imap:// or imaps://`, {
        backend: 'imap',
      });
    host ??= url.hostname.replace(/^\[|\]$/g, '');
    secure ??= url.protocol === 'imaps:';
    if (url.port !== '') port ??= Number(url.port);
  }
  if (host === undefined || host === '')
    throw new MailError('ERR_CONFIG', 'imap config needs a host', { backend: 'imap' });
  const implicit = secure ?? false;
  return { host, secure: implicit, port: port ?? (implicit ? 993 : 143) };
}

export async function openConnection(config: ImapConfig): Promise<ImapConnection> {
  const { host, port, secure } = endpointOf(config);
  const timeouts = config.timeouts ?? {};
  const transport = await connectSocket({
    host,
    port,
    secure,
    tls: config.tls,
    connectMs: timeouts.connectMs,
  });
  const conn = new ImapConnection(transport, {
    ...(timeouts.commandMs === undefined ? {} : { commandTimeoutMs: timeouts.commandMs }),
  });
  try {
    const tlsRequired = !secure && config.starttls !== 'never';
    const greetingOpts =
      timeouts.greetingMs === undefined ? {} : { timeoutMs: timeouts.greetingMs };
    const preauth = await conn.greeting({ tlsRequired }, greetingOpts);
    if (!conn.session.capabilitiesFresh) await conn.capability();
    if (tlsRequired) {
      if (!conn.hasCapability('STARTTLS'))
        throw new MailError('ERR_STARTTLS_REQUIRED', 'the server does not offer STARTTLS', {
          backend: 'imap',
          hint: 'use imaps:// or set starttls: "never" if cleartext is really intended',
        });
      await conn.starttls();
    }
    if (!preauth) await authenticate(conn, config);
    await enableExtensions(conn, config);
    return conn;
  } catch (error) {
    transport.destroy();
    throw error;
  }
}

async function authenticate(conn: ImapConnection, config: ImapConfig): Promise<void> {
  const auth = config.auth;
  if (auth === undefined)
    throw new MailError('ERR_CONFIG', 'imap config needs auth (user and password)', {
      backend: 'imap',
    });
  if (auth.password === undefined)
    throw new MailError(
      'ERR_UNSUPPORTED',
      'token authentication is not wired into ImapBackend yet',
      {
        backend: 'imap',
      },
    );
  await conn.login(auth.user, auth.password);
}

async function enableExtensions(conn: ImapConnection, config: ImapConfig): Promise<void> {
  const wanted: string[] = [];
  if (config.diff !== 'plain' && config.diff !== 'condstore' && conn.hasCapability('QRESYNC'))
    wanted.push('QRESYNC');
  else if (config.diff !== 'plain' && conn.hasCapability('CONDSTORE')) wanted.push('CONDSTORE');
  if (wanted.length > 0 && conn.hasCapability('ENABLE')) await conn.enable(wanted);
  if (config.compress === true && conn.hasCapability('COMPRESS=DEFLATE')) await conn.compress();
  if (config.id !== undefined && conn.hasCapability('ID')) await conn.id(config.id);
}
