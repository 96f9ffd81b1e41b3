/**
 * Open one authenticated connection from an ImapConfig: imap:// = STARTTLS (required unless
 * `starttls: 'never'`, RFC 9051 §11.1), imaps:// = implicit TLS (RFC 8314), then LOGIN or
 * AUTHENTICATE (tokens: OAUTHBEARER / XOAUTH2), ENABLE (CONDSTORE/QRESYNC, RFC 7162 §3.2.3)
 * and optional COMPRESS (RFC 4978).
 */
import { MailError } from '../../../shared/errors.js';
import type { ImapConfig } from '../../../shared/config.js';
import { ImapConnection } from '../client/connection.js';
import { connectSocket } from '../driver.js';
import { chooseMechanism, createSaslClient } from '../sasl/select.js';
import type { SaslCredentials } from '../sasl/types.js';

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
  const endpoint = endpointOf(config);
  const timeouts = config.timeouts ?? {};
  const transport = await connectSocket({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.secure,
    tls: config.tls,
    connectMs: timeouts.connectMs,
  });
  const conn = new ImapConnection(transport, {
    ...(timeouts.commandMs === undefined ? {} : { commandTimeoutMs: timeouts.commandMs }),
  });
  try {
    await setUpConnection(conn, config, endpoint);
    return conn;
  } catch (error) {
    transport.destroy();
    throw error;
  }
}

/** Greeting → STARTTLS → authentication → ENABLE/COMPRESS/ID on a freshly connected stream. */
export async function setUpConnection(
  conn: ImapConnection,
  config: ImapConfig,
  endpoint: Endpoint,
): Promise<void> {
  const tlsRequired = !endpoint.secure && config.starttls !== 'never';
  const greetingMs = config.timeouts?.greetingMs;
  const preauth = await conn.greeting(
    { tlsRequired },
    greetingMs === undefined ? {} : { timeoutMs: greetingMs },
  );
  if (!conn.session.capabilitiesFresh) await conn.capability();
  if (tlsRequired) {
    if (!conn.hasCapability('STARTTLS'))
      throw new MailError('ERR_STARTTLS_REQUIRED', 'the server does not offer STARTTLS', {
        backend: 'imap',
        hint: 'use imaps:// or set starttls: "never" if cleartext is really intended',
      });
    await conn.starttls();
  }
  if (!preauth) await authenticate(conn, config, endpoint);
  await enableExtensions(conn, config);
}

/**
 * Passwords use the LOGIN command (one round trip) unless a SASL mechanism is named or the
 * server says LOGINDISABLED (RFC 9051 §6.2.3); access tokens use OAUTHBEARER (RFC 7628), else
 * XOAUTH2, whichever the server offers (sasl/select.ts).
 */
async function authenticate(
  conn: ImapConnection,
  config: ImapConfig,
  endpoint: Endpoint,
): Promise<void> {
  const auth = config.auth;
  if (auth === undefined)
    throw new MailError('ERR_CONFIG', 'imap config needs auth (user and password or accessToken)', {
      backend: 'imap',
    });
  if (!conn.session.capabilitiesFresh) await conn.capability();
  const loginDisabled = conn.hasCapability('LOGINDISABLED');
  const token = auth.accessToken !== undefined;
  if (!token && auth.mechanism === undefined && !loginDisabled && auth.password !== undefined) {
    await conn.login(auth.user, auth.password);
    return;
  }
  const creds: SaslCredentials = {
    user: auth.user,
    password: auth.password,
    accessToken: auth.accessToken,
    host: endpoint.host,
    port: endpoint.port,
  };
  const mechanism = chooseMechanism(
    conn.session.authMechanisms,
    creds,
    loginDisabled,
    auth.mechanism,
  );
  if (mechanism !== null) await conn.authenticate(createSaslClient(mechanism, creds));
  else if (auth.password !== undefined) await conn.login(auth.user, auth.password);
  else throw new MailError('ERR_CONFIG', 'the LOGIN command needs a password', { backend: 'imap' });
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
