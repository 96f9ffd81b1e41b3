/**
 * The one connection set-up shared by layer 3 (`ImapClient.connect`) and `ImapBackend`: where to
 * connect, then greeting → STARTTLS → authentication → ENABLE / COMPRESS / ID. Both entry points
 * take the same ImapConfig, so they must agree on what it means.
 *
 * Endpoint: `secure` wins, then the URL scheme (imap:// = STARTTLS, imaps:// = implicit TLS,
 * RFC 8314 §3.3), then the port (993 is implicit TLS; anything else is STARTTLS). Cleartext
 * needs `starttls: 'never'` (RFC 9051 §11.1); PREAUTH in cleartext is refused by the greeting.
 *
 * Authentication: a named `auth.mechanism` is used as is; an access token uses OAUTHBEARER
 * (RFC 7628), else XOAUTH2; a password uses the strongest SASL mechanism the server offers
 * (SCRAM first: the password never crosses the wire), else the LOGIN command unless
 * LOGINDISABLED (RFC 9051 §6.2.3). See sasl/select.ts for the order.
 */
import { MailError } from '../../../shared/errors.js';
import type { ImapConfig } from '../../../shared/config.js';
import { chooseMechanism, createSaslClient } from '../sasl/select.js';
import type { SaslCredentials } from '../sasl/types.js';
import type { ImapConnection } from './connection.js';
import { parseImapUrl } from './url.js';

export interface Endpoint {
  host: string;
  port: number;
  secure: boolean;
  /** User info from the URL (`imap://user:pass@host`), used when `auth` does not give it. */
  user?: string;
  password?: string;
}

/** RFC 8314 §7: the port assigned to IMAP over implicit TLS. */
const IMPLICIT_TLS_PORT = 993;
const DEFAULT_GREETING_MS = 30_000;

export function resolveEndpoint(config: ImapConfig): Endpoint {
  const fromUrl = config.url === undefined ? undefined : parseImapUrl(config.url);
  const host = config.host ?? fromUrl?.host;
  if (host === undefined || host === '')
    throw new MailError('ERR_CONFIG', 'imap config needs url or host', { backend: 'imap' });
  const port = config.port ?? fromUrl?.port;
  const secure = config.secure ?? fromUrl?.secure ?? port === IMPLICIT_TLS_PORT;
  return {
    host,
    port: port ?? (secure ? IMPLICIT_TLS_PORT : 143),
    secure,
    ...(fromUrl?.user === undefined ? {} : { user: fromUrl.user }),
    ...(fromUrl?.password === undefined ? {} : { password: fromUrl.password }),
  };
}

/** Greeting → STARTTLS (unless implicit TLS or `starttls: 'never'`) → authentication. */
export async function startSession(
  conn: ImapConnection,
  config: ImapConfig,
  endpoint: Endpoint,
): Promise<void> {
  const tlsRequired = !endpoint.secure && config.starttls !== 'never';
  const timeoutMs = config.timeouts?.greetingMs ?? DEFAULT_GREETING_MS;
  const preauth = await conn.greeting({ tlsRequired }, { timeoutMs });
  if (tlsRequired) {
    if (!conn.session.capabilitiesFresh) await conn.capability();
    if (!conn.hasCapability('STARTTLS'))
      throw new MailError('ERR_STARTTLS_REQUIRED', 'the server does not offer STARTTLS', {
        backend: 'imap',
        hint: 'use imaps:// (implicit TLS), or starttls: "never" to allow cleartext explicitly',
      });
    await conn.starttls();
  }
  if (!preauth) await authenticate(conn, config, endpoint);
}

async function authenticate(
  conn: ImapConnection,
  config: ImapConfig,
  endpoint: Endpoint,
): Promise<void> {
  const auth = config.auth;
  const user = auth?.user ?? endpoint.user;
  const password = auth?.password ?? endpoint.password;
  if (user === undefined)
    throw new MailError('ERR_CONFIG', 'imap config needs auth.user (or a user in the URL)', {
      backend: 'imap',
    });
  const creds: SaslCredentials = {
    user,
    password,
    accessToken: auth?.accessToken,
    host: endpoint.host,
    port: endpoint.port,
  };
  if (!conn.session.capabilitiesFresh) await conn.capability();
  const mechanism = chooseMechanism(
    conn.session.authMechanisms,
    creds,
    conn.hasCapability('LOGINDISABLED'),
    auth?.mechanism,
  );
  if (mechanism !== null) await conn.authenticate(createSaslClient(mechanism, creds));
  else if (password !== undefined) await conn.login(user, password);
  else throw new MailError('ERR_CONFIG', 'the LOGIN command needs a password', { backend: 'imap' });
}

/**
 * After authentication: ENABLE what the caller wants (RFC 5161; CONDSTORE/QRESYNC must be
 * enabled before SELECT, RFC 7162 §3.2.3), COMPRESS when asked (RFC 4978), then ID (RFC 2971),
 * each only when the server advertises it.
 */
export async function finishSetup(
  conn: ImapConnection,
  config: ImapConfig,
  enable: readonly string[] = [],
): Promise<void> {
  if (enable.length > 0 && conn.hasCapability('ENABLE')) await conn.enable([...enable]);
  if (config.compress === true && conn.hasCapability('COMPRESS=DEFLATE')) await conn.compress();
  if (config.id !== undefined && conn.hasCapability('ID')) await conn.id(config.id);
}
