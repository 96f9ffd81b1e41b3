/**
 * The Maildir backend's public coroutine face (docs/coroutines.md "Public coroutines"), exported
 * as `coroutines` from `mailroom/maildir`: the read operations as I/O-free generators over
 * FsRequest, for callers who perform the requests themselves (a sandbox, a remote filesystem,
 * a test script). `performFs` is the node:fs performer MaildirBackend itself uses.
 *
 *   const store = yield* openStore('/home/me/Maildir');   // resolves the layout
 *   const page = yield* listEnvelopes(store, 'INBOX', { pageSize: 50 });
 */
import type { FsCo } from './fs-requests.js';
import type { Layout } from './layout.js';
import { detectLayout } from './mailboxes.js';
import type { StoreContext } from './store.js';

export { listEnvelopes, diffEnvelopes, diffMailboxes, type PageRequest } from './listing.js';
export { listMailboxes } from './mailboxes.js';
export { getEnvelope, readMessage } from './reading.js';
export { performFs } from './driver.js';
export type { FsCo } from './fs-requests.js';
export type { Layout } from './layout.js';
export type { StoreContext } from './store.js';

/** Maildir delivery counter (the Q field of unique names): one per process, for every store. */
let deliveries = 0;

/** The store at `root`: its layout detected (or the given one); MaildirBackend opens it so. */
export function* openStore(
  root: string,
  options: { layout?: Layout | 'auto'; create?: boolean } = {},
): FsCo<StoreContext> {
  const clean = root.replace(/\/+$/, '') || '/';
  const layout = yield* detectLayout(clean, options.layout ?? 'auto', options.create === true);
  return { root: clean, layout, nextCounter: () => ++deliveries };
}
