/**
 * Mailbox operations: layout detection, list (with optional counts), create, rename, delete.
 * INBOX is the root in both layouts and can be neither renamed nor deleted.
 */
import type { MailboxPath } from '../../shared/backend.js';
import { MailError, isMailError } from '../../shared/errors.js';
import type { Mailbox } from '../../shared/types.js';
import * as fs from './fs-requests.js';
import type { FsCo } from './fs-requests.js';
import {
  INBOX_ID,
  componentsToId,
  isInboxId,
  mailboxDir,
  maildirPlusPlusComponents,
  pathComponents,
  roleOf,
  type Layout,
} from './layout.js';
import { encodeModifiedUtf7 as encodeMutf7 } from '../../shared/mutf7.js';
import { mailboxExists, notFound, openMailbox, scanMailbox, type StoreContext } from './store.js';

const MAX_DEPTH = 32;
const SUBDIRS = new Set(['cur', 'new', 'tmp']);

/**
 * 'auto': a root with dot-folders that are Maildirs is Maildir++; one with plain subdirectories
 * (other than cur/new/tmp) is fs; an empty root defaults to Maildir++ (Dovecot's default).
 */
export function* detectLayout(
  root: string,
  configured: Layout | 'auto',
  create: boolean,
): FsCo<Layout> {
  const [entries] = yield* fs.readDir([root]);
  if (entries == null) {
    if (!create)
      throw new MailError('ERR_NOT_FOUND', 'the Maildir root does not exist', {
        backend: 'maildir',
        hint: 'check the maildir root path, or set create: true',
      });
    yield* fs.mkdir(['cur', 'new', 'tmp'].map((s) => fs.join(root, s)));
  } else if (create && !(yield* mailboxExists(root))) {
    yield* fs.mkdir(['cur', 'new', 'tmp'].map((s) => fs.join(root, s)));
  }
  if (configured !== 'auto') return configured;
  const dirs = (entries ?? []).filter((e) => e.kind === 'dir');
  const dotted = dirs.filter((e) => maildirPlusPlusComponents(e.name) !== undefined);
  const dottedCur = yield* fs.stat(dotted.map((e) => fs.join(root, e.name, 'cur')));
  if (dottedCur.some((s) => s?.kind === 'dir')) return 'maildir++';
  const plain = dirs.filter((e) => !e.name.startsWith('.') && !SUBDIRS.has(e.name));
  return plain.length > 0 ? 'fs' : 'maildir++';
}

function describe(components: string[]): Mailbox {
  const id = componentsToId(components);
  const box: Mailbox = {
    id,
    name: components.length === 0 ? INBOX_ID : (components[components.length - 1] as string),
    path: components.length === 0 ? [INBOX_ID] : components,
  };
  const role = roleOf(components);
  if (role !== undefined) box.role = role;
  return box;
}

function* folderComponents(ctx: StoreContext): FsCo<string[][]> {
  if (ctx.layout === 'maildir++') {
    const [entries] = yield* fs.readDir([ctx.root]);
    const candidates = (entries ?? [])
      .filter((e) => e.kind === 'dir')
      .map((e) => ({ name: e.name, components: maildirPlusPlusComponents(e.name) }))
      .filter((c): c is { name: string; components: string[] } => c.components !== undefined);
    const curs = yield* fs.stat(candidates.map((c) => fs.join(ctx.root, c.name, 'cur')));
    return candidates.filter((_, i) => curs[i]?.kind === 'dir').map((c) => c.components);
  }
  const found: string[][] = [];
  let level: string[][] = [[]];
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth++) {
    const listings = yield* fs.readDir(level.map((c) => mailboxDir(ctx.root, c, 'fs')));
    const next: string[][] = [];
    level.forEach((parent, i) => {
      const entries = listings[i] ?? [];
      if (depth > 0 && entries.some((e) => e.name === 'cur' && e.kind === 'dir'))
        found.push(parent);
      for (const e of entries)
        if (e.kind === 'dir' && !e.name.startsWith('.') && !SUBDIRS.has(e.name))
          next.push([...parent, e.name]);
    });
    level = next;
  }
  return found;
}

export function* listMailboxes(ctx: StoreContext, counts: boolean): FsCo<Mailbox[]> {
  const all = [[], ...(yield* folderComponents(ctx))].map(describe);
  all.sort((a, b) => (a.id === INBOX_ID ? -1 : b.id === INBOX_ID ? 1 : a.id < b.id ? -1 : 1));
  if (!counts) return all;
  for (const box of all) {
    try {
      const files = yield* scanMailbox(openMailbox(ctx, box.id));
      box.total = files.size;
      box.unread = [...files.values()].filter((f) => !f.letters.includes('S')).length;
    } catch (e) {
      if (!isMailError(e, 'ERR_NOT_FOUND')) throw e; // removed while listing
    }
  }
  return all;
}

const exists = (what: string): MailError =>
  new MailError('ERR_EXISTS', `mailbox ${what} already exists`, { backend: 'maildir' });

const inboxRefused = (op: string): MailError =>
  new MailError('ERR_INVALID_ARGUMENT', `INBOX cannot be ${op}`, { backend: 'maildir' });

export function* createMailbox(ctx: StoreContext, path: MailboxPath): FsCo<Mailbox> {
  const components = pathComponents(path, ctx.layout);
  if (components.length === 1 && isInboxId(components[0] as string)) throw exists(INBOX_ID);
  const dir = mailboxDir(ctx.root, components, ctx.layout);
  if (yield* mailboxExists(dir)) throw exists(componentsToId(components));
  yield* fs.mkdir(['tmp', 'new', 'cur'].map((s) => fs.join(dir, s)));
  if (ctx.layout === 'maildir++') {
    // Dovecot/Courier mark Maildir++ subfolders with an empty `maildirfolder` file.
    try {
      yield* fs.writeFile(fs.join(dir, 'maildirfolder'), new Uint8Array(0));
    } catch (e) {
      if (!isMailError(e, 'ERR_EXISTS')) throw e;
    }
  }
  return describe(components);
}

/** Maildir++ children of a folder: `.A.B` for `.A` (they move and go with it). */
function* dottedChildren(ctx: StoreContext, components: string[]): FsCo<string[]> {
  const prefix = `.${components.map(encodeMutf7).join('.')}.`;
  const [entries] = yield* fs.readDir([ctx.root]);
  return (entries ?? [])
    .filter((e) => e.kind === 'dir' && e.name.startsWith(prefix))
    .map((e) => e.name);
}

export function* renameMailbox(ctx: StoreContext, id: string, newPath: MailboxPath): FsCo<Mailbox> {
  const box = openMailbox(ctx, id);
  if (box.components.length === 0) throw inboxRefused('renamed');
  const target = pathComponents(newPath, ctx.layout);
  if (target.length === 1 && isInboxId(target[0] as string)) throw exists(INBOX_ID);
  const targetDir = mailboxDir(ctx.root, target, ctx.layout);
  if (!(yield* mailboxExists(box.dir))) throw notFound(`mailbox ${box.id}`);
  if (targetDir === box.dir) return describe(target);
  if (targetDir.startsWith(`${box.dir}/`))
    throw new MailError('ERR_INVALID_ARGUMENT', 'cannot move a mailbox into itself', {
      backend: 'maildir',
    });
  const [taken] = yield* fs.stat([targetDir]);
  if (taken !== null && taken !== undefined) throw exists(componentsToId(target));
  if (ctx.layout === 'fs') {
    yield* fs.mkdir([mailboxDir(ctx.root, target.slice(0, -1), 'fs')]);
    yield* fs.rename([[box.dir, targetDir]]);
  } else {
    const children = yield* dottedChildren(ctx, box.components);
    const oldPrefix = `.${box.components.map(encodeMutf7).join('.')}`;
    const newPrefix = `.${target.map(encodeMutf7).join('.')}`;
    yield* fs.rename([
      [box.dir, targetDir],
      ...children.map((name): [string, string] => [
        fs.join(ctx.root, name),
        fs.join(ctx.root, newPrefix + name.slice(oldPrefix.length)),
      ]),
    ]);
  }
  return describe(target);
}

export function* deleteMailbox(ctx: StoreContext, id: string): FsCo<void> {
  const box = openMailbox(ctx, id);
  if (box.components.length === 0) throw inboxRefused('deleted');
  if (!(yield* mailboxExists(box.dir))) throw notFound(`mailbox ${box.id}`);
  const children = ctx.layout === 'maildir++' ? yield* dottedChildren(ctx, box.components) : [];
  yield* fs.remove([...children.map((n) => fs.join(ctx.root, n)), box.dir], true);
}
