/**
 * Open one authenticated connection for ImapBackend: the shared set-up (client/session-setup.ts:
 * endpoint, TLS policy, authentication — the same as layer 3's ImapClient.connect), then ENABLE
 * QRESYNC, else CONDSTORE, unless `diff` forces a simpler strategy (RFC 7162 §3.2.3). The
 * ENABLE is sent with the first command (commands/any-state.ts deferEnable): one round trip
 * less per connection.
 */
import type { ImapConfig } from '../../../shared/config.js';
import { ImapConnection } from '../client/connection.js';
import {
  finishSetup,
  resolveEndpoint,
  setupTimeoutMs,
  startSession,
  type Endpoint,
} from '../client/session-setup.js';
import { deferEnable } from '../commands/index.js';
import type { ImapCoroutine } from '../commands/run.js';
import { connectSocket } from '../driver.js';
import type { ImapSession } from '../session.js';

export type { Endpoint };

export async function openConnection(config: ImapConfig): Promise<ImapConnection> {
  const endpoint = resolveEndpoint(config);
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

/** The shared set-up plus the ENABLE the backend's diff strategy needs, as one coroutine. */
export async function setUpConnection(
  conn: ImapConnection,
  config: ImapConfig,
  endpoint: Endpoint,
): Promise<void> {
  await conn.run(setUp(conn.session, config, endpoint), { timeoutMs: setupTimeoutMs(config) });
}

function* setUp(session: ImapSession, config: ImapConfig, endpoint: Endpoint): ImapCoroutine<void> {
  yield* startSession(session, config, endpoint);
  // The ENABLE rides with the first command the backend sends (no round trip of its own).
  const extensions = diffExtensions(session, config);
  if (extensions.length > 0 && session.hasCapability('ENABLE')) deferEnable(session, extensions);
  yield* finishSetup(session, config);
}

function diffExtensions(session: ImapSession, config: ImapConfig): string[] {
  if (config.diff === 'plain') return [];
  if (config.diff !== 'condstore' && session.hasCapability('QRESYNC')) return ['QRESYNC'];
  return session.hasCapability('CONDSTORE') ? ['CONDSTORE'] : [];
}
