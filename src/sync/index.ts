/**
 * `mailroom/sync`: two-way, incremental, journaled sync between any two storage backends
 * (docs/sync.md). Imports no backend: pass the ones you use.
 */
export { Sync } from './sync.js';
export { canonicalName, globToRegExp } from './mailbox-names.js';
export { bytesKey, envelopeKey } from './content-key.js';
export { defaultStateDir } from './state-store.js';
export { DEFAULT_GUARD } from './guard.js';
export type * from './types.js';
