/**
 * storeFlags: the new flag set is encoded in the file name (`:2,` letters in ASCII order,
 * keywords through dovecot-keywords) and the file is renamed into cur/ — a message in new/ moves
 * to cur/ as the spec requires once its info is set. The keyword table is written before any
 * file refers to a new slot.
 */
import { applyFlagChange, type Flag } from '../../shared/flags.js';
import type { StoreFlagsAction } from '../../shared/types.js';
import * as fs from './fs-requests.js';
import type { FsCo } from './fs-requests.js';
import { formatFileName } from './filename.js';
import { flagsFromLetters, lettersFromFlags, unknownLetters } from './keywords.js';
import { ensureKeywords } from './keyword-file.js';
import { renameRelocating } from './relocate.js';
import {
  openMailbox,
  pickFiles,
  readKeywords,
  scanMailbox,
  type MessageFile,
  type StoreContext,
} from './store.js';

export function* storeFlags(
  ctx: StoreContext,
  mailbox: string,
  ids: readonly string[],
  action: StoreFlagsAction,
  flags: readonly Flag[],
): FsCo<void> {
  const box = openMailbox(ctx, mailbox);
  const files = pickFiles(yield* scanMailbox(box), ids, box);
  const original = yield* readKeywords(box);
  // Only added or set flags can need new keyword slots.
  const table = action === 'remove' ? original : yield* ensureKeywords(ctx, box, [flags]);
  const encode = (file: MessageFile): string =>
    lettersFromFlags(
      applyFlagChange(flagsFromLetters(file.letters, table), action, flags),
      table,
      unknownLetters(file.letters, table),
    ).letters;
  // The target is computed from the file as found, so a message re-located after a concurrent
  // flag change keeps that change and gets ours on top.
  yield* renameRelocating(box, files, (f: MessageFile) =>
    fs.join(box.dir, 'cur', formatFileName(f.unique, encode(f))),
  );
}
