/**
 * Optional per-folder header cache (`headerCache: true`), as mutt's header cache or Dovecot's
 * index cache: the header-derived part of each envelope, keyed by the message's unique name.
 * Sound because a Maildir message's content never changes under its unique name (the spec:
 * files are written once in tmp/ and only renamed afterwards; flags live in the name, which is
 * not cached). A listing decodes only the messages the cache lacks.
 *
 * File `<folder>/mailroom-cache` (no dot: Maildir++ folders are dot-directories; a plain file
 * is ignored by Dovecot and by our folder listing): `u32 LE n ‖ index (n bytes) ‖ envelopes`,
 * each part v8-serialised — the index `{ v, names, times, sizes }`, then the header envelopes,
 * which stay bytes until a whole listing needs them, so a page ordered from `times` never
 * decodes 100k envelopes. Anything unreadable, of another version or inconsistent is treated as
 * no cache and rewritten.
 */
import { deserialize, serialize } from 'node:v8';
import type { HeaderEnvelope } from '../../shared/mime/envelope-from-headers.js';

export const CACHE_FILE = 'mailroom-cache';
// 2: hasAttachment is the shared definition (any part with disposition attachment)
const VERSION = 2;

export interface HeaderCache {
  /** unique name → index into the arrays below. */
  index: Map<string, number>;
  /** Date header in ms, or NaN when the message has none (sort keys). */
  times: Float64Array;
  /** Size in bytes (for names without Dovecot's S= field). */
  sizes: Float64Array;
  /** The header envelopes, decoded on first use (whole listings). */
  envelopes(): HeaderEnvelope[] | undefined;
}

interface Stored {
  v: number;
  names: string[];
  times: Float64Array;
  sizes: Float64Array;
}

function isStored(value: unknown): value is Stored {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<Stored>;
  return (
    s.v === VERSION &&
    Array.isArray(s.names) &&
    s.times instanceof Float64Array &&
    s.sizes instanceof Float64Array &&
    s.times.length === s.names.length &&
    s.sizes.length === s.names.length
  );
}

/** The cache in `bytes`, or undefined when there is none usable. Never throws. */
export function decodeCache(bytes: Uint8Array | null): HeaderCache | undefined {
  if (bytes === null || bytes.length < 4) return undefined;
  const indexLength = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (4 + indexLength > bytes.length) return undefined;
  let stored: unknown;
  try {
    stored = deserialize(bytes.subarray(4, 4 + indexLength));
  } catch {
    return undefined;
  }
  if (!isStored(stored)) return undefined;
  const { names } = stored;
  const envelopes = bytes.subarray(4 + indexLength);
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (typeof name === 'string') index.set(name, i);
  });
  let decoded: HeaderEnvelope[] | null | undefined;
  return {
    index,
    times: stored.times,
    sizes: stored.sizes,
    envelopes() {
      if (decoded === undefined) {
        try {
          const list: unknown = deserialize(envelopes);
          decoded = Array.isArray(list) && list.length === names.length ? list : null;
        } catch {
          decoded = null;
        }
      }
      return decoded ?? undefined;
    },
  };
}

export interface CacheEntry {
  unique: string;
  size: number;
  header: HeaderEnvelope;
}

/** Bytes of a cache holding `entries`. */
export function encodeCache(entries: readonly CacheEntry[]): Uint8Array {
  const stored: Stored = {
    v: VERSION,
    names: entries.map((e) => e.unique),
    times: Float64Array.from(entries, (e) => e.header.date?.getTime() ?? NaN),
    sizes: Float64Array.from(entries, (e) => e.size),
  };
  const index = serialize(stored);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(index.length, 0);
  return Buffer.concat([length, index, serialize(entries.map((e) => e.header))]);
}
