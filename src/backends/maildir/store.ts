/**
 * The Maildir store as the coroutines see it: root, resolved layout, the per-process delivery
 * counter, and the primitives every operation builds on (open a mailbox, scan its files,
 * read/write its keyword table, mint unique names).
 */
import { MailError } from '../../shared/errors.js';
import * as fs from './fs-requests.js';
import type { FsCo } from './fs-requests.js';
import { parseFileName, mintUnique } from './filename.js';
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
 * Every message file of a mailbox, keyed by unique name. While another client moves a message
 * from new/ to cur/ it can briefly be in both listings; cur/ wins. Dotfiles are not messages.
 */
export function* scanMailbox(box: OpenMailbox): FsCo<Map<string, MessageFile>> {
  const [newEntries, curEntries] = yield* fs.readDir([
    fs.join(box.dir, 'new'),
    fs.join(box.dir, 'cur'),
  ]);
  if (newEntries == null && curEntries == null) throw notFound(`mailbox ${box.id}`);
  const files = new Map<string, MessageFile>();
  const add = (sub: 'new' | 'cur', entries: typeof newEntries): void => {
    for (const e of entries ?? []) {
      if (e.kind === 'dir' || e.name.startsWith('.')) continue;
      const parsed = parseFileName(e.name);
      const file: MessageFile = {
        unique: parsed.unique,
        sub,
        name: e.name,
        letters: parsed.letters,
      };
      if (parsed.size !== undefined) file.size = parsed.size;
      files.set(parsed.unique, file);
    }
  };
  add('new', newEntries);
  add('cur', curEntries);
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
