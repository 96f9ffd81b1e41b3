/**
 * The Maildir header cache (docs/maildir.md "Header cache"), as mutt's header cache or Dovecot's
 * index cache: the header-derived part of each envelope, keyed by the message's unique name.
 * Sound because a Maildir message's content never changes under its unique name (the spec:
 * files are written once in tmp/ and only renamed afterwards; flags live in the name, which is
 * not cached).
 *
 * It lives outside the Maildir, in the cache directory (default `$XDG_CACHE_HOME/mailroom/maildir`),
 * so a listing writes nothing under the Maildir root. Per folder two files, named by a hash of
 * the folder's real path:
 * - `<key>.idx`: v8-serialised `{ v, folder, gen, names, times, sizes, ends }` — everything a
 *   page needs (order from `times`), so listing 50 of 100k reads this file and 50 messages;
 * - `<key>.rec`: `gen\n` then a JSON array of one record per message, in index order
 *   (`ends[i]` is where record i stops), so a whole listing parses them in one `JSON.parse` of
 *   the file's bytes and a rewrite copies unchanged records as bytes.
 * `folder` must equal the folder's real path and `gen` must match in both files; anything
 * unreadable, of another version or inconsistent is treated as no cache and rewritten.
 */
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { HeaderEnvelope } from '../../shared/mime/envelope-from-headers.js';

// 3: outside the Maildir, index and records in two files, JSON records
const VERSION = 3;

/** File stem of a folder's cache: a hash of its real path (collisions caught by `folder`). */
export const cacheKey = (folder: string): string =>
  createHash('sha256').update(folder).digest('hex').slice(0, 32);

export interface CacheIndex {
  folder: string;
  gen: string;
  /** unique name → index into the arrays below. */
  index: Map<string, number>;
  names: string[];
  /** Date header in ms, or NaN when the message has none (sort keys). */
  times: Float64Array;
  /** Size in bytes (for names without Dovecot's S= field). */
  sizes: Float64Array;
  /** Exclusive end of record i in the records section (it starts after record i-1's comma). */
  ends: Float64Array;
}

interface StoredIndex {
  v: number;
  folder: string;
  gen: string;
  names: string[];
  times: Float64Array;
  sizes: Float64Array;
  ends: Float64Array;
}

function isStoredIndex(value: unknown): value is StoredIndex {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<StoredIndex>;
  const n = Array.isArray(s.names) ? s.names.length : -1;
  return (
    s.v === VERSION &&
    typeof s.folder === 'string' &&
    typeof s.gen === 'string' &&
    s.times instanceof Float64Array &&
    s.sizes instanceof Float64Array &&
    s.ends instanceof Float64Array &&
    s.times.length === n &&
    s.sizes.length === n &&
    s.ends.length === n
  );
}

/** The index in `bytes` if it is one for `folder`, else undefined. Never throws. */
export function decodeIndex(bytes: Uint8Array | null, folder: string): CacheIndex | undefined {
  if (bytes === null) return undefined;
  let stored: unknown;
  try {
    stored = deserialize(bytes);
  } catch {
    return undefined;
  }
  if (!isStoredIndex(stored) || stored.folder !== folder) return undefined;
  const index = new Map<string, number>();
  const { names } = stored;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (typeof name === 'string') index.set(name, i);
  }
  return { ...stored, index };
}

/** The records section (`[…]`) of `bytes` when it belongs to `index` (same generation). */
export function recordsOf(bytes: Uint8Array | null, index: CacheIndex): Uint8Array | undefined {
  if (bytes === null) return undefined;
  const head = Buffer.from(index.gen + '\n');
  if (bytes.length < head.length || !head.equals(bytes.subarray(0, head.length))) return undefined;
  const records = bytes.subarray(head.length);
  const last = index.ends.length === 0 ? 1 : (index.ends[index.ends.length - 1] as number);
  return records.length === last + 1 ? records : undefined;
}

/** Every record of `records`, parsed (one JSON.parse), or undefined when damaged. */
export function parseRecords(records: Uint8Array, count: number): unknown[] | undefined {
  try {
    const text = Buffer.from(records.buffer, records.byteOffset, records.length).toString('latin1');
    const list: unknown = JSON.parse(text);
    return Array.isArray(list) && list.length === count ? list : undefined;
  } catch {
    return undefined;
  }
}

/** Record i's bytes (for copying into a rewritten cache without parsing it). */
export function recordBytes(records: Uint8Array, index: CacheIndex, i: number): Uint8Array {
  const start = i === 0 ? 1 : (index.ends[i - 1] as number) + 1;
  return records.subarray(start, index.ends[i] as number);
}

/** The shape a parsed record must have to be used (a damaged record reads as a miss). */
export function headerFromRecord(value: unknown): HeaderEnvelope | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const h = value as Partial<Record<keyof HeaderEnvelope, unknown>>;
  if (
    typeof h.subject !== 'string' ||
    !Array.isArray(h.from) ||
    !Array.isArray(h.to) ||
    !Array.isArray(h.cc) ||
    !Array.isArray(h.bcc) ||
    (h.date !== undefined && typeof h.date !== 'number')
  )
    return undefined;
  if (h.date !== undefined) h.date = new Date(h.date as number);
  return h as HeaderEnvelope;
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7e]/g;
const escapeChar = (c: string): string => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');

/** A header envelope as a record (JSON; the date as ms). */
export function encodeRecord(header: HeaderEnvelope): Uint8Array {
  const { date, ...rest } = header;
  const time = date?.getTime();
  const json = JSON.stringify(
    time === undefined || Number.isNaN(time) ? rest : { ...rest, date: time },
  );
  // ASCII only (\uXXXX escapes): the file then decodes as latin1 into a one-byte string,
  // which is several times faster to decode and to JSON.parse than UTF-8 text.
  return Buffer.from(json.replace(NON_ASCII, escapeChar), 'latin1');
}

export interface CacheEntry {
  unique: string;
  size: number;
  /** Date header in ms, NaN when none. */
  time: number;
  record: Uint8Array;
}

/** The two files of a cache holding `entries`, for `folder`, generation `gen`. */
export function encodeCache(
  folder: string,
  gen: string,
  entries: readonly CacheEntry[],
): { index: Uint8Array; records: Uint8Array } {
  const ends = new Float64Array(entries.length);
  const parts: Uint8Array[] = [Buffer.from(gen + '\n[')];
  const comma = Buffer.from(',');
  let at = 1; // offsets count from the '['

  entries.forEach((e, i) => {
    if (i > 0) {
      parts.push(comma);
      at += 1;
    }
    parts.push(e.record);
    at += e.record.length;
    ends[i] = at;
  });
  parts.push(Buffer.from(']'));
  const stored: StoredIndex = {
    v: VERSION,
    folder,
    gen,
    names: entries.map((e) => e.unique),
    times: Float64Array.from(entries, (e) => e.time),
    sizes: Float64Array.from(entries, (e) => e.size),
    ends,
  };
  return { index: serialize(stored), records: Buffer.concat(parts) };
}
