/**
 * One step of watchMailbox: compare the mailbox now with what the watcher last saw, keyed by
 * unique name, so a flag change (a rename inside cur/, or new/ → cur/) is one `flags-changed`
 * event and never an add + remove, whatever order the filesystem events arrived in.
 */
import type { Flag } from '../../shared/flags.js';
import type { WatchEvent } from '../../shared/types.js';
import type { FsCo } from './fs-requests.js';
import { compareNewestFirst, readEnvelopes } from './envelope-reader.js';
import { flagsFromLetters } from './keywords.js';
import { openMailbox, readKeywords, scanMailbox, type StoreContext } from './store.js';

export type Known = Map<string, Flag[]>;

export function* snapshotFlags(ctx: StoreContext, mailbox: string): FsCo<Known> {
  const box = openMailbox(ctx, mailbox);
  const files = yield* scanMailbox(box);
  const table = yield* readKeywords(box);
  return new Map([...files.values()].map((f) => [f.unique, flagsFromLetters(f.letters, table)]));
}

export function* watchStep(
  ctx: StoreContext,
  mailbox: string,
  known: Known,
): FsCo<{ events: WatchEvent[]; known: Known }> {
  const box = openMailbox(ctx, mailbox);
  const files = yield* scanMailbox(box);
  const table = yield* readKeywords(box);
  const next: Known = new Map();
  const events: WatchEvent[] = [];
  const fresh = [];
  for (const file of files.values()) {
    const flags = flagsFromLetters(file.letters, table);
    next.set(file.unique, flags);
    const old = known.get(file.unique);
    if (old === undefined) fresh.push(file);
    else if (old.join('\n') !== flags.join('\n'))
      events.push({ type: 'flags-changed', mailbox: box.id, id: file.unique, flags });
  }
  for (const id of known.keys())
    if (!next.has(id)) events.push({ type: 'removed', mailbox: box.id, id });
  const added = (yield* readEnvelopes(box, fresh, table)).sort(compareNewestFirst).reverse();
  for (const envelope of added) events.push({ type: 'added', mailbox: box.id, envelope });
  // A file that vanished while its header was read is not reported as added yet.
  for (const file of fresh) if (!added.some((e) => e.id === file.unique)) next.delete(file.unique);
  return { events, known: next };
}
