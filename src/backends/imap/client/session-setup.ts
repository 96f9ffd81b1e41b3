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
import {
  authenticate,
  capability,
  compress,
  enable,
  greeting,
  id,
  login,
  starttls,
} from '../commands/index.js';
import type { ImapCoroutine } from '../commands/run.js';
import type { ImapSession } from '../session.js';
import { parseImapUrl } from './url.js';

export interface Endpoint {
  host: string;
  port: number;
  secure: boolean;
  /** User info from the URL (`imap://user:pass@host`), used when `auth` does not give it. */
  user?: string;
  password?: string;
  /** The SASL mechanism from the URL (`imap://user;AUTH=PLAIN@host`), when `auth` names none. */
  mechanism?: string;
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
    ...(fromUrl?.mechanism === undefined ? {} : { mechanism: fromUrl.mechanism }),
  };
}

/**
 * Greeting → STARTTLS (unless implicit TLS or `starttls: 'never'`) → authentication, as one
 * coroutine over the session (the driver decides how long each read may wait).
 */
export function* startSession(
  session: ImapSession,
  config: ImapConfig,
  endpoint: Endpoint = resolveEndpoint(config),
): ImapCoroutine<void> {
  const tlsRequired = !endpoint.secure && config.starttls !== 'never';
  const preauth = yield* greeting(session, { tlsRequired });
  if (tlsRequired) {
    if (!session.capabilitiesFresh) yield* capability(session);
    if (!session.hasCapability('STARTTLS'))
      throw new MailError('ERR_STARTTLS_REQUIRED', 'the server does not offer STARTTLS', {
        backend: 'imap',
        hint: 'use imaps:// (implicit TLS), or starttls: "never" to allow cleartext explicitly',
      });
    yield* starttls(session);
  }
  if (!preauth) yield* authenticateWith(session, config, endpoint);
}

function* authenticateWith(
  session: ImapSession,
  config: ImapConfig,
  endpoint: Endpoint,
): ImapCoroutine<void> {
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
  if (!session.capabilitiesFresh) yield* capability(session);
  const mechanism = chooseMechanism(
    session.authMechanisms,
    creds,
    session.hasCapability('LOGINDISABLED'),
    auth?.mechanism ?? endpoint.mechanism,
  );
  if (mechanism !== null) yield* authenticate(session, createSaslClient(mechanism, creds));
  else if (password !== undefined) yield* login(session, user, password);
  else throw new MailError('ERR_CONFIG', 'the LOGIN command needs a password', { backend: 'imap' });
}

/**
 * After authentication: ENABLE what the caller wants (RFC 5161; CONDSTORE/QRESYNC must be
 * enabled before SELECT, RFC 7162 §3.2.3), COMPRESS when asked (RFC 4978), then ID (RFC 2971),
 * each only when the server advertises it.
 */
export function* finishSetup(
  session: ImapSession,
  config: ImapConfig,
  extensions: readonly string[] = [],
): ImapCoroutine<void> {
  if (extensions.length > 0 && session.hasCapability('ENABLE'))
    yield* enable(session, [...extensions]);
  if (config.compress === true && session.hasCapability('COMPRESS=DEFLATE'))
    yield* compress(session);
  if (config.id !== undefined && session.hasCapability('ID')) yield* id(session, config.id);
}

/** How long set-up reads may wait (the greeting's limit, `timeouts.greetingMs`). */
export function setupTimeoutMs(config: ImapConfig): number {
  return config.timeouts?.greetingMs ?? DEFAULT_GREETING_MS;
}
