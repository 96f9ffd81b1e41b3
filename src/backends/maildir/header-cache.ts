/**
 * The Maildir header cache's file format (docs/maildir.md "Header cache"), as mutt's header
 * cache or Dovecot's index cache: the header-derived part of each envelope, keyed by the
 * message's unique name. Sound because a Maildir message's content never changes under its
 * unique name (the spec: files are written once in tmp/ and only renamed afterwards; flags live
 * in the name, which is not cached).
 *
 * It lives outside the Maildir (cached-reads.ts picks the directory), two files per folder,
 * named by a hash of the folder's real path:
 * - `<key>.idx`, the index: `u32 LE n ‖ v8-serialised { v, folder, recordsGen, times, sizes,
 *   recs, ends } (n bytes) ‖ names`, one entry per message in listing order (newest first, as
 *   compareNewestFirst orders envelopes). `names` are the unique names in UTF-8 joined by '\n',
 *   left as bytes: a page walks them slice by slice, so 100k names never live at once;
 *   `times` the Date header (else arrival) in ms; `recs[i]` the number of message i's record in
 *   the records file, or -1 when it has none yet. A page needs only this file.
 * - `<key>.rec`, the records: `recordsGen\n` then a JSON array of header records, and in the
 *   index `ends` (where each element stops) and `sizes`. A whole listing parses the array in one
 *   `JSON.parse`; a rewrite copies unchanged records as bytes. A page that finds new messages
 *   rewrites only the index (their `recs` are -1), so it never loads the records.
 * `folder` must equal the folder's real path and `recordsGen` must match the records file;
 * anything unreadable, of another version or inconsistent is treated as missing and rewritten.
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
  /** Generation of the records file the `recs` numbers refer to ('' when none). */
  recordsGen: string;
  /** How many messages the index holds. */
  count: number;
  /** Unique names, in listing order (built on first use). */
  names(): string[];
  /** The names in listing order without building the array (a page walks them once). */
  eachName(): Iterable<string>;
  /** unique name → entry number (built on first use). */
  lookup(): Map<string, number>;
  /** Per entry: Date header, else arrival, in ms (the sort key). */
  times: Float64Array;
  /** Per entry: size in bytes, NaN when not known (no record yet). */
  sizes: Float64Array;
  /** Per entry: element number of its record in the records file, -1 when none. */
  recs: Float64Array;
  /** Per records-file element: exclusive end offset of its bytes (it starts after a comma). */
  ends: Float64Array;
}

interface StoredIndex {
  v: number;
  folder: string;
  recordsGen: string;
  times: Float64Array;
  sizes: Float64Array;
  recs: Float64Array;
  ends: Float64Array;
}

function isStoredIndex(value: unknown): value is StoredIndex {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<StoredIndex>;
  if (!(s.times instanceof Float64Array)) return false;
  const n = s.times.length;
  return (
    s.v === VERSION &&
    typeof s.folder === 'string' &&
    typeof s.recordsGen === 'string' &&
    s.sizes instanceof Float64Array &&
    s.recs instanceof Float64Array &&
    s.ends instanceof Float64Array &&
    s.sizes.length === n &&
    s.recs.length === n &&
    s.recs.every((r) => r === -1 || (Number.isInteger(r) && r >= 0 && r < (s.ends?.length ?? 0)))
  );
}

const NEWLINE = 0x0a;

/** The index in `bytes` if it is one for `folder`, else undefined. Never throws. */
export function decodeIndex(bytes: Uint8Array | null, folder: string): CacheIndex | undefined {
  if (bytes === null || bytes.length < 4) return undefined;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const headLength = buffer.readUInt32LE(0);
  if (4 + headLength > buffer.length) return undefined;
  let stored: unknown;
  try {
    stored = deserialize(buffer.subarray(4, 4 + headLength));
  } catch {
    return undefined;
  }
  if (!isStoredIndex(stored) || stored.folder !== folder) return undefined;
  const joined = buffer.subarray(4 + headLength);
  const { times } = stored;
  const count = times.length;
  let lines = count === 0 ? 0 : 1;
  for (let at = joined.indexOf(NEWLINE); at !== -1; at = joined.indexOf(NEWLINE, at + 1))
    lines += 1;
  if (lines !== count || (count === 0 && joined.length > 0)) return undefined;
  let names: string[] | undefined;
  let index: Map<string, number> | undefined;
  const list = (): string[] => (names ??= count === 0 ? [] : joined.toString('utf8').split('\n'));
  function* eachName(): Generator<string> {
    if (count === 0) return;
    let at = 0;
    for (;;) {
      const end = joined.indexOf(NEWLINE, at);
      if (end === -1) return yield joined.toString('utf8', at);
      yield joined.toString('utf8', at, end);
      at = end + 1;
    }
  }
  return {
    folder,
    recordsGen: stored.recordsGen,
    count,
    names: list,
    eachName,
    lookup() {
      if (index === undefined) {
        index = new Map();
        list().forEach((name, i) => index?.set(name, i));
      }
      return index;
    },
    times,
    sizes: stored.sizes,
    recs: stored.recs,
    ends: stored.ends,
  };
}

/** The records section (`[…]`) of `bytes` when it is the file `index` refers to. */
export function recordsOf(bytes: Uint8Array | null, index: CacheIndex): Uint8Array | undefined {
  if (bytes === null || index.recordsGen === '') return undefined;
  const head = Buffer.from(index.recordsGen + '\n');
  if (bytes.length < head.length || !head.equals(bytes.subarray(0, head.length))) return undefined;
  const records = bytes.subarray(head.length);
  const last = index.ends.length === 0 ? 1 : (index.ends[index.ends.length - 1] as number);
  return records.length === last + 1 ? records : undefined;
}

/** Every element of `records`, parsed (one JSON.parse), or undefined when damaged. */
export function parseRecords(records: Uint8Array, count: number): unknown[] | undefined {
  try {
    const text = Buffer.from(records.buffer, records.byteOffset, records.length).toString('utf8');
    const list: unknown = JSON.parse(text);
    return Array.isArray(list) && list.length === count ? list : undefined;
  } catch {
    return undefined;
  }
}

/** Element k's bytes (for copying into a rewritten cache without parsing it). */
export function recordBytes(records: Uint8Array, index: CacheIndex, k: number): Uint8Array {
  const start = k === 0 ? 1 : (index.ends[k - 1] as number) + 1;
  return records.subarray(start, index.ends[k] as number);
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

/**
 * A header envelope as a record: JSON text, the date in ms. `header` must be the caller's own
 * copy (cached-reads.ts headerOf): its date is replaced in place, saving a copy per message.
 */
export function encodeRecord(header: HeaderEnvelope): string {
  const time = header.date?.getTime();
  const loose = header as unknown as Record<string, unknown>;
  if (time === undefined || Number.isNaN(time)) delete loose.date;
  else loose.date = time;
  return JSON.stringify(header);
}

export interface IndexEntry {
  unique: string;
  /** Date header, else arrival (ms). */
  time: number;
  /** Bytes, NaN when unknown. */
  size: number;
  /** Element number in the records file, -1 for none. */
  rec: number;
}

/** The index file for `entries` (in listing order) over records file `recordsGen`. */
export function encodeIndex(
  folder: string,
  recordsGen: string,
  entries: readonly IndexEntry[],
  ends: Float64Array,
): Uint8Array {
  const stored: StoredIndex = {
    v: VERSION,
    folder,
    recordsGen,
    times: Float64Array.from(entries, (e) => e.time),
    sizes: Float64Array.from(entries, (e) => e.size),
    recs: Float64Array.from(entries, (e) => e.rec),
    ends,
  };
  const head = serialize(stored);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length, 0);
  return Buffer.concat([length, head, Buffer.from(entries.map((e) => e.unique).join('\n'))]);
}

/**
 * A records file of `records` (element k = records[k]: JSON text, or the bytes of a record copied
 * from the previous file) and the `ends` its index carries. One buffer, written in place.
 */
export function encodeRecords(
  recordsGen: string,
  records: readonly (string | Uint8Array)[],
): { bytes: Uint8Array; ends: Float64Array } {
  const head = `${recordsGen}\n[`;
  const ends = new Float64Array(records.length);
  let at = 1; // offsets count from the '['
  records.forEach((record, k) => {
    if (k > 0) at += 1;
    at += typeof record === 'string' ? Buffer.byteLength(record) : record.length;
    ends[k] = at;
  });
  const start = Buffer.byteLength(head) - 1;
  const bytes = Buffer.allocUnsafe(start + at + 1);
  bytes.write(head, 0);
  let pos = start + 1;
  records.forEach((record, k) => {
    if (k > 0) bytes[pos++] = 0x2c; // ','
    if (typeof record === 'string') pos += bytes.write(record, pos);
    else {
      bytes.set(record, pos);
      pos += record.length;
    }
  });
  bytes[pos] = 0x5d; // ']'
  return { bytes, ends };
}
