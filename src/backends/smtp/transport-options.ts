/**
 * SmtpConfig → the options the driver hands nodemailer's SMTP transport.
 * `smtp://host[:587]` = STARTTLS required; `smtps://host[:465]` = implicit TLS (RFC 8314);
 * cleartext only when the config says `starttls: 'never'` explicitly.
 */
import { tlsCa } from '../../shared/tls-ca.js';
import { MailError } from '../../shared/errors.js';
import type { SmtpConfig } from '../../shared/config.js';

export interface SmtpTransportOptions {
  host: string;
  port: number;
  /** implicit TLS */
  secure: boolean;
  /** STARTTLS must succeed before anything else (nodemailer requireTLS). */
  requireTLS: boolean;
  /** never try STARTTLS: cleartext, chosen explicitly */
  ignoreTLS: boolean;
  auth?:
    | { type: 'login'; user: string; pass: string; method?: string }
    | { type: 'OAuth2'; user: string; accessToken: string };
  tls: {
    ca?: string | Buffer | (string | Buffer)[];
    servername?: string;
    rejectUnauthorized: boolean;
  };
  connectionTimeout: number;
  greetingTimeout: number;
  socketTimeout: number;
  pool: boolean;
  name?: string;
}

const DEFAULT_PORT = { smtp: 587, smtps: 465 } as const;

interface Endpoint {
  host: string;
  port?: number;
  secure: boolean;
  user?: string;
  password?: string;
}

function parseUrl(url: string): Endpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MailError(
      'ERR_CONFIG',
      `smtp url is not a URL: expected smtp://host[:port] or smtps://host[:port]`,
    );
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  if (scheme !== 'smtp' && scheme !== 'smtps') {
    throw new MailError('ERR_CONFIG', `smtp url scheme must be smtp: or smtps:, got ${scheme}:`);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new MailError('ERR_CONFIG', 'smtp url has no host');
  return {
    host,
    secure: scheme === 'smtps',
    ...(parsed.port === '' ? {} : { port: Number(parsed.port) }),
    ...(parsed.username === '' ? {} : { user: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
  };
}

export function transportOptions(config: SmtpConfig): SmtpTransportOptions {
  const fromUrl: Partial<Endpoint> = config.url === undefined ? {} : parseUrl(config.url);
  const host = config.host ?? fromUrl.host;
  if (host === undefined) throw new MailError('ERR_CONFIG', 'smtp config needs url or host');
  const secure = config.secure ?? fromUrl.secure ?? false;
  const port = config.port ?? fromUrl.port ?? (secure ? DEFAULT_PORT.smtps : DEFAULT_PORT.smtp);
  const cleartext = !secure && config.starttls === 'never';
  const user = config.auth?.user ?? fromUrl.user;
  const password = config.auth?.password ?? fromUrl.password;
  const accessToken = config.auth?.accessToken;
  const mechanism = config.auth?.mechanism?.toUpperCase();
  let auth: SmtpTransportOptions['auth'];
  if (user !== undefined && (accessToken !== undefined || mechanism === 'XOAUTH2')) {
    if (accessToken === undefined)
      throw new MailError('ERR_CONFIG', 'smtp auth XOAUTH2 needs auth.accessToken');
    auth = { type: 'OAuth2', user, accessToken };
  } else if (user !== undefined && password !== undefined) {
    auth = {
      type: 'login',
      user,
      pass: password,
      ...(mechanism === undefined ? {} : { method: mechanism }),
    };
  }
  const t = config.timeouts ?? {};
  return {
    host,
    port,
    secure,
    requireTLS: !secure && !cleartext,
    ignoreTLS: cleartext,
    ...(auth === undefined ? {} : { auth }),
    tls: {
      ...(config.tls?.ca === undefined ? {} : { ca: tlsCa(config.tls.ca) }),
      ...(config.tls?.servername === undefined ? {} : { servername: config.tls.servername }),
      rejectUnauthorized: config.tls?.rejectUnauthorized ?? true,
    },
    connectionTimeout: t.connectMs ?? 15_000,
    greetingTimeout: t.greetingMs ?? 15_000,
    socketTimeout: t.commandMs ?? 60_000,
    pool: config.pool ?? false,
    ...(config.clientName === undefined ? {} : { name: config.clientName }),
  };
}
