/**
 * One m2dir folder as it is on disk right now: its entries (parsed names) and the flags of each
 * from `.meta/<id>.flags`. Every message operation starts from this listing, so an id that is
 * not in it is ERR_NOT_FOUND before anything is touched.
 */
import { MailError } from '../../shared/errors.js';
import type { Flag } from '../../shared/flags.js';
import { parseEntryName, type EntryName } from './entry-name.js';
import { parseFlagsFile } from './flags-file.js';
import { readDirs, readFiles, stat, type FsCo } from './fs-requests.js';
import { FOLDER_MARKER, flagsPath, idOfFlagsFile, joinPath, metaDir } from './layout.js';

export interface FolderListing {
  dir: string;
  /** Entries by id. */
  entries: Map<string, EntryName>;
  /** Flags by id; ids without a flags file have none. */
  flags: Map<string, Flag[]>;
}

export function folderNotFound(mailbox: string): MailError {
  return new MailError('ERR_NOT_FOUND', `mailbox ${JSON.stringify(mailbox)} does not exist`, {
    details: { mailbox },
  });
}

export function messageNotFound(mailbox: string, ids: readonly string[]): MailError {
  return new MailError(
    'ERR_NOT_FOUND',
    `message ${ids.map((i) => JSON.stringify(i)).join(', ')} not found in ${JSON.stringify(mailbox)}`,
    { details: { mailbox, ids: [...ids] } },
  );
}

/** Throws ERR_NOT_FOUND unless `dir` holds the `.m2dir` marker. */
export function* requireFolder(dir: string, mailbox: string): FsCo<void> {
  const marker = yield* stat(joinPath(dir, FOLDER_MARKER));
  if (marker === null) throw folderNotFound(mailbox);
}

export function* listFolder(
  dir: string,
  mailbox: string,
  options: { flags?: boolean } = {},
): FsCo<FolderListing> {
  const [names, metaNames] = yield* readDirs([dir, metaDir(dir)]);
  if (names === null || names === undefined || !names.some((e) => e.name === FOLDER_MARKER)) {
    throw folderNotFound(mailbox);
  }
  const entries = new Map<string, EntryName>();
  for (const e of names) {
    if (e.kind !== 'file') continue;
    const parsed = parseEntryName(e.name);
    if (parsed !== undefined && !entries.has(parsed.id)) entries.set(parsed.id, parsed);
  }
  const flags = new Map<string, Flag[]>();
  if (options.flags !== false && metaNames !== null && metaNames !== undefined) {
    const ids = metaNames
      .map((e) => idOfFlagsFile(e.name))
      .filter((id): id is string => id !== undefined && entries.has(id));
    const files = yield* readFiles(ids.map((id) => flagsPath(dir, id)));
    ids.forEach((id, i) => {
      const parsed = parseFlagsFile(files[i] ?? null);
      if (parsed.length > 0) flags.set(id, parsed);
    });
  }
  return { dir, entries, flags };
}

/**
 * The entries for `ids` (duplicates once), or ERR_NOT_FOUND naming every missing one — thrown
 * before anything is touched, so a batch with a bad id changes nothing.
 */
export function pickEntries(
  listing: FolderListing,
  mailbox: string,
  ids: readonly string[],
): EntryName[] {
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
    throw new MailError('ERR_INVALID_ARGUMENT', 'message ids must be an array of strings');
  }
  const unique = [...new Set(ids)];
  const missing = unique.filter((id) => !listing.entries.has(id));
  if (missing.length > 0) throw messageNotFound(mailbox, missing);
  return unique.map((id) => listing.entries.get(id) as EntryName);
}

/** Read the flags of `ids` straight from `.meta/` into the listing (absent file = no flags). */
export function* loadFlags(listing: FolderListing, ids: readonly string[]): FsCo<void> {
  const files = yield* readFiles(ids.map((id) => flagsPath(listing.dir, id)));
  ids.forEach((id, i) => {
    const parsed = parseFlagsFile(files[i] ?? null);
    if (parsed.length > 0) listing.flags.set(id, parsed);
    else listing.flags.delete(id);
  });
}
