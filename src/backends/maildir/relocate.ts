/**
 * Renames and removals that survive another client touching the same messages: when a source
 * file vanished between our scan and the operation (re-flagged or moved by Dovecot, mutt…), the
 * mailbox is rescanned and the message re-located by unique name, once.
 *
 * What holds: each message is renamed or removed by one rename(2)/unlink(2), so a single message
 * is never half-handled. A call over several messages is not a transaction: every message that
 * still exists is handled, and those gone for good are then reported together as ERR_NOT_FOUND
 * (`details.missing`); what was done stays done. Repeating the call is safe.
 */
import * as fs from './fs-requests.js';
import type { FsCo } from './fs-requests.js';
import { filePath, notFound, scanMailbox, type MessageFile, type OpenMailbox } from './store.js';

interface Relocated {
  found: MessageFile[];
  /** Unique names of the messages gone for good. */
  gone: string[];
}

/** Where `missed` files are now (rescanned once), and which are gone for good. */
function* relocate(box: OpenMailbox, missed: readonly MessageFile[]): FsCo<Relocated> {
  const rescan = yield* scanMailbox(box);
  const found: MessageFile[] = [];
  const gone: string[] = [];
  for (const f of missed) {
    const now = rescan.get(f.unique);
    if (now === undefined) gone.push(f.unique);
    else found.push(now);
  }
  return { found, gone };
}

/** The messages that were gone for good, after every other one was handled. */
function reportGone(box: OpenMailbox, gone: readonly string[]): void {
  if (gone.length === 0) return;
  const error = notFound(
    gone.length === 1
      ? `message ${gone[0] as string} in ${box.id}`
      : `${gone.length} messages in ${box.id}`,
  );
  Object.assign(error.details, { missing: [...gone] });
  throw error;
}

const movedConcurrently = (box: OpenMailbox) =>
  notFound(`a message in ${box.id} (moved concurrently)`);

/** Rename each file to `target(file)`; a file whose target equals its path is left alone. */
export function* renameRelocating(
  box: OpenMailbox,
  files: readonly MessageFile[],
  target: (file: MessageFile) => string,
): FsCo<void> {
  const pending = files.filter((f) => target(f) !== filePath(box, f));
  const done = yield* fs.rename(pending.map((f) => [filePath(box, f), target(f)]));
  const missed = pending.filter((_, i) => done[i] !== true);
  if (missed.length === 0) return;
  const { found, gone } = yield* relocate(box, missed);
  const retried = yield* fs.rename(
    found.filter((f) => target(f) !== filePath(box, f)).map((f) => [filePath(box, f), target(f)]),
  );
  if (retried.some((ok) => !ok)) throw movedConcurrently(box);
  reportGone(box, gone);
}

export function* removeRelocating(box: OpenMailbox, files: readonly MessageFile[]): FsCo<void> {
  const done = yield* fs.remove(files.map((f) => filePath(box, f)));
  const missed = files.filter((_, i) => done[i] !== true);
  if (missed.length === 0) return;
  const { found, gone } = yield* relocate(box, missed);
  const retried = yield* fs.remove(found.map((f) => filePath(box, f)));
  if (retried.some((ok) => !ok)) throw movedConcurrently(box);
  reportGone(box, gone);
}
