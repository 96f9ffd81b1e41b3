/**
 * Envelopes of a folder. Order is newest first by the date in the entry name (the message's
 * Date header, written at delivery), then by arrival (file mtime), then by id. A page costs one
 * readDir, a stat of the entries whose dates tie (to order them by arrival) and of the page, and
 * bounded reads (shared/header-blocks.ts) of the page's header blocks and flags — never whole files.
 */
import type { Flag } from '../../shared/flags.js';
import { envelopeFromHeaderBytes } from '../../shared/mime/index.js';
import type { Envelope } from '../../shared/types.js';
import type { EntryName } from './entry-name.js';
import { checksumLength } from './checksum.js';
import type { FolderListing } from './folder-listing.js';
import { listFolder, loadFlags } from './folder-listing.js';
import { stats, type FsCo } from './fs-requests.js';
import { readHeaderBlocks } from '../../shared/header-blocks.js';
import { attachmentFlags } from '../../shared/attachment-reads.js';
import { joinPath } from './layout.js';
import { componentsOfId, idOfComponents } from './folder-names.js';
import { folderDir } from './layout.js';

export interface SortedEntry {
  entry: EntryName;
  mtimeMs: number | undefined;
  size: number | undefined;
  /** Whether mtimeMs/size come from a stat already. */
  statted?: boolean;
}

/** Stat `items` that were not yet; the ones that vanished are dropped. */
function* statAll(dir: string, items: readonly SortedEntry[]): FsCo<SortedEntry[]> {
  const todo = items.filter((i) => i.statted !== true);
  const st = yield* stats(todo.map((i) => joinPath(dir, i.entry.file)));
  const gone = new Set<SortedEntry>();
  todo.forEach((item, k) => {
    const s = st[k];
    if (s === null || s === undefined) gone.add(item);
    else Object.assign(item, { mtimeMs: s.mtimeMs, size: s.size, statted: true });
  });
  return items.filter((i) => !gone.has(i));
}

/**
 * Sort newest first. Only entries whose name dates tie need their mtime for the order, so only
 * those are stat'ed here (one batch); entries that vanished are dropped.
 */
export function* sortedEntries(
  listing: FolderListing,
  only?: readonly EntryName[],
): FsCo<SortedEntry[]> {
  const entries = only ?? [...listing.entries.values()];
  const perDate = new Map<number | undefined, number>();
  for (const e of entries) perDate.set(e.dateMs, (perDate.get(e.dateMs) ?? 0) + 1);
  const items: SortedEntry[] = entries.map((entry) => ({
    entry,
    mtimeMs: undefined,
    size: undefined,
  }));
  const tied = items.filter((i) => (perDate.get(i.entry.dateMs) ?? 0) > 1);
  const gone = new Set(tied);
  for (const kept of yield* statAll(listing.dir, tied)) gone.delete(kept);
  return items.filter((i) => !gone.has(i)).sort(newestFirst);
}

function newestFirst(a: SortedEntry, b: SortedEntry): number {
  const da = a.entry.dateMs ?? -Infinity;
  const db = b.entry.dateMs ?? -Infinity;
  if (da !== db) return db - da;
  const ma = a.mtimeMs ?? -Infinity;
  const mb = b.mtimeMs ?? -Infinity;
  if (ma !== mb) return mb - ma;
  return a.entry.id < b.entry.id ? 1 : a.entry.id > b.entry.id ? -1 : 0;
}

export function buildEnvelope(
  mailbox: string,
  item: SortedEntry,
  header: Uint8Array,
  flags: readonly Flag[],
): Envelope {
  const size = item.size ?? checksumLength(item.entry.checksum) ?? header.length;
  const base = { id: item.entry.id, mailbox, flags: [...flags], size };
  const env: Envelope = envelopeFromHeaderBytes(header, base);
  if (item.mtimeMs !== undefined) env.receivedAt = new Date(item.mtimeMs);
  return env;
}

/** Envelopes for `items` (one batched bounded read); entries that vanished meanwhile are skipped. */
export function* envelopesOf(
  listing: FolderListing,
  mailbox: string,
  items: readonly SortedEntry[],
): FsCo<Envelope[]> {
  const present = yield* statAll(listing.dir, items);
  const paths = present.map((i) => joinPath(listing.dir, i.entry.file));
  const headers = yield* readHeaderBlocks(paths);
  const attachments = yield* attachmentFlags(paths, headers);
  const out: Envelope[] = [];
  present.forEach((item, i) => {
    const header = headers[i];
    if (header === null || header === undefined) return;
    const env = buildEnvelope(mailbox, item, header, listing.flags.get(item.entry.id) ?? []);
    env.hasAttachment = attachments[i] === true;
    out.push(env);
  });
  return out;
}

export interface ListPageOptions {
  page?: number;
  pageSize?: number;
}

export interface ListedPage {
  envelopes: Envelope[];
  page: number;
  pageSize: number;
  total: number;
}

export const DEFAULT_PAGE_SIZE = 50;

/** Page numbers are 1-based (0 and junk mean 1); pageSize 0 is an empty page. */
export function pageWindow(options: ListPageOptions): { page: number; pageSize: number } {
  const whole = (n: number | undefined, fallback: number): number =>
    typeof n === 'number' && Number.isFinite(n) ? Math.floor(n) : fallback;
  return {
    page: Math.max(1, whole(options.page, 1)),
    pageSize: Math.max(0, whole(options.pageSize, DEFAULT_PAGE_SIZE)),
  };
}

export function* listEnvelopes(
  root: string,
  ref: string,
  options: ListPageOptions,
): FsCo<ListedPage> {
  const components = componentsOfId(ref);
  const mailbox = idOfComponents(components);
  const listing = yield* listFolder(folderDir(root, components), mailbox, { flags: false });
  const { page, pageSize } = pageWindow(options);
  const sorted = yield* sortedEntries(listing);
  const slice = sorted.slice((page - 1) * pageSize, page * pageSize);
  yield* loadFlags(
    listing,
    slice.map((i) => i.entry.id),
  );
  const envelopes = yield* envelopesOf(listing, mailbox, slice);
  return { envelopes, page, pageSize, total: sorted.length };
}

/**
 * The folder in listing order, for iterateEnvelopes: one readDir and one sort; the batches
 * (envelopeBatch) then read only their own header blocks and flags. Messages that arrive during
 * the walk are not in it (the order is a snapshot).
 */
export function* folderOrder(
  root: string,
  ref: string,
): FsCo<{ listing: FolderListing; mailbox: string; sorted: SortedEntry[] }> {
  const components = componentsOfId(ref);
  const mailbox = idOfComponents(components);
  const listing = yield* listFolder(folderDir(root, components), mailbox, { flags: false });
  return { listing, mailbox, sorted: yield* sortedEntries(listing) };
}

/** One batch of a folderOrder walk as envelopes (entries gone meanwhile are skipped). */
export function* envelopeBatch(
  listing: FolderListing,
  mailbox: string,
  slice: readonly SortedEntry[],
): FsCo<Envelope[]> {
  yield* loadFlags(
    listing,
    slice.map((i) => i.entry.id),
  );
  return yield* envelopesOf(listing, mailbox, slice);
}

/** Every envelope of the folder, newest first (search, diff resets). */
export function* allEnvelopes(
  root: string,
  ref: string,
): FsCo<{ listing: FolderListing; envelopes: Envelope[] }> {
  const components = componentsOfId(ref);
  const mailbox = idOfComponents(components);
  const listing = yield* listFolder(folderDir(root, components), mailbox);
  const sorted = yield* sortedEntries(listing);
  return { listing, envelopes: yield* envelopesOf(listing, mailbox, sorted) };
}
