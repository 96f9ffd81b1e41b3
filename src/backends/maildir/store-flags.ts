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
import {
  flagsFromLetters,
  lettersFromFlags,
  unknownLetters,
  type KeywordTable,
} from './keywords.js';
import { renameRelocating } from './relocate.js';
import {
  openMailbox,
  pickFiles,
  readKeywords,
  scanMailbox,
  writeKeywords,
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
  const encode = (file: MessageFile, table: KeywordTable) =>
    lettersFromFlags(
      applyFlagChange(flagsFromLetters(file.letters, original), action, flags),
      table,
      unknownLetters(file.letters, original),
    );
  let table = original;
  for (const file of files) table = encode(file, table).table;
  if (table.length !== original.length || table.some((w, i) => w !== original[i]))
    yield* writeKeywords(ctx, box, table);
  // The target is computed from the file as found, so a message re-located after a concurrent
  // flag change keeps that change and gets ours on top.
  yield* renameRelocating(box, files, (f: MessageFile) =>
    fs.join(box.dir, 'cur', formatFileName(f.unique, encode(f, table).letters)),
  );
}
