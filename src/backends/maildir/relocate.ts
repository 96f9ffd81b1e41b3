/**
 * Renames and removals that survive another client touching the same messages: when a source
 * file vanished between our scan and the operation (re-flagged or moved by Dovecot, mutt…), the
 * mailbox is rescanned and the message re-located by unique name, once. A message gone for good
 * is reported as ERR_NOT_FOUND; nothing is ever half-handled.
 */
import * as fs from './fs-requests.js';
import type { FsCo } from './fs-requests.js';
import { filePath, notFound, scanMailbox, type MessageFile, type OpenMailbox } from './store.js';

/** Where `missed` files are now (rescanned once); one gone for good is ERR_NOT_FOUND. */
function* relocate(box: OpenMailbox, missed: readonly MessageFile[]): FsCo<MessageFile[]> {
  const rescan = yield* scanMailbox(box);
  return missed.map((f) => {
    const now = rescan.get(f.unique);
    if (now === undefined) throw notFound(`message ${f.unique} in ${box.id}`);
    return now;
  });
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
  const again = yield* relocate(box, missed);
  const retried = yield* fs.rename(
    again.filter((f) => target(f) !== filePath(box, f)).map((f) => [filePath(box, f), target(f)]),
  );
  if (retried.some((ok) => !ok)) throw movedConcurrently(box);
}

export function* removeRelocating(box: OpenMailbox, files: readonly MessageFile[]): FsCo<void> {
  const done = yield* fs.remove(files.map((f) => filePath(box, f)));
  const missed = files.filter((_, i) => done[i] !== true);
  if (missed.length === 0) return;
  const retried = yield* fs.remove((yield* relocate(box, missed)).map((f) => filePath(box, f)));
  if (retried.some((ok) => !ok)) throw movedConcurrently(box);
}
