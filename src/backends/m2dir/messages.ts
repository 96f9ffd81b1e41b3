/**
 * Message operations. Each starts from the folder listing, so unknown ids fail with
 * ERR_NOT_FOUND before anything is written; content is checksum-verified on every read
 * (docs/m2dir.md, Store format), so a changed or truncated file is ERR_CHECKSUM, never served.
 */
import { MailError, isMailError } from '../../shared/errors.js';
import type { Flag } from '../../shared/flags.js';
import { normalizeFlags } from '../../shared/flags.js';
import type { IdMap } from '../../shared/types.js';
import { tempPath, writeFlags } from './atomic-write.js';
import { checksumMatches } from './checksum.js';
import { datePartOf, deliver } from './deliver.js';
import type { EntryName } from './entry-name.js';
import { listFolder, messageNotFound, pickEntries, requireFolder } from './folder-listing.js';
import { componentsOfId, idOfComponents } from './folder-names.js';
import {
  fsync,
  readDir,
  readFile,
  remove,
  renames,
  stat,
  writeFile,
  type FsCo,
} from './fs-requests.js';
import { flagsPath, folderDir, joinPath, metaDir } from './layout.js';

export interface FolderRef {
  mailbox: string;
  dir: string;
}

export function folderRef(root: string, ref: string): FolderRef {
  const components = componentsOfId(ref);
  return { mailbox: idOfComponents(components), dir: folderDir(root, components) };
}

/** A message whose content no longer matches the checksum in its name. */
export function checksumMismatch(mailbox: string, id: string): MailError {
  return new MailError(
    'ERR_CHECKSUM',
    `message ${id} in ${JSON.stringify(mailbox)} does not match its checksum (changed after delivery?)`,
    { backend: 'm2dir', details: { mailbox, id } },
  );
}

export function* readVerified(folder: FolderRef, entry: EntryName): FsCo<Uint8Array> {
  const bytes = yield* readFile(joinPath(folder.dir, entry.file));
  if (bytes === null) throw messageNotFound(folder.mailbox, [entry.id]);
  if (!checksumMatches(entry.checksum, bytes)) throw checksumMismatch(folder.mailbox, entry.id);
  return bytes;
}

/** A message's folder and entry (its name carries the checksum and so the length). */
export interface MessageLocation {
  folder: FolderRef;
  entry: EntryName;
}

export function* locateMessage(root: string, ref: string, id: string): FsCo<MessageLocation> {
  const folder = folderRef(root, ref);
  const listing = yield* listFolder(folder.dir, folder.mailbox, { flags: false });
  const [entry] = pickEntries(listing, folder.mailbox, [id]) as [EntryName];
  return { folder, entry };
}

export function* getMessage(root: string, ref: string, id: string): FsCo<Uint8Array> {
  const { folder, entry } = yield* locateMessage(root, ref, id);
  return yield* readVerified(folder, entry);
}

export function* addMessage(
  root: string,
  ref: string,
  raw: Uint8Array,
  flags: readonly Flag[],
  receivedAt?: Date,
): FsCo<string> {
  const folder = folderRef(root, ref);
  yield* requireFolder(folder.dir, folder.mailbox);
  const receivedMs = receivedAt === undefined ? undefined : receivedAt.getTime();
  if (receivedMs !== undefined && !Number.isFinite(receivedMs))
    throw new MailError('ERR_INVALID_ARGUMENT', 'receivedAt is not a valid date', {
      backend: 'm2dir',
    });
  return yield* deliver(folder.dir, raw, normalizeFlags(flags), datePartOf(raw), receivedMs);
}

/**
 * Copies get a fresh nonce (a new id) and keep the source's date part, flags and receivedAt
 * (the file's mtime), as IMAP COPY keeps INTERNALDATE.
 */
export function* copyMessages(
  root: string,
  fromRef: string,
  ids: readonly string[],
  toRef: string,
): FsCo<IdMap> {
  const from = folderRef(root, fromRef);
  const to = folderRef(root, toRef);
  const listing = yield* listFolder(from.dir, from.mailbox);
  const entries = pickEntries(listing, from.mailbox, ids);
  yield* requireFolder(to.dir, to.mailbox);
  const map: IdMap = {};
  for (const entry of entries) {
    const source = yield* stat(joinPath(from.dir, entry.file));
    const bytes = yield* readVerified(from, entry);
    const datePart = entry.file.slice(0, entry.file.lastIndexOf(','));
    const flags = listing.flags.get(entry.id) ?? [];
    map[entry.id] = yield* deliver(to.dir, bytes, flags, datePart, source?.mtimeMs);
  }
  return map;
}

/**
 * Moves keep the entry's name (and so its id): flags are written into the target first, then the
 * entry is renamed (atomic: at every instant the message is in exactly one folder), then the
 * source's flags file is removed.
 */
export function* moveMessages(
  root: string,
  fromRef: string,
  ids: readonly string[],
  toRef: string,
): FsCo<IdMap> {
  const from = folderRef(root, fromRef);
  const to = folderRef(root, toRef);
  const listing = yield* listFolder(from.dir, from.mailbox);
  const entries = pickEntries(listing, from.mailbox, ids);
  yield* requireFolder(to.dir, to.mailbox);
  const map: IdMap = {};
  if (from.dir === to.dir) {
    for (const e of entries) map[e.id] = e.id;
    return map;
  }
  for (const entry of entries) {
    const target = joinPath(to.dir, entry.file);
    if ((yield* stat(target)) !== null) {
      throw new MailError(
        'ERR_EXISTS',
        `message ${entry.id} already exists in ${JSON.stringify(to.mailbox)}`,
      );
    }
    const flags = listing.flags.get(entry.id) ?? [];
    if (flags.length > 0) yield* writeFlags(to.dir, entry.id, flags);
    const [moved] = yield* renameOrCopyAcross(from, entry, target);
    if (moved !== true) {
      if (flags.length > 0) yield* remove([flagsPath(to.dir, entry.id)]);
      throw messageNotFound(from.mailbox, [entry.id]);
    }
    yield* removeMeta(from.dir, [entry.id]);
    map[entry.id] = entry.id;
  }
  return map;
}

/**
 * rename(2) the entry; when the folders are on different filesystems (EXDEV: a folder mounted
 * or symlinked elsewhere) copy it instead — verified content into a temporary file of the target,
 * renamed into place and synced — and only then remove the source: never lost, at worst briefly
 * in both folders.
 */
function* renameOrCopyAcross(from: FolderRef, entry: EntryName, target: string): FsCo<boolean[]> {
  const source = joinPath(from.dir, entry.file);
  try {
    return yield* renames([[source, target]]);
  } catch (e) {
    if (!isMailError(e, 'ERR_IO') || e.details.code !== 'EXDEV') throw e;
  }
  const sourceStat = yield* stat(source);
  if (sourceStat === null) return [false];
  const bytes = yield* readVerified(from, entry);
  const dir = target.slice(0, target.lastIndexOf('/'));
  const temp = yield* tempPath(dir, 'move');
  yield* writeFile(temp, bytes, sourceStat.mtimeMs);
  const [placed] = yield* renames([[temp, target]]);
  if (placed !== true) throw new MailError('ERR_IO', 'the copied file vanished before its rename');
  yield* fsync([dir]);
  yield* remove([source]);
  return [true];
}

/** Every `.meta/` file belonging to the ids (`<id>.flags` and any other `<id>.*`). */
function* removeMeta(dir: string, ids: readonly string[]): FsCo<void> {
  const names = (yield* readDir(metaDir(dir))) ?? [];
  const prefixes = ids.map((id) => `${id}.`);
  const doomed = names.filter((n) => prefixes.some((p) => n.name.startsWith(p)));
  yield* remove(doomed.map((n) => joinPath(metaDir(dir), n.name)));
}

export function* deleteMessages(root: string, ref: string, ids: readonly string[]): FsCo<void> {
  const folder = folderRef(root, ref);
  const listing = yield* listFolder(folder.dir, folder.mailbox, { flags: false });
  const entries = pickEntries(listing, folder.mailbox, ids);
  yield* remove(entries.map((e) => joinPath(folder.dir, e.file)));
  yield* removeMeta(
    folder.dir,
    entries.map((e) => e.id),
  );
}
