/**
 * Whole-folder reads through the header cache (header-cache.ts): cached messages are built from
 * the cache, the rest from their header blocks, and the cache is rewritten when the folder
 * changed. With `headerCache: false` these are plain envelope-reader calls. A cache that cannot
 * be read or written (read-only home, full disk, another process pruning it) only costs speed:
 * the listing still succeeds, and nothing is ever written under the Maildir root.
 */
import { isMailError } from '../../shared/errors.js';
import type { HeaderEnvelope } from '../../shared/mime/envelope-from-headers.js';
import type { Envelope } from '../../shared/types.js';
import { readEnvelopes, readSortKeys, type SortKey } from './envelope-reader.js';
import { timeFromUnique } from './filename.js';
import * as fs from './fs-requests.js';
import type { FsCo } from './fs-requests.js';
import {
  cacheKey,
  decodeIndex,
  encodeCache,
  encodeRecord,
  headerFromRecord,
  parseRecords,
  recordBytes,
  recordsOf,
  type CacheEntry,
  type CacheIndex,
} from './header-cache.js';
import { flagsFromLetters, type KeywordTable } from './keywords.js';
import { newUnique, type MessageFile, type OpenMailbox, type StoreContext } from './store.js';

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

/** The header-derived fields of an envelope (what the cache keeps). */
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

const entryOf = (e: Envelope): CacheEntry => ({
  unique: e.id,
  size: e.size,
  time: e.date?.getTime() ?? NaN,
  record: encodeRecord(headerOf(e)),
});

/**
 * Write both files (records first, each staged under a unique name and renamed into place, so a
 * reader sees whole files; a reader that catches the pair mid-swap sees two generations and
 * treats it as no cache), then keep the directory under its size bound.
 */
function* saveCache(
  ctx: StoreContext,
  where: CacheFiles,
  entries: readonly CacheEntry[],
): FsCo<void> {
  const cache = ctx.headerCache;
  if (cache === undefined) return;
  const gen = yield* newUnique(ctx, 0);
  const { index, records } = encodeCache(where.folder, gen, entries);
  if (index.length + records.length > cache.maxBytes / 2) return; // one folder never fills it
  const staged: string[] = [];
  try {
    yield* fs.mkdir([cache.dir]);
    for (const [path, bytes] of [
      [where.records, records],
      [where.index, index],
    ] as const) {
      const tmp = `${path}.${gen}.tmp`;
      staged.push(tmp);
      yield* fs.writeFile(tmp, bytes, false); // a cache lost in a crash is rebuilt: no fsync
      yield* fs.rename([[tmp, path]]);
      staged.pop();
    }
    yield* pruneCache(cache.dir, cache.maxBytes, [where.index, where.records]);
  } catch (e) {
    if (!isMailError(e, 'ERR_IO') && !isMailError(e, 'ERR_EXISTS')) throw e;
    try {
      yield* fs.remove(staged);
    } catch {
      // best effort: a stale staged file is pruned like any other
    }
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
      : parseRecords(records, index.names.length);
  const out: Envelope[] = [];
  const hits: number[] = []; // cache index of out[k], for a rewrite
  const misses: MessageFile[] = [];
  for (const file of files) {
    const i = index?.index.get(file.unique);
    const header = i === undefined ? undefined : headerFromRecord(parsed?.[i]);
    if (i === undefined || header === undefined) {
      misses.push(file);
      continue;
    }
    out.push(fromCache(box, file, (index as CacheIndex).sizes[i] as number, header, table));
    hits.push(i);
  }
  const fresh = yield* readEnvelopes(box, misses, table);
  for (const e of fresh) out.push(e);
  // Rewrite when messages arrived or left (the cache holds exactly the folder's messages).
  if (fresh.length === 0 && index !== undefined && index.names.length === hits.length) return out;
  const entries: CacheEntry[] = hits.map((i) => ({
    unique: (index as CacheIndex).names[i] as string,
    size: (index as CacheIndex).sizes[i] as number,
    time: (index as CacheIndex).times[i] as number,
    record: recordBytes(records as Uint8Array, index as CacheIndex, i),
  }));
  for (const e of fresh) entries.push(entryOf(e));
  yield* saveCache(ctx, where, entries);
  return out;
}

/** Misses are read in batches of this many, each made a record at once (bounded memory). */
const MISS_BATCH = 2_000;

/**
 * Sort keys of `files`: Date header times from the cache's index alone. Messages it lacks are
 * read whole-header (batch by batch, kept only as records) and the cache is rewritten with them,
 * so the next page of a big folder reads the index and its page's files, nothing else.
 */
export function* readFolderSortKeys(
  ctx: StoreContext,
  box: OpenMailbox,
  files: readonly MessageFile[],
  table: KeywordTable,
): FsCo<SortKey[]> {
  const where = cacheFiles(ctx, box);
  if (where === undefined) return yield* readSortKeys(box, files);
  const index = where === undefined ? undefined : yield* loadIndex(where);
  const out: SortKey[] = [];
  const kept: { file: MessageFile; i: number }[] = [];
  const misses: MessageFile[] = [];
  for (const file of files) {
    const i = index?.index.get(file.unique);
    if (i === undefined) {
      misses.push(file);
      continue;
    }
    const received = timeFromUnique(file.unique)?.getTime() ?? 0;
    const date = (index as CacheIndex).times[i] as number;
    out.push({ file, time: Number.isNaN(date) ? received : date, received });
    kept.push({ file, i });
  }
  if (misses.length === 0 && kept.length === index?.names.length) return out;
  const entries: CacheEntry[] = [];
  if (index !== undefined && kept.length > 0) {
    const [recordFile] = yield* readCacheFiles([where.records]);
    const records = recordsOf(recordFile ?? null, index);
    if (records === undefined) {
      // The records are gone or from another generation: rebuild them all.
      misses.push(...kept.map((k) => k.file));
      out.length = 0;
    } else
      for (const { file, i } of kept)
        entries.push({
          unique: file.unique,
          size: index.sizes[i] as number,
          time: index.times[i] as number,
          record: recordBytes(records, index, i),
        });
  }
  for (const key of yield* sortKeysOf(box, misses, table, entries)) out.push(key);
  yield* saveCache(ctx, where, entries);
  return out;
}

/** Sort keys of `files` from their whole headers, each also made a cache entry. */
function* sortKeysOf(
  box: OpenMailbox,
  files: readonly MessageFile[],
  table: KeywordTable,
  entries: CacheEntry[],
): FsCo<SortKey[]> {
  const out: SortKey[] = [];
  for (let at = 0; at < files.length; at += MISS_BATCH) {
    const batch = new Map(files.slice(at, at + MISS_BATCH).map((f) => [f.unique, f]));
    for (const e of yield* readEnvelopes(box, [...batch.values()], table)) {
      const received = e.receivedAt?.getTime() ?? 0;
      out.push({
        file: batch.get(e.id) as MessageFile,
        time: e.date?.getTime() ?? received,
        received,
      });
      entries.push(entryOf(e));
    }
  }
  return out;
}
