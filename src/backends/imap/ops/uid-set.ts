/** UID sets (RFC 9051 §9 sequence-set) as sorted number arrays and compact `a:b,c` strings. */
import type { NumberRange } from '../wire/types.js';
import { expandRanges, MAX_EXPANDED_NUMBERS } from '../commands/range-limit.js';

/** Sorted unique UIDs → `1:3,7,9:10`. Empty input → ''. */
export function compactUids(uids: Iterable<number>): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i] as number;
    let end = start;
    while (i + 1 < sorted.length && sorted[i + 1] === end + 1) end = sorted[++i] as number;
    parts.push(start === end ? String(start) : `${start}:${end}`);
    i += 1;
  }
  return parts.join(',');
}

const MAX_EXPANDED = 10_000_000;

/** `1:3,7` → [1,2,3,7]; returns undefined for anything that is not a UID set. */
export function expandUids(text: string): number[] | undefined {
  if (text === '') return [];
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^([1-9]\d{0,9})(?::([1-9]\d{0,9}))?$/.exec(part);
    if (m === null) return undefined;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a > 0xffffffff || b > 0xffffffff) return undefined;
    // A forged state must not make us allocate without bound.
    if (out.length + Math.abs(b - a) > MAX_EXPANDED) return undefined;
    for (let n = Math.min(a, b); n <= Math.max(a, b); n++) out.push(n);
  }
  return out;
}

/** Server-sent UID ranges → UIDs; ERR_LIMIT above `limit` (see commands/range-limit.ts). */
export function rangesToUids(
  ranges: readonly NumberRange[],
  limit = MAX_EXPANDED_NUMBERS,
  what = 'UID set',
): number[] {
  return expandRanges(ranges, limit, what);
}

/** The `uids` that fall inside any of `ranges` (either direction), without expanding them. */
export function uidsInRanges(uids: readonly number[], ranges: readonly NumberRange[]): number[] {
  const spans = ranges
    .map((r) => [Math.min(r.start, r.end), Math.max(r.start, r.end)] as const)
    .sort((a, b) => a[0] - b[0]);
  // prefix maximum of range ends, so one binary search per UID answers "covered?"
  const reach: number[] = [];
  for (const [, high] of spans) reach.push(Math.max(high, reach[reach.length - 1] ?? 0));
  return uids.filter((uid) => {
    let lo = 0;
    let hi = spans.length - 1;
    let last = -1; // last span starting at or below uid
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((spans[mid]?.[0] ?? 0) <= uid) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return last >= 0 && (reach[last] ?? 0) >= uid;
  });
}

/** Message ids from the shared API → UIDs; anything else is ERR_NOT_FOUND-worthy garbage. */
export function parseUid(id: string): number | undefined {
  if (!/^[1-9]\d{0,9}$/.test(id)) return undefined;
  const n = Number(id);
  return n <= 0xffffffff ? n : undefined;
}
