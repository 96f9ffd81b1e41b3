/**
 * Folder reads through the header cache (file format: header-cache.ts; docs/maildir.md "Header
 * cache"). Whole listings build cached messages from the records and read only the files the
 * cache lacks; pages order the folder from the index alone. With `headerCache: false` these are
 * plain envelope-reader calls. A cache that cannot be read or written (read-only home, full
 * disk, another process pruning it) only costs speed: the listing still succeeds, and nothing is
 * ever written under the Maildir root.
 */
import { isMailError } from '../../shared/errors.js';
import type { HeaderEnvelope } from '../../shared/mime/envelope-from-headers.js';
import type { Envelope } from '../../shared/types.js';
import { compareTimes, readEnvelopes, readSortKeys, type SortKey } from './envelope-reader.js';
import { timeFromUnique } from './filename.js';
import * as fs from './fs-requests.js';
import type { FsCo } from './fs-requests.js';
import {
  cacheKey,
  decodeIndex,
  encodeIndex,
  encodeRecord,
  encodeRecords,
  headerFromRecord,
  parseRecords,
  recordBytes,
  recordsOf,
  type CacheIndex,
  type IndexEntry,
} from './header-cache.js';
import { flagsFromLetters, type KeywordTable } from './keywords.js';
import { MAX_SLOTS, NameTable } from './name-table.js';
import {
  fileAt,
  newUnique,
  type FolderNames,
  type MessageFile,
  type OpenMailbox,
  type StoreContext,
} from './store.js';

/** Where a folder's cache lives: its real path (the key) and the two file paths. */
interface CacheFiles {
  folder: string;
  index: string;
  records: string;
}

function cacheFiles(ctx: StoreContext, box: OpenMailbox): CacheFiles | undefined {
  const cache = ctx.headerCache;
  if (cache === undefined) return undefined;
  const folder = cache.realRoot + box.dir.slice(ctx.root.length);
  const stem = fs.join(cache.dir, cacheKey(folder));
  return { folder, index: `${stem}.idx`, records: `${stem}.rec` };
}

/** The cache files' bytes; null where unreadable (a cache never fails a listing). */
function* readCacheFiles(paths: string[]): FsCo<(Uint8Array | null)[]> {
  try {
    return yield* fs.readFiles(paths);
  } catch (e) {
    if (!isMailError(e, 'ERR_IO')) throw e;
    return paths.map(() => null);
  }
}

function* loadIndex(where: CacheFiles): FsCo<CacheIndex | undefined> {
  const [bytes] = yield* readCacheFiles([where.index]);
  return decodeIndex(bytes ?? null, where.folder);
}

/** The header-derived fields of an envelope (what a record keeps). */
function headerOf(e: Envelope): HeaderEnvelope {
  const h: HeaderEnvelope = {
    subject: e.subject,
    from: e.from,
    to: e.to,
    cc: e.cc,
    bcc: e.bcc,
    hasAttachment: e.hasAttachment ?? false,
  };
  if (e.messageId !== undefined) h.messageId = e.messageId;
  if (e.inReplyTo !== undefined) h.inReplyTo = e.inReplyTo;
  if (e.references !== undefined) h.references = e.references;
  if (e.sender !== undefined) h.sender = e.sender;
  if (e.replyTo !== undefined) h.replyTo = e.replyTo;
  if (e.date !== undefined) h.date = e.date;
  if (e.threadId !== undefined) h.threadId = e.threadId;
  return h;
}

const arrival = (unique: string): number => timeFromUnique(unique)?.getTime() ?? 0;

/** `entries` newest first (the order of compareNewestFirst and compareSortKeys). */
function inListingOrder<T extends { unique: string; time: number }>(entries: readonly T[]): T[] {
  const received = entries.map((e) => arrival(e.unique));
  const order = entries.map((_, k) => k);
  order.sort((a, b) => {
    const ea = entries[a] as T;
    const eb = entries[b] as T;
    return compareTimes(
      ea.time,
      received[a] as number,
      ea.unique,
      eb.time,
      received[b] as number,
      eb.unique,
    );
  });
  return order.map((k) => entries[k] as T);
}

/** Stage `bytes` under a unique name and rename it over `path` (readers see whole files). */
function* replaceFile(path: string, bytes: Uint8Array, gen: string): FsCo<void> {
  const tmp = `${path}.${gen}.tmp`;
  try {
    yield* fs.writeFile(tmp, bytes, false); // a cache lost in a crash is rebuilt: no fsync
    yield* fs.rename([[tmp, path]]);
  } catch (e) {
    try {
      yield* fs.remove([tmp]);
    } catch {
      // best effort: a stale staged file is pruned like any other
    }
    throw e;
  }
}

/**
 * Write the cache: the records file first when `records` is given (the index then refers to
 * it), then the index; then keep the directory under its size bound. Failures only cost speed.
 */
function* saveCache(
  ctx: StoreContext,
  where: CacheFiles,
  entries: readonly IndexEntry[],
  records?: { gen: string; list: readonly (string | Uint8Array)[] },
  keep?: { gen: string; ends: Float64Array },
): FsCo<void> {
  const cache = ctx.headerCache;
  // Names are joined by '\n' in the index; a name holding one (legal, never seen) is not cached.
  if (cache === undefined || entries.some((e) => e.unique.includes('\n'))) return;
  try {
    const gen = yield* newUnique(ctx, 0);
    yield* fs.mkdir([cache.dir]);
    let recordsGen = keep?.gen ?? '';
    let ends = keep?.ends ?? new Float64Array(0);
    if (records !== undefined) {
      const encoded = encodeRecords(records.gen, records.list);
      if (encoded.bytes.length > cache.maxBytes / 2) return; // one folder never fills it
      yield* replaceFile(where.records, encoded.bytes, gen);
      recordsGen = records.gen;
      ends = encoded.ends;
    }
    const index = encodeIndex(where.folder, recordsGen, inListingOrder(entries), ends);
    yield* replaceFile(where.index, index, gen);
    yield* pruneCache(cache.dir, cache.maxBytes, [where.index, where.records]);
  } catch (e) {
    if (!isMailError(e, 'ERR_IO') && !isMailError(e, 'ERR_EXISTS')) throw e;
  }
}

/** Remove the least recently written cache files until the directory holds ≤ maxBytes. */
function* pruneCache(dir: string, maxBytes: number, keep: readonly string[]): FsCo<void> {
  const [entries] = yield* fs.readDir([dir]);
  const paths = (entries ?? []).filter((e) => e.kind === 'file').map((e) => fs.join(dir, e.name));
  const stats = yield* fs.stat(paths);
  let total = 0;
  const files: { path: string; size: number; mtimeMs: number }[] = [];
  paths.forEach((path, i) => {
    const s = stats[i];
    if (s == null) return;
    total += s.size;
    if (!keep.includes(path)) files.push({ path, size: s.size, mtimeMs: s.mtimeMs });
  });
  if (total <= maxBytes) return;
  files.sort((a, b) => a.mtimeMs - b.mtimeMs);
  const doomed: string[] = [];
  for (const f of files) {
    if (total <= maxBytes) break;
    doomed.push(f.path);
    total -= f.size;
  }
  yield* fs.remove(doomed);
}

/** An envelope from a cached header and the file's name (flags, arrival). */
function fromCache(
  box: OpenMailbox,
  file: MessageFile,
  size: number,
  header: HeaderEnvelope,
  table: KeywordTable,
): Envelope {
  const flags = flagsFromLetters(file.letters, table);
  const env: Envelope = Object.assign({ id: file.unique, mailbox: box.id, flags, size }, header);
  const received = timeFromUnique(file.unique);
  if (received !== undefined) env.receivedAt = received;
  return env;
}

/** Every envelope of `files` (order not significant), the cache used and refreshed. */
export function* readFolderEnvelopes(
  ctx: StoreContext,
  box: OpenMailbox,
  files: readonly MessageFile[],
  table: KeywordTable,
): FsCo<Envelope[]> {
  const where = cacheFiles(ctx, box);
  if (where === undefined) return yield* readEnvelopes(box, files, table);
  const [indexBytes, recordFile] = yield* readCacheFiles([where.index, where.records]);
  const index = decodeIndex(indexBytes ?? null, where.folder);
  const records = index === undefined ? undefined : recordsOf(recordFile ?? null, index);
  const parsed =
    index === undefined || records === undefined
      ? undefined
      : parseRecords(records, index.ends.length);
  const lookup = parsed === undefined ? undefined : index?.lookup();
  const out: Envelope[] = [];
  const hits: number[] = []; // the index entry of out[k], for a rewrite
  const misses: MessageFile[] = [];
  for (const file of files) {
    const i = lookup?.get(file.unique);
    const rec = i === undefined ? -1 : ((index as CacheIndex).recs[i] as number);
    const header = rec === -1 ? undefined : headerFromRecord(parsed?.[rec]);
    if (i === undefined || header === undefined) {
      misses.push(file);
      continue;
    }
    out.push(fromCache(box, file, (index as CacheIndex).sizes[i] as number, header, table));
    hits.push(i);
  }
  const fresh = yield* readEnvelopes(box, misses, table);
  for (const e of fresh) out.push(e);
  // Rewrite when the folder changed or the records hold more than its messages.
  const unchanged =
    fresh.length === 0 && index?.count === hits.length && index.ends.length === hits.length;
  if (unchanged) return out;
  const entries: IndexEntry[] = [];
  const list: (string | Uint8Array)[] = [];
  if (index !== undefined)
    for (const i of hits) {
      entries.push({
        unique: index.names()[i] as string,
        time: index.times[i] as number,
        size: index.sizes[i] as number,
        rec: list.length,
      });
      list.push(recordBytes(records as Uint8Array, index, index.recs[i] as number));
    }
  for (const e of fresh) {
    const received = e.receivedAt?.getTime() ?? 0;
    entries.push({
      unique: e.id,
      time: e.date?.getTime() ?? received,
      size: e.size,
      rec: list.length,
    });
    list.push(encodeRecord(headerOf(e)));
  }
  yield* saveCache(ctx, where, entries, { gen: yield* newUnique(ctx, 0), list });
  return out;
}

/**
 * Sort keys of `files`: times from the cache's index; messages it lacks are read for their Date
 * header alone (as without a cache) and the index alone is rewritten with them, their records
 * left for the next whole listing — a page of a big folder never loads the records.
 */
export function* readFolderSortKeys(
  ctx: StoreContext,
  box: OpenMailbox,
  files: readonly MessageFile[],
): FsCo<SortKey[]> {
  const where = cacheFiles(ctx, box);
  if (where === undefined) return yield* readSortKeys(box, files);
  const index = yield* loadIndex(where);
  const lookup = index?.lookup();
  const out: SortKey[] = [];
  const entries: IndexEntry[] = [];
  const misses: MessageFile[] = [];
  for (const file of files) {
    const i = lookup?.get(file.unique);
    if (i === undefined) {
      misses.push(file);
      continue;
    }
    const time = (index as CacheIndex).times[i] as number;
    out.push({ file, time, received: arrival(file.unique) });
    const size = (index as CacheIndex).sizes[i] as number;
    entries.push({ unique: file.unique, time, size, rec: (index as CacheIndex).recs[i] as number });
  }
  if (misses.length === 0 && entries.length === index?.count) return out;
  for (const key of yield* readSortKeys(box, misses)) {
    out.push(key);
    entries.push({ unique: key.file.unique, time: key.time, size: NaN, rec: -1 });
  }
  const keep = index === undefined ? undefined : { gen: index.recordsGen, ends: index.ends };
  yield* saveCache(ctx, where, entries, undefined, keep);
  return out;
}

/**
 * The files of one page, from a complete cache index alone (it is kept in listing order): no
 * sort and no record per file. Undefined when the cache is missing or lacks some of the folder's
 * messages; the caller then takes the sort-key path, which reads the misses and rewrites it.
 */
export function* pageFromIndex(
  ctx: StoreContext,
  box: OpenMailbox,
  scan: FolderNames,
  start: number,
  end: number,
): FsCo<{ files: MessageFile[]; total: number } | undefined> {
  const where = cacheFiles(ctx, box);
  if (where === undefined) return undefined;
  const index = yield* loadIndex(where);
  if (index === undefined) return undefined;
  const table = scan.names.length <= MAX_SLOTS ? new NameTable(scan.names) : undefined;
  const slots = table === undefined ? scan.slots() : undefined;
  const total = table?.size ?? (slots as Map<string, number>).size;
  const files: MessageFile[] = [];
  let found = 0;
  for (const name of index.eachName()) {
    const slot = table !== undefined ? table.find(name) : slots?.get(name);
    if (slot === undefined) continue; // removed since the index was written
    if (found >= start && found < end) files.push(fileAt(scan, slot));
    found += 1;
  }
  return found === total ? { files, total } : undefined;
}
