/**
 * Mailbox operations over the folder tree. Listing walks the store breadth-first, one batched
 * readDir per level, skipping dot-names (m2dir spec); a directory is a mailbox when it holds the
 * `.m2dir` marker, and nesting continues below mailboxes and plain directories alike.
 */
import type { MailboxPath } from '../../shared/backend.js';
import { MailError } from '../../shared/errors.js';
import { normalizeFlag } from '../../shared/flags.js';
import type { Mailbox } from '../../shared/types.js';
import { parseEntryName } from './entry-name.js';
import {
  componentsOfId,
  componentsOfPath,
  decodeComponent,
  idOfComponents,
} from './folder-names.js';
import { parseFlagsFile } from './flags-file.js';
import { folderNotFound, requireFolder } from './folder-listing.js';
import {
  mkdirs,
  readDirs,
  readFiles,
  remove,
  renames,
  stat,
  writeFile,
  type FsCo,
} from './fs-requests.js';
import { FOLDER_MARKER, flagsPath, folderDir, idOfFlagsFile, joinPath, metaDir } from './layout.js';
import { roleOf } from './roles.js';

/** Guards against pathological trees; symlinks are never followed (readDir reports 'other'). */
const MAX_DEPTH = 64;

export function mailboxOf(components: readonly string[]): Mailbox {
  const role = roleOf(components);
  return {
    id: idOfComponents(components),
    name: components[components.length - 1] ?? '',
    path: [...components],
    ...(role === undefined ? {} : { role }),
  };
}

interface Found {
  components: string[];
  dir: string;
  names: string[];
}

export function* listMailboxes(root: string, counts: boolean): FsCo<Mailbox[]> {
  const found: Found[] = [];
  let level: { components: string[]; dir: string }[] = [{ components: [], dir: root }];
  for (let depth = 0; level.length > 0 && depth <= MAX_DEPTH; depth++) {
    const listings = yield* readDirs(level.map((l) => l.dir));
    const next: typeof level = [];
    level.forEach((node, i) => {
      const entries = listings[i];
      if (entries === null || entries === undefined) return;
      if (node.components.length > 0 && entries.some((e) => e.name === FOLDER_MARKER)) {
        found.push({ ...node, names: entries.filter((e) => e.kind === 'file').map((e) => e.name) });
      }
      for (const e of entries) {
        if (e.kind !== 'dir' || e.name.startsWith('.')) continue;
        const name = decodeComponent(e.name);
        // Not a canonical encoding: its id would not lead back here, so it is not listed.
        if (name === undefined) continue;
        next.push({ components: [...node.components, name], dir: joinPath(node.dir, e.name) });
      }
    });
    level = next;
  }
  const mailboxes = found.map((f) => mailboxOf(f.components));
  if (counts) yield* fillCounts(found, mailboxes);
  return mailboxes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** total = entries; unread = entries whose flags lack `seen`. */
function* fillCounts(found: Found[], mailboxes: Mailbox[]): FsCo<void> {
  const metas = yield* readDirs(found.map((f) => metaDir(f.dir)));
  const paths: string[] = [];
  const owners: number[] = [];
  const ids = found.map((f, i) => {
    const set = new Set(f.names.map((n) => parseEntryName(n)?.id).filter((id) => id !== undefined));
    for (const e of metas[i] ?? []) {
      const id = idOfFlagsFile(e.name);
      if (id !== undefined && set.has(id)) {
        paths.push(flagsPath(f.dir, id));
        owners.push(i);
      }
    }
    return set;
  });
  const files = yield* readFiles(paths);
  const seen = found.map(() => 0);
  files.forEach((bytes, k) => {
    if (parseFlagsFile(bytes).some((f) => normalizeFlag(f) === 'seen')) {
      const owner = owners[k] as number;
      seen[owner] = (seen[owner] ?? 0) + 1;
    }
  });
  mailboxes.forEach((m, i) => {
    m.total = ids[i]?.size ?? 0;
    m.unread = m.total - (seen[i] ?? 0);
  });
}

export function* createMailbox(root: string, path: MailboxPath): FsCo<Mailbox> {
  const components = componentsOfPath(path);
  const dir = folderDir(root, components);
  const id = idOfComponents(components);
  if ((yield* stat(joinPath(dir, FOLDER_MARKER))) !== null) {
    throw new MailError('ERR_EXISTS', `mailbox ${JSON.stringify(id)} already exists`);
  }
  // The marker comes last: a folder is a mailbox only once its .meta/ exists.
  yield* mkdirs([metaDir(dir)]);
  yield* writeFile(joinPath(dir, FOLDER_MARKER), new Uint8Array(0));
  return mailboxOf(components);
}

export function* renameMailbox(root: string, ref: string, newPath: MailboxPath): FsCo<Mailbox> {
  const from = componentsOfId(ref);
  const to = componentsOfPath(newPath);
  const fromDir = folderDir(root, from);
  const toDir = folderDir(root, to);
  yield* requireFolder(fromDir, ref);
  if (to.length >= from.length && from.every((c, i) => to[i] === c)) {
    throw new MailError('ERR_INVALID_ARGUMENT', 'a mailbox cannot be moved inside itself');
  }
  // rename(2) would silently replace an empty directory; refuse any existing target.
  if ((yield* stat(toDir)) !== null) {
    throw new MailError(
      'ERR_EXISTS',
      `mailbox ${JSON.stringify(idOfComponents(to))} already exists`,
    );
  }
  if (to.length > 1) yield* mkdirs([folderDir(root, to.slice(0, -1))]);
  const [moved] = yield* renames([[fromDir, toDir]]);
  if (moved !== true) throw folderNotFound(ref);
  return mailboxOf(to);
}

/**
 * Removes the folder. Child mailboxes nested inside survive: the folder then only loses its
 * marker, entries and `.meta/` (IMAP semantics for deleting a parent, RFC 9051 §6.3.5).
 */
export function* deleteMailbox(root: string, ref: string): FsCo<void> {
  const dir = folderDir(root, componentsOfId(ref));
  const [entries] = yield* readDirs([dir]);
  if (entries === null || entries === undefined || !entries.some((e) => e.name === FOLDER_MARKER)) {
    throw folderNotFound(ref);
  }
  const children = entries.filter((e) => e.kind === 'dir' && !e.name.startsWith('.'));
  if (children.length === 0) {
    yield* remove([dir], true);
    return;
  }
  yield* remove([joinPath(dir, FOLDER_MARKER)]);
  const rest = entries.filter(
    (e) => e.name !== FOLDER_MARKER && !(e.kind === 'dir' && !e.name.startsWith('.')),
  );
  yield* remove(
    rest.map((e) => joinPath(dir, e.name)),
    true,
  );
}
