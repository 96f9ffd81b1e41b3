/**
 * The unchanged-folder fast path of diffEnvelopes: a folder whose `new/`, `cur/` and
 * `dovecot-keywords` have the same modification times as when its diff state was made holds
 * the same file names (Maildir changes are creates, renames and unlinks in those directories,
 * each of which updates the directory's mtime), so the diff is empty without listing a file or
 * decoding the state. A resync of an idle folder then costs three stats.
 *
 * Invariant (the "racy" rule): a stamp is recorded only when the newest of those times is at
 * least RACY_MS older than the clock when they were read. A change after that read sets the
 * directory's time to "now", later than the recorded one by at least RACY_MS, so it can never
 * look unchanged — even on filesystems with a coarse timestamp granularity (FAT: 2 s). The
 * stamp is read before the folder is listed, so a change during the listing makes the next
 * stamp differ too. The stamp travels in the opaque diff state: `s<stamp>|` + the snapshot.
 */
import * as fs from './fs-requests.js';
import type { FsCo } from './fs-requests.js';
import type { OpenMailbox } from './store.js';

export const RACY_MS = 2000;

/** The folder's stamp now, or undefined when it is too recent to trust (or not a folder). */
export function* folderStamp(box: OpenMailbox): FsCo<string | undefined> {
  const [fresh, seen, keywords] = yield* fs.stat([
    fs.join(box.dir, 'new'),
    fs.join(box.dir, 'cur'),
    fs.join(box.dir, 'dovecot-keywords'),
  ]);
  if (fresh?.kind !== 'dir' || seen?.kind !== 'dir') return undefined;
  const clock = yield* fs.now();
  const newest = Math.max(fresh.mtimeMs, seen.mtimeMs, keywords?.mtimeMs ?? 0);
  if (clock - newest < RACY_MS) return undefined;
  const kw = keywords == null ? '-' : `${keywords.mtimeMs}/${keywords.size}`;
  // the folder's id too, so a state made for another folder never matches (no `|` inside)
  return `${encodeURIComponent(box.id)}:${fresh.mtimeMs}:${seen.mtimeMs}:${kw}`;
}

/** Split a diff state into its stamp (if any) and the snapshot. */
export function splitStamp(state: string | undefined): { stamp?: string; snapshot?: string } {
  if (state === undefined || !state.startsWith('s'))
    return state === undefined ? {} : { snapshot: state };
  const bar = state.indexOf('|');
  if (bar < 0) return {};
  return { stamp: state.slice(1, bar), snapshot: state.slice(bar + 1) };
}

export function joinStamp(stamp: string | undefined, snapshot: string): string {
  return stamp === undefined ? snapshot : `s${stamp}|${snapshot}`;
}
