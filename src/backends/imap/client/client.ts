/**
 * Layer 3 of the IMAP API: `ImapClient.connect(config | url)` opens the socket, enforces the
 * TLS policy (implicit TLS, or STARTTLS required unless `starttls: 'never'`), authenticates
 * with the strongest offered mechanism, then optionally sends ID and starts COMPRESS.
 */
import { MailError } from '../../../shared/errors.js';
import type { ImapConfig } from '../../../shared/config.js';
import { checkImapConfig } from './config-check.js';
import { chooseMechanism, createSaslClient } from '../sasl/select.js';
import { connectSocket } from '../driver.js';
import type { ImapTransport } from '../transport.js';
import { ImapConnection } from './connection.js';
import type { ConnectionOptions } from './core.js';
import { parseImapUrl } from './url.js';

export interface ResolvedEndpoint {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
}

export function resolveEndpoint(config: ImapConfig): ResolvedEndpoint {
  const fromUrl = config.url === undefined ? undefined : parseImapUrl(config.url);
  const secure = config.secure ?? fromUrl?.secure ?? config.port === 993;
  const host = config.host ?? fromUrl?.host;
  if (host === undefined) throw new MailError('ERR_CONFIG', 'imap config needs url or host');
  return {
    host,
    port: config.port ?? fromUrl?.port ?? (secure ? 993 : 143),
    secure,
    ...(fromUrl?.user === undefined ? {} : { user: fromUrl.user }),
    ...(fromUrl?.password === undefined ? {} : { password: fromUrl.password }),
  };
}

export class ImapClient extends ImapConnection {
  constructor(transport: ImapTransport, options: ConnectionOptions = {}) {
    super(transport, options);
  }

  /** Connect and authenticate. A string is an `imap://` / `imaps://user:pass@host:port` URL. */
  static async connect(input: ImapConfig | string): Promise<ImapClient> {
    const config = checkImapConfig(typeof input === 'string' ? { url: input } : input);
    const endpoint = resolveEndpoint(config);
    const timeouts = config.timeouts ?? {};
    const transport = await connectSocket({
      host: endpoint.host,
      port: endpoint.port,
      secure: endpoint.secure,
      tls: config.tls,
      connectMs: timeouts.connectMs,
    });
    const client = new ImapClient(transport, { commandTimeoutMs: timeouts.commandMs ?? 120_000 });
    try {
      await client.open(config, endpoint);
      return client;
    } catch (error) {
      transport.destroy();
      throw error;
    }
  }

  private async open(config: ImapConfig, endpoint: ResolvedEndpoint): Promise<void> {
    const tlsRequired = !endpoint.secure && config.starttls !== 'never';
    const greetingMs = config.timeouts?.greetingMs ?? 30_000;
    const preauth = await this.greeting({ tlsRequired }, { timeoutMs: greetingMs });
    if (tlsRequired) {
      if (!this.session.capabilitiesFresh) await this.capability();
      if (!this.hasCapability('STARTTLS'))
        throw new MailError('ERR_STARTTLS_REQUIRED', 'the server does not offer STARTTLS', {
          hint: 'use imaps:// (implicit TLS), or starttls: "never" to allow cleartext explicitly',
        });
      await this.starttls();
    }
    if (!preauth) await this.authenticateWith(config, endpoint);
    if (config.id !== undefined && this.hasCapability('ID')) await this.id(config.id);
    if (config.compress === true && this.hasCapability('COMPRESS=DEFLATE')) await this.compress();
  }

  private async authenticateWith(config: ImapConfig, endpoint: ResolvedEndpoint): Promise<void> {
    const user = config.auth?.user ?? endpoint.user;
    const password = config.auth?.password ?? endpoint.password;
    const accessToken = config.auth?.accessToken;
    if (user === undefined)
      throw new MailError('ERR_CONFIG', 'imap config needs auth.user (or a user in the URL)');
    const creds = { user, password, accessToken, host: endpoint.host, port: endpoint.port };
    if (!this.session.capabilitiesFresh) await this.capability();
    const mechanism = chooseMechanism(
      this.session.authMechanisms,
      creds,
      this.hasCapability('LOGINDISABLED'),
      config.auth?.mechanism,
    );
    if (mechanism === null) {
      if (password === undefined) throw new MailError('ERR_CONFIG', 'LOGIN needs a password');
      await this.login(user, password);
    } else {
      await this.authenticate(createSaslClient(mechanism, creds));
    }
  }
}
