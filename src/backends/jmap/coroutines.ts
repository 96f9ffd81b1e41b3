/**
 * The JMAP backend's public coroutine face (docs/coroutines.md "Public coroutines"), exported as
 * `coroutines` from `mailroom/jmap`: session discovery and the shared-API operations as I/O-free
 * generators over the `http` and `wait` requests (RFC 8620 §2 session, §3 method calls; RFC 8621
 * mail). They follow redirects themselves. `createPerformer()` is the undici performer
 * JmapBackend itself uses.
 *
 *   const ctx = yield* openContext('https://jmap.example.org', 'Bearer …');
 *   const page = yield* listEnvelopes(ctx, 'INBOX', { pageSize: 50 });
 */
import type { TlsOptions } from '../../shared/config.js';
import { JmapDriver } from './driver.js';
import type { JmapCo, JmapYield } from './http.js';
import type { JmapContext } from './request.js';
import { discoverSession } from './session.js';

export { discoverSession, type JmapSession } from './session.js';
export type { JmapContext } from './request.js';
export type { JmapCo, JmapYield } from './http.js';
export { listEnvelopes, searchEnvelopes } from './envelopes.js';
export { diffEnvelopes } from './diff.js';
export {
  listMailboxes,
  createMailbox,
  renameMailbox,
  deleteMailbox,
  diffMailboxes,
} from './mailboxes.js';
export {
  getMessage,
  addMessage,
  copyMessages,
  moveMessages,
  deleteMessages,
  storeFlags,
} from './messages.js';
export { getEnvelope, readMessage } from './reading.js';

/** Discover the session at `url` (its /.well-known/jmap when it is a bare origin). */
export function* openContext(
  url: string,
  authorization: string,
  accountId?: string,
): JmapCo<JmapContext> {
  const session = yield* discoverSession(url, authorization, accountId);
  return { session, authorization };
}

/** The node performer the backend uses (undici, keep-alive per origin); `close()` when done. */
export function createPerformer(options: { tls?: TlsOptions; connectMs?: number } = {}): {
  perform: (request: JmapYield, signal?: AbortSignal) => Promise<unknown>;
  close: () => Promise<void>;
} {
  const driver = new JmapDriver(options.tls, options.connectMs);
  return {
    perform: (request, signal) => driver.perform(request, signal),
    close: () => driver.close(),
  };
}
