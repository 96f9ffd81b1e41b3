/**
 * The Maildir store as the coroutines see it: root, resolved layout, the per-process delivery
 * counter, and the primitives every operation builds on (open a mailbox, scan its files,
 * read/write its keyword table, mint unique names).
 */
import { MailError } from '../../shared/errors.js';
import * as fs from './fs-requests.js';
import type { FsCo } from './fs-requests.js';
import { parseFileName, mintUnique } from './filename.js';
import { uniqueLength } from './name-table.js';
import { formatKeywordFile, parseKeywordFile, type KeywordTable } from './keywords.js';
import { idComponents, componentsToId, mailboxDir, type Layout } from './layout.js';

export interface StoreContext {
  root: string;
  layout: Layout;
  /** Maildir spec delivery counter (the Q field), unique within this process. */
  nextCounter(): number;
  /**
   * The header cache (header-cache.ts; config `headerCache`, `cacheDir`): its directory, the
   * root's real path (folders are keyed by real path) and the directory's size bound.
   */
  headerCache?: { dir: string; realRoot: string; maxBytes: number };
}

export interface OpenMailbox {
  id: string;
  components: string[];
  dir: string;
}

export interface MessageFile {
  unique: string;
  sub: 'new' | 'cur';
  name: string;
  letters: string;
  size?: number;
}

export const notFound = (what: string): MailError =>
  new MailError('ERR_NOT_FOUND', `${what} not found`, { backend: 'maildir' });

/** Validate an id and locate its directory (existence is checked by the caller's first scan). */
export function openMailbox(ctx: StoreContext, id: string): OpenMailbox {
  const components = idComponents(id, ctx.layout);
  return {
    id: componentsToId(components),
    components,
    dir: fs.join(mailboxDir(ctx.root, components, ctx.layout)),
  };
}

/** True when `dir` is a Maildir (has cur/). */
export function* mailboxExists(dir: string): FsCo<boolean> {
  const [cur] = yield* fs.stat([fs.join(dir, 'cur')]);
  return cur?.kind === 'dir';
}

/**
 * A mailbox's message file names, without a record per file: what a page served from the header
 * cache needs (listing 50 of 100k builds 50 MessageFiles, not 100k). `names` holds new/ first,
 * then cur/; `slots()` maps each unique name to its slot (built on first use; name-table.ts
 * answers the same question in far less memory); `fileAt` makes the MessageFile of a slot.
 */
export interface FolderNames {
  names: string[];
  /** Slots below this are in new/, the rest in cur/. */
  curFrom: number;
  slots(): Map<string, number>;
}

/**
 * Every message file name of a mailbox. While another client moves a message from new/ to cur/
 * it can briefly be in both listings; cur/ wins. Dotfiles and directories are not messages.
 */
export function* scanNames(box: OpenMailbox): FsCo<FolderNames> {
  const [newEntries, curEntries] = yield* fs.readDir([
    fs.join(box.dir, 'new'),
    fs.join(box.dir, 'cur'),
  ]);
  if (newEntries == null && curEntries == null) throw notFound(`mailbox ${box.id}`);
  const names: string[] = [];
  let curFrom = 0;
  for (const entries of [newEntries, curEntries]) {
    for (const e of entries ?? [])
      if (e.kind !== 'dir' && !e.name.startsWith('.')) names.push(e.name);
    if (entries === newEntries) curFrom = names.length;
  }
  let slots: Map<string, number> | undefined;
  return {
    names,
    curFrom,
    slots() {
      if (slots === undefined) {
        slots = new Map();
        names.forEach((name, slot) => slots?.set(name.slice(0, uniqueLength(name)), slot));
      }
      return slots;
    },
  };
}

/** The MessageFile at `slot` of a scan. */
export function fileAt(scan: FolderNames, slot: number): MessageFile {
  const name = scan.names[slot] as string;
  const parsed = parseFileName(name);
  const file: MessageFile = {
    unique: parsed.unique,
    sub: slot < scan.curFrom ? 'new' : 'cur',
    name,
    letters: parsed.letters,
  };
  if (parsed.size !== undefined) file.size = parsed.size;
  return file;
}

/** Every message file of a mailbox, keyed by unique name (scanNames, each made a record). */
export function* scanMailbox(box: OpenMailbox): FsCo<Map<string, MessageFile>> {
  const scan = yield* scanNames(box);
  const files = new Map<string, MessageFile>();
  for (const [unique, slot] of scan.slots()) files.set(unique, fileAt(scan, slot));
  return files;
}

/**
 * Same as `fs.join(box.dir, file.sub, file.name)` (box.dir is already joined, names from a
 * directory listing hold no '/'), without the regex pass: listing builds 100k of these.
 */
export const filePath = (box: OpenMailbox, file: MessageFile): string =>
  (box.dir.endsWith('/') ? box.dir : box.dir + '/') + file.sub + '/' + file.name;

export function* readKeywords(box: OpenMailbox): FsCo<KeywordTable> {
  const [bytes] = yield* fs.readFiles([fs.join(box.dir, 'dovecot-keywords')]);
  return parseKeywordFile(bytes ?? null);
}

/** Replace dovecot-keywords atomically: write into tmp/, rename over the old file. */
export function* writeKeywords(
  ctx: StoreContext,
  box: OpenMailbox,
  table: KeywordTable,
): FsCo<void> {
  const tmp = fs.join(box.dir, 'tmp', `dovecot-keywords.${yield* newUnique(ctx, 0)}`);
  yield* fs.writeFile(tmp, formatKeywordFile(table));
  yield* fs.rename([[tmp, fs.join(box.dir, 'dovecot-keywords')]]);
}

/** A fresh spec unique name; `atMs` backdates its time field (addMessage receivedAt). */
export function* newUnique(ctx: StoreContext, size: number, atMs?: number): FsCo<string> {
  const nowMs = atMs ?? (yield* fs.now());
  const pid = yield* fs.pid();
  const hostname = yield* fs.hostname();
  const random = yield* fs.random(4);
  return mintUnique({ nowMs, pid, hostname, random, size, counter: ctx.nextCounter() });
}

/** Look ids up in a scan; missing ids → ERR_NOT_FOUND before anything is changed. */
export function pickFiles(
  files: Map<string, MessageFile>,
  ids: readonly string[],
  box: OpenMailbox,
): MessageFile[] {
  return ids.map((id) => {
    const file = files.get(id);
    if (file === undefined) throw notFound(`message ${id} in ${box.id}`);
    return file;
  });
}
