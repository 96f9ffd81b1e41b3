/**
 * The m2dir backend's public coroutine face (docs/coroutines.md "Public coroutines"), exported
 * as `coroutines` from `mailroom/m2dir`: the read operations as I/O-free generators over
 * FsRequest, for callers who perform the requests themselves. `performFs` is the node:fs
 * performer M2dirBackend itself uses. The store handle is its root path:
 *
 *   const root = yield* openStore('/home/me/mail');      // checks the .m2store marker
 *   const page = yield* listEnvelopes(root, 'INBOX', { pageSize: 50 });
 */
import type { FsCo } from './fs-requests.js';
import { openStore as open } from './open-store.js';

export { listEnvelopes, type ListPageOptions, type ListedPage } from './envelopes.js';
export { listMailboxes } from './mailboxes.js';
export { diffEnvelopes, diffMailboxes } from './diffs.js';
export { getEnvelope, readMessage } from './reading.js';
export { performFs } from '../../shared/fs-performer.js';
export type { FsCo } from './fs-requests.js';

/** The m2store at `root` (ERR_CONFIG without its marker, unless `create`); yields its root. */
export function* openStore(root: string, options: { create?: boolean } = {}): FsCo<string> {
  yield* open(root, options.create === true);
  return root;
}
