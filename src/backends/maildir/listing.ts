/**
 * listEnvelopes (newest first, paginated, header blocks only), the full listing for search,
 * and diffEnvelopes / diffMailboxes from listing snapshots.
 */
import { MailError } from '../../shared/errors.js';
import type {
  Envelope,
  EnvelopeDiff,
  EnvelopePage,
  FlagChange,
  Mailbox,
  MailboxDiff,
} from '../../shared/types.js';
import type { FsCo } from './fs-requests.js';
import {
  compareNewestFirst,
  sortNewestFirst,
  compareSortKeys,
  readEnvelopes,
} from './envelope-reader.js';
import { pageFromIndex, readFolderEnvelopes, readFolderSortKeys } from './cached-reads.js';
import { flagsFromLetters, type KeywordTable } from './keywords.js';
import { listMailboxes } from './mailboxes.js';
import { decodeEncodedState, encodeState } from './snapshot.js';
import { folderStamp, joinStamp, splitStamp } from './folder-stamp.js';
import {
  openMailbox,
  fileAt,
  readKeywords,
  scanMailbox,
  scanNames,
  type MessageFile,
  type OpenMailbox,
  type StoreContext,
} from './store.js';

export interface PageRequest {
  page?: number | undefined;
  pageSize?: number | undefined;
  counts?: boolean | undefined;
}

const MAX_PAGE_SIZE = 1_000_000;

function checkPage(options: PageRequest): { page: number; pageSize: number } {
  const page = options.page ?? 1;
  const pageSize = options.pageSize ?? 50;
  if (
    !Number.isInteger(page) ||
    page < 1 ||
    !Number.isInteger(pageSize) ||
    pageSize < 1 ||
    pageSize > MAX_PAGE_SIZE
  )
    throw new MailError('ERR_INVALID_ARGUMENT', 'page and pageSize must be positive integers', {
      backend: 'maildir',
      details: { page, pageSize },
    });
  return { page, pageSize };
}

/** Every envelope of a mailbox, newest first. */
export function* listAllEnvelopes(ctx: StoreContext, mailbox: string): FsCo<Envelope[]> {
  const box = openMailbox(ctx, mailbox);
  const files = yield* scanMailbox(box);
  const table = yield* readKeywords(box);
  const envelopes = yield* readFolderEnvelopes(ctx, box, [...files.values()], table);
  return sortNewestFirst(envelopes);
}

export function paginate(all: Envelope[], options: PageRequest): EnvelopePage {
  const { page, pageSize } = checkPage(options);
  const out: EnvelopePage = {
    envelopes: all.slice((page - 1) * pageSize, page * pageSize),
    page,
    pageSize,
  };
  if (options.counts === true) out.total = all.length;
  return out;
}

/**
 * One page, newest first. When the page holds only part of the folder, the order comes from
 * sort keys (each file's Date header; nothing else is decoded or kept) and only the page's
 * messages are read again and made into envelopes: listing 50 of 100k messages keeps 50
 * envelopes, not 100k.
 */
export function* listEnvelopes(
  ctx: StoreContext,
  mailbox: string,
  options: PageRequest,
): FsCo<EnvelopePage> {
  const { page, pageSize } = checkPage(options);
  const box = openMailbox(ctx, mailbox);
  const scan = yield* scanNames(box);
  const table = yield* readKeywords(box);
  const start = (page - 1) * pageSize;
  if (scan.names.length > pageSize) {
    const fromIndex = yield* pageFromIndex(ctx, box, scan, start, start + pageSize);
    if (fromIndex !== undefined) {
      const envelopes = (yield* readEnvelopes(box, fromIndex.files, table)).sort(
        compareNewestFirst,
      );
      const out: EnvelopePage = { envelopes, page, pageSize };
      if (options.counts === true) out.total = fromIndex.total;
      return out;
    }
  }
  const files = [...scan.slots().values()].map((slot) => fileAt(scan, slot));
  if (files.length <= pageSize) {
    const all = yield* readFolderEnvelopes(ctx, box, files, table);
    return paginate(sortNewestFirst(all), options);
  }
  const keys = (yield* readFolderSortKeys(ctx, box, files)).sort(compareSortKeys);
  const wanted = keys.slice((page - 1) * pageSize, page * pageSize).map((k) => k.file);
  const envelopes = (yield* readEnvelopes(box, wanted, table)).sort(compareNewestFirst);
  const out: EnvelopePage = { envelopes, page, pageSize };
  if (options.counts === true) out.total = keys.length;
  return out;
}

/**
 * The folder's files in listing order, for iterateEnvelopes: the sort keys are read once and
 * only the file names are kept, so a walk over 100k messages reads each header block twice
 * (once for its Date, once in its batch) instead of re-sorting the folder for every batch.
 * Messages that arrive during the walk are not in it (the order is a snapshot).
 */
export function* listingOrder(
  ctx: StoreContext,
  mailbox: string,
): FsCo<{ box: OpenMailbox; files: MessageFile[]; table: KeywordTable }> {
  const box = openMailbox(ctx, mailbox);
  const files = [...(yield* scanMailbox(box)).values()];
  const table = yield* readKeywords(box);
  const keys = (yield* readFolderSortKeys(ctx, box, files)).sort(compareSortKeys);
  return { box, files: keys.map((k) => k.file), table };
}

/** One batch of a listingOrder walk, as envelopes in the listing order. */
export function* envelopesInOrder(
  box: OpenMailbox,
  files: readonly MessageFile[],
  table: KeywordTable,
): FsCo<Envelope[]> {
  return (yield* readEnvelopes(box, files, table)).sort(compareNewestFirst);
}

type FlagListing = Record<string, string[]>;

export function* diffEnvelopes(
  ctx: StoreContext,
  mailbox: string,
  state?: string,
): FsCo<EnvelopeDiff> {
  const box = openMailbox(ctx, mailbox);
  // An idle folder: same directory times as the state's stamp, so nothing changed (folder-stamp.ts).
  const previous = splitStamp(state);
  const stamp = yield* folderStamp(box);
  if (stamp !== undefined && stamp === previous.stamp && state !== undefined)
    return { added: [], removed: [], flagsChanged: [], reset: false, state };
  const files = yield* scanMailbox(box);
  const table = yield* readKeywords(box);
  const now: FlagListing = {};
  for (const f of files.values()) now[f.unique] = flagsFromLetters(f.letters, table);
  const newState = joinStamp(stamp, encodeState(`env:${box.id}`, now));
  const before = decodeEncodedState<FlagListing>(`env:${box.id}`, previous.snapshot);
  if (before === undefined) {
    const added = yield* readEnvelopes(box, [...files.values()], table);
    return {
      added: added.sort(compareNewestFirst),
      removed: [],
      flagsChanged: [],
      reset: true,
      state: newState,
    };
  }
  const removed = Object.keys(before).filter((id) => now[id] === undefined);
  const flagsChanged: FlagChange[] = [];
  const addedFiles = [];
  for (const file of files.values()) {
    const old = before[file.unique];
    const flags = now[file.unique] ?? [];
    if (old === undefined) addedFiles.push(file);
    else if (old.join('\n') !== flags.join('\n')) flagsChanged.push({ id: file.unique, flags });
  }
  const added = yield* readEnvelopes(box, addedFiles, table);
  return {
    added: added.sort(compareNewestFirst),
    removed,
    flagsChanged,
    reset: false,
    state: newState,
  };
}

type MailboxListing = Record<string, [total: number, unread: number, name: string]>;

export function* diffMailboxes(ctx: StoreContext, state?: string): FsCo<MailboxDiff> {
  const boxes = yield* listMailboxes(ctx, true);
  const now: MailboxListing = {};
  for (const b of boxes) now[b.id] = [b.total ?? 0, b.unread ?? 0, b.name];
  const before = decodeEncodedState<MailboxListing>('boxes', state) ?? {};
  const created: Mailbox[] = [];
  const updated: Mailbox[] = [];
  for (const b of boxes) {
    const old = before[b.id];
    if (old === undefined) created.push(b);
    else if (old[0] !== b.total || old[1] !== b.unread) updated.push(b);
  }
  const removed = Object.keys(before).filter((id) => now[id] === undefined);
  return { created, updated, removed, state: encodeState('boxes', now) };
}
