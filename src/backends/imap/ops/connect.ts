/**
 * Open one authenticated connection for ImapBackend: the shared set-up (client/session-setup.ts:
 * endpoint, TLS policy, authentication — the same as layer 3's ImapClient.connect), then ENABLE
 * QRESYNC, else CONDSTORE, unless `diff` forces a simpler strategy (RFC 7162 §3.2.3).
 */
import type { ImapConfig } from '../../../shared/config.js';
import { ImapConnection } from '../client/connection.js';
import {
  finishSetup,
  resolveEndpoint,
  startSession,
  type Endpoint,
} from '../client/session-setup.js';
import { connectSocket } from '../driver.js';

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

/** The shared set-up plus the ENABLE the backend's diff strategy needs. */
export async function setUpConnection(
  conn: ImapConnection,
  config: ImapConfig,
  endpoint: Endpoint,
): Promise<void> {
  await startSession(conn, config, endpoint);
  await finishSetup(conn, config, diffExtensions(conn, config));
}

function diffExtensions(conn: ImapConnection, config: ImapConfig): string[] {
  if (config.diff === 'plain') return [];
  if (config.diff !== 'condstore' && conn.hasCapability('QRESYNC')) return ['QRESYNC'];
  return conn.hasCapability('CONDSTORE') ? ['CONDSTORE'] : [];
}
