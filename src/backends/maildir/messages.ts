/**
 * addMessage, copyMessages, moveMessages, deleteMessages. Every new file is written to tmp/
 * (exclusive create + fsync) and renamed into place; copies are hard links staged in tmp/ (a
 * byte copy when linking is impossible); moves are one rename. Copy and move keep the flags and
 * mint a fresh unique name in the target.
 */
import { isMailError, MailError } from '../../shared/errors.js';
import type { Flag } from '../../shared/flags.js';
import type { IdMap } from '../../shared/types.js';
import * as fs from './fs-requests.js';
import type { FsCo } from './fs-requests.js';
import { formatFileName, timeFromUnique } from './filename.js';
import { ensureKeywords } from './keyword-file.js';
import { flagsFromLetters, lettersFromFlags } from './keywords.js';
import { removeRelocating, renameRelocating } from './relocate.js';
import {
  filePath,
  mailboxExists,
  newUnique,
  notFound,
  openMailbox,
  pickFiles,
  readKeywords,
  scanMailbox,
  type MessageFile,
  type OpenMailbox,
  type StoreContext,
} from './store.js';

function* encodeFlags(
  ctx: StoreContext,
  box: OpenMailbox,
  flagSets: readonly (readonly Flag[])[],
): FsCo<string[]> {
  const table = yield* ensureKeywords(ctx, box, flagSets);
  return flagSets.map((flags) => lettersFromFlags(flags, table).letters);
}

/** Exclusive create in tmp/; on the (unlikely) name clash a new name is minted. */
function* writeToTmp(
  ctx: StoreContext,
  box: OpenMailbox,
  bytes: Uint8Array,
  nowMs?: number,
): FsCo<string> {
  for (let attempt = 0; ; attempt++) {
    const unique = yield* newUnique(ctx, bytes.length, nowMs);
    try {
      yield* fs.writeFile(fs.join(box.dir, 'tmp', unique), bytes);
      return unique;
    } catch (e) {
      if (!isMailError(e, 'ERR_EXISTS') || attempt >= 3) throw e;
    }
  }
}

/** notFound for `box` when `error` is an ENOENT and the mailbox is indeed gone. */
function* missingMailbox(error: unknown, box: OpenMailbox): FsCo<MailError | undefined> {
  const code = isMailError(error, 'ERR_IO') ? error.details?.code : undefined;
  if (code !== 'ENOENT' && code !== 'ENOTDIR') return undefined;
  return (yield* mailboxExists(box.dir)) ? undefined : notFound(`mailbox ${box.id}`);
}

export function* addMessage(
  ctx: StoreContext,
  mailbox: string,
  raw: Uint8Array,
  flags: readonly Flag[],
  receivedAt?: Date,
): FsCo<string> {
  const box = openMailbox(ctx, mailbox);
  // No stat of the mailbox first (a sync adds thousands): a missing one fails the write or the
  // rename with ENOENT, which is then told apart from other I/O errors.
  let letters: string;
  let unique: string;
  try {
    // Standard flags only (each has its letter): a new message needs no keyword file read.
    const standard = lettersFromFlags(flags, []);
    [letters = ''] = standard.changed ? yield* encodeFlags(ctx, box, [flags]) : [standard.letters];
    unique = yield* writeToTmp(ctx, box, raw, receivedAt?.getTime());
  } catch (e) {
    throw (yield* missingMailbox(e, box)) ?? e;
  }
  // No info yet → new/ (spec: the reader moves it to cur/); with flags → straight to cur/.
  const target =
    flags.length === 0
      ? fs.join(box.dir, 'new', unique)
      : fs.join(box.dir, 'cur', formatFileName(unique, letters));
  const tmp = fs.join(box.dir, 'tmp', unique);
  const [moved] = yield* fs.rename([[tmp, target]]);
  if (moved === false) {
    yield* fs.remove([tmp]);
    if (!(yield* mailboxExists(box.dir))) throw notFound(`mailbox ${box.id}`);
    throw new MailError('ERR_IO', `cannot move the new message into ${box.id}`, {
      backend: 'maildir',
    });
  }
  return unique;
}

interface Transfer {
  source: OpenMailbox;
  target: OpenMailbox;
  files: MessageFile[];
  letters: string[];
  sizes: number[];
}

function* prepareTransfer(
  ctx: StoreContext,
  from: string,
  ids: readonly string[],
  to: string,
): FsCo<Transfer> {
  const source = openMailbox(ctx, from);
  const target = openMailbox(ctx, to);
  const files = pickFiles(yield* scanMailbox(source), ids, source);
  if (!(yield* mailboxExists(target.dir))) throw notFound(`mailbox ${target.id}`);
  const sourceTable = yield* readKeywords(source);
  const letters = yield* encodeFlags(
    ctx,
    target,
    files.map((f) => flagsFromLetters(f.letters, sourceTable)),
  );
  const unsized = files.filter((f) => f.size === undefined);
  const stats = yield* fs.stat(unsized.map((f) => filePath(source, f)));
  const statOf = new Map(unsized.map((f, i) => [f.unique, stats[i]?.size ?? 0]));
  const sizes = files.map((f) => f.size ?? statOf.get(f.unique) ?? 0);
  return { source, target, files, letters, sizes };
}

export function* copyMessages(
  ctx: StoreContext,
  from: string,
  ids: readonly string[],
  to: string,
): FsCo<IdMap> {
  const t = yield* prepareTransfer(ctx, from, ids, to);
  const names = yield* targetNames(ctx, t);
  for (const file of t.files) yield* placeCopy(t, file, names.get(file.unique) as TargetName);
  return idMap(names);
}

interface TargetName {
  unique: string;
  /** Its final path in the target's cur/ (with the translated flag letters). */
  path: string;
}

/**
 * A fresh unique name in the target for each message. It keeps the source's receivedAt (the
 * name's time field), as IMAP COPY keeps INTERNALDATE; the other fields keep it unique.
 */
function* targetNames(ctx: StoreContext, t: Transfer): FsCo<Map<string, TargetName>> {
  const names = new Map<string, TargetName>();
  for (const [i, file] of t.files.entries()) {
    const at = timeFromUnique(file.unique)?.getTime();
    const unique = yield* newUnique(ctx, t.sizes[i] ?? 0, at);
    const path = fs.join(t.target.dir, 'cur', formatFileName(unique, t.letters[i] ?? ''));
    names.set(file.unique, { unique, path });
  }
  return names;
}

const idMap = (names: Map<string, TargetName>): IdMap =>
  Object.fromEntries([...names].map(([id, name]) => [id, name.unique]));

/** A copy staged in the target's tmp/ and renamed into place under its new name. */
function* placeCopy(t: Transfer, file: MessageFile, name: TargetName): FsCo<void> {
  const staged = fs.join(t.target.dir, 'tmp', name.unique);
  yield* stageCopy(t.source, file, staged);
  yield* fs.rename([[staged, name.path]]);
}

/** Hard-link the source into tmp/ (re-locating it once if it moved); byte copy if links fail. */
function* stageCopy(source: OpenMailbox, file: MessageFile, staged: string): FsCo<void> {
  let current = file;
  for (let attempt = 0; attempt < 2; attempt++) {
    let linked: boolean;
    try {
      [linked = false] = yield* fs.link([[filePath(source, current), staged]]);
    } catch (e) {
      if (!isMailError(e, 'ERR_IO')) throw e;
      const [bytes] = yield* fs.readFiles([filePath(source, current)]);
      if (bytes == null) linked = false;
      else {
        yield* fs.writeFile(staged, bytes);
        return;
      }
    }
    if (linked) return;
    const found = (yield* scanMailbox(source)).get(file.unique);
    if (found === undefined) break;
    current = found;
  }
  throw notFound(`message ${file.unique} in ${source.id}`);
}

export function* moveMessages(
  ctx: StoreContext,
  from: string,
  ids: readonly string[],
  to: string,
): FsCo<IdMap> {
  const t = yield* prepareTransfer(ctx, from, ids, to);
  if (t.source.dir === t.target.dir) return Object.fromEntries(ids.map((id) => [id, id]));
  const names = yield* targetNames(ctx, t);
  // One rename per message: the message exists under exactly one name at every instant.
  try {
    yield* renameRelocating(t.source, t.files, (f) => (names.get(f.unique) as TargetName).path);
  } catch (e) {
    if (!isMailError(e, 'ERR_IO') || e.details.code !== 'EXDEV') throw e;
    yield* copyAcrossFilesystems(t, names);
  }
  return idMap(names);
}

/**
 * The target folder is on another filesystem (EXDEV: mounted or symlinked elsewhere): each
 * message still in the source is copied (staged in the target's tmp/, renamed into place),
 * and only then removed from the source — never lost, at worst briefly in both folders.
 * Messages the renames before the EXDEV already moved are no longer in the source.
 */
function* copyAcrossFilesystems(t: Transfer, names: Map<string, TargetName>): FsCo<void> {
  const now = yield* scanMailbox(t.source);
  for (const file of t.files) {
    const current = now.get(file.unique);
    if (current === undefined) continue;
    yield* placeCopy(t, current, names.get(file.unique) as TargetName);
    yield* fs.fsync([fs.join(t.target.dir, 'cur')]);
    yield* removeRelocating(t.source, [current]);
  }
}

export function* deleteMessages(
  ctx: StoreContext,
  mailbox: string,
  ids: readonly string[],
): FsCo<void> {
  const box = openMailbox(ctx, mailbox);
  const files = pickFiles(yield* scanMailbox(box), ids, box);
  yield* removeRelocating(box, files);
}
