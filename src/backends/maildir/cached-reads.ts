/**
 * Whole-folder reads through the optional header cache (header-cache.ts): cached messages are
 * built from the cache, the rest from their header blocks, and the cache is rewritten when the
 * folder changed. Without `headerCache` these are plain envelope-reader calls. A cache that
 * cannot be written (read-only folder, full disk) only costs speed: the listing still succeeds.
 */
import { isMailError } from '../../shared/errors.js';
import type { HeaderEnvelope } from '../../shared/mime/envelope-from-headers.js';
import type { Envelope } from '../../shared/types.js';
import { readEnvelopes, readSortKeys, type SortKey } from './envelope-reader.js';
import { timeFromUnique } from './filename.js';
import * as fs from './fs-requests.js';
import type { FsCo } from './fs-requests.js';
import { CACHE_FILE, decodeCache, encodeCache, type HeaderCache } from './header-cache.js';
import { flagsFromLetters, type KeywordTable } from './keywords.js';
import { newUnique, type MessageFile, type OpenMailbox, type StoreContext } from './store.js';

/** The shape a cached entry must have to be used (a damaged file reads as misses). */
function isHeaderEnvelope(value: unknown): value is HeaderEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const h = value as Partial<HeaderEnvelope>;
  return (
    typeof h.subject === 'string' &&
    Array.isArray(h.from) &&
    Array.isArray(h.to) &&
    Array.isArray(h.cc) &&
    Array.isArray(h.bcc) &&
    (h.date === undefined || h.date instanceof Date)
  );
}

function* loadCache(ctx: StoreContext, box: OpenMailbox): FsCo<HeaderCache | undefined> {
  if (ctx.headerCache !== true) return undefined;
  const [bytes] = yield* fs.readFiles([fs.join(box.dir, CACHE_FILE)]);
  return decodeCache(bytes ?? null);
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

function* saveCache(ctx: StoreContext, box: OpenMailbox, all: readonly Envelope[]): FsCo<void> {
  const bytes = encodeCache(all.map((e) => ({ unique: e.id, size: e.size, header: headerOf(e) })));
  const tmp = fs.join(box.dir, 'tmp', `${CACHE_FILE}.${yield* newUnique(ctx, bytes.length)}`);
  try {
    yield* fs.writeFile(tmp, bytes, false); // a cache lost in a crash is rebuilt: no fsync
    yield* fs.rename([[tmp, fs.join(box.dir, CACHE_FILE)]]);
  } catch (e) {
    if (!isMailError(e, 'ERR_IO') && !isMailError(e, 'ERR_EXISTS')) throw e;
    try {
      yield* fs.remove([tmp]);
    } catch {
      // best effort: Dovecot and we both clean stale tmp/ files
    }
  }
}

/** Every envelope of `files` (order not significant), the cache used and refreshed. */
export function* readFolderEnvelopes(
  ctx: StoreContext,
  box: OpenMailbox,
  files: readonly MessageFile[],
  table: KeywordTable,
): FsCo<Envelope[]> {
  const cache = yield* loadCache(ctx, box);
  const cached = cache?.envelopes();
  if (cache === undefined || cached === undefined) {
    const all = yield* readEnvelopes(box, files, table);
    if (ctx.headerCache === true) yield* saveCache(ctx, box, all);
    return all;
  }
  const out: Envelope[] = [];
  const misses: MessageFile[] = [];
  for (const file of files) {
    const i = cache.index.get(file.unique);
    const header = i === undefined ? undefined : cached[i];
    if (i === undefined || !isHeaderEnvelope(header)) {
      misses.push(file);
      continue;
    }
    const flags = flagsFromLetters(file.letters, table);
    const base = { id: file.unique, mailbox: box.id, flags, size: cache.sizes[i] as number };
    const env: Envelope = Object.assign(base, header);
    const received = timeFromUnique(file.unique);
    if (received !== undefined) env.receivedAt = received;
    out.push(env);
  }
  const fresh = yield* readEnvelopes(box, misses, table);
  for (const e of fresh) out.push(e);
  // Rewrite when messages arrived or left (the cache holds exactly the folder's messages).
  if (misses.length > 0 || cache.index.size !== out.length - fresh.length)
    yield* saveCache(ctx, box, out);
  return out;
}

/** Sort keys of `files`: Date header times from the cache where it has them. */
export function* readFolderSortKeys(
  ctx: StoreContext,
  box: OpenMailbox,
  files: readonly MessageFile[],
): FsCo<SortKey[]> {
  const cache = yield* loadCache(ctx, box);
  if (cache === undefined) return yield* readSortKeys(box, files);
  const out: SortKey[] = [];
  const misses: MessageFile[] = [];
  for (const file of files) {
    const i = cache.index.get(file.unique);
    if (i === undefined) {
      misses.push(file);
      continue;
    }
    const received = timeFromUnique(file.unique)?.getTime() ?? 0;
    const date = cache.times[i] as number;
    out.push({ file, time: Number.isNaN(date) ? received : date, received });
  }
  for (const key of yield* readSortKeys(box, misses)) out.push(key);
  return out;
}
