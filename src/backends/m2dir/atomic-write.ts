/**
 * Atomic replacement (docs/architecture.md, Rules): write a dot-named temporary file in the same directory
 * (exclusive create + fsync), then rename(2) it over the target, so readers see the old file or
 * the new one, never a partial one, and nothing is removed before its replacement exists.
 */
import { MailError } from '../../shared/errors.js';
import type { Flag } from '../../shared/flags.js';
import { serializeFlags } from './flags-file.js';
import { mkdirs, random, remove, renames, writeFile, type FsCo } from './fs-requests.js';
import { flagsPath, joinPath, metaDir, tempName } from './layout.js';

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function* tempPath(dir: string, purpose: string): FsCo<string> {
  return joinPath(dir, tempName(purpose, hex(yield* random(8))));
}

export function* writeAtomic(
  dir: string,
  target: string,
  bytes: Uint8Array,
  purpose: string,
): FsCo<void> {
  const temp = yield* tempPath(dir, purpose);
  yield* writeFile(temp, bytes);
  const [ok] = yield* renames([[temp, target]]);
  if (ok !== true)
    throw new MailError('ERR_IO', `temporary file ${temp} vanished before its rename`);
}

/** Flags file of `id` in folder `dir`: written atomically, removed when the set is empty. */
export function* writeFlags(dir: string, id: string, flags: readonly Flag[]): FsCo<void> {
  const bytes = serializeFlags(flags);
  const target = flagsPath(dir, id);
  if (bytes.length === 0) {
    yield* remove([target]);
    return;
  }
  yield* mkdirs([metaDir(dir)]);
  yield* writeAtomic(metaDir(dir), target, bytes, 'flags');
}
