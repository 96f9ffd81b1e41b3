/**
 * Layer 3 of the IMAP API: `ImapClient.connect(config | url)` opens the socket and runs the
 * shared set-up (session-setup.ts): TLS policy, authentication with the strongest offered
 * mechanism, then optionally COMPRESS and ID.
 */
import type { ImapConfig } from '../../../shared/config.js';
import { checkImapConfig } from '../../../shared/config-check/imap.js';
import { connectSocket } from '../driver.js';
import type { ImapTransport } from '../transport.js';
import { ImapConnection } from './connection.js';
import type { ConnectionOptions } from './core.js';
import { finishSetup, resolveEndpoint, setupTimeoutMs, startSession } from './session-setup.js';

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
      await client.run(startSession(client.session, config, endpoint), {
        timeoutMs: setupTimeoutMs(config),
      });
      await client.run(finishSetup(client.session, config));
      return client;
    } catch (error) {
      transport.destroy();
      throw error;
    }
  }
}
