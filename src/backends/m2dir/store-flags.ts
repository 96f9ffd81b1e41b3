/**
 * storeFlags: the new set is computed per message and written atomically (temp + rename), an
 * empty set removes the file. If an entry vanishes meanwhile, the flags file written for it is
 * removed again and the call fails with ERR_NOT_FOUND.
 */
import type { Flag } from '../../shared/flags.js';
import { applyFlagChange } from '../../shared/flags.js';
import type { StoreFlagsAction } from '../../shared/types.js';
import { writeFlags } from './atomic-write.js';
import { listFolder, messageNotFound, pickEntries } from './folder-listing.js';
import { remove, stats, type FsCo } from './fs-requests.js';
import { flagsPath, joinPath } from './layout.js';
import { folderRef } from './messages.js';

export function* storeFlags(
  root: string,
  ref: string,
  ids: readonly string[],
  action: StoreFlagsAction,
  flags: readonly Flag[],
): FsCo<void> {
  const folder = folderRef(root, ref);
  const listing = yield* listFolder(folder.dir, folder.mailbox);
  const entries = pickEntries(listing, folder.mailbox, ids);
  const changed = [];
  for (const entry of entries) {
    const current = listing.flags.get(entry.id) ?? [];
    const next = applyFlagChange(current, action, flags);
    if (next.join('\n') === current.join('\n')) continue;
    yield* writeFlags(folder.dir, entry.id, next);
    changed.push(entry);
  }
  const still = yield* stats(changed.map((e) => joinPath(folder.dir, e.file)));
  const vanished = changed.filter((_, i) => still[i] === null);
  if (vanished.length > 0) {
    yield* remove(vanished.map((e) => flagsPath(folder.dir, e.id)));
    throw messageNotFound(
      folder.mailbox,
      vanished.map((e) => e.id),
    );
  }
}
