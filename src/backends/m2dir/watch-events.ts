/**
 * Filesystem changes in one folder → WatchEvents. The driver reports raw changes (a file name
 * added or removed directly in the folder, or a `.meta/<id>.flags` file added, changed or
 * removed); this turns them into events, reading only the header block and flags they need.
 */
import type { WatchEvent } from '../../shared/types.js';
import { parseEntryName } from './entry-name.js';
import { buildEnvelope } from './envelopes.js';
import { readHeaderBlocks } from '../../shared/header-blocks.js';
import { attachmentFlags } from '../../shared/attachment-reads.js';
import { parseFlagsFile } from './flags-file.js';
import { readFiles, stat, type FsCo } from './fs-requests.js';
import { flagsPath, idOfFlagsFile, joinPath } from './layout.js';

export type FolderChange =
  { kind: 'entry-added' | 'entry-removed'; name: string } | { kind: 'flags-changed'; name: string };

/** id → entry file name of the entries the watcher has seen present. */
export type KnownIds = Map<string, string>;

export function* watchEventOf(
  dir: string,
  mailbox: string,
  change: FolderChange,
  known: KnownIds,
): FsCo<WatchEvent | undefined> {
  if (change.kind === 'flags-changed') {
    const id = idOfFlagsFile(change.name);
    const file = id === undefined ? undefined : known.get(id);
    if (id === undefined || file === undefined) return undefined;
    const [bytes] = yield* readFiles([flagsPath(dir, id)]);
    // The entry is going away (its flags file is removed with it): `removed` will say so.
    if ((yield* stat(joinPath(dir, file))) === null) return undefined;
    return { type: 'flags-changed', mailbox, id, flags: parseFlagsFile(bytes ?? null) };
  }
  const entry = parseEntryName(change.name);
  if (entry === undefined) return undefined;
  if (change.kind === 'entry-removed') {
    if (!known.delete(entry.id)) return undefined;
    return { type: 'removed', mailbox, id: entry.id };
  }
  if (known.has(entry.id)) return undefined;
  const path = joinPath(dir, entry.file);
  const [header] = yield* readHeaderBlocks([path]);
  const [flags] = yield* readFiles([flagsPath(dir, entry.id)]);
  const info = yield* stat(path);
  // Gone again before we could read it: nothing to report.
  if (header === null || header === undefined || info === null) return undefined;
  known.set(entry.id, entry.file);
  const envelope = buildEnvelope(
    mailbox,
    { entry, mtimeMs: info.mtimeMs, size: info.size },
    header,
    parseFlagsFile(flags ?? null),
  );
  envelope.hasAttachment = (yield* attachmentFlags([path], [header]))[0] === true;
  return { type: 'added', mailbox, envelope };
}
