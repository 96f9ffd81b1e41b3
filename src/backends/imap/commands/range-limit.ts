/**
 * Expanding server-supplied sequence sets (RFC 9051 §9 `sequence-set`, RFC 4731 ESEARCH ALL,
 * RFC 4315 COPYUID/APPENDUID, RFC 7162 VANISHED) into number arrays. A set is a few bytes on the
 * wire but may describe up to 2^32 numbers (`1:4294967295`): we count before allocating and
 * refuse with ERR_LIMIT above a cap, so a hostile server cannot exhaust our memory (docs/architecture.md, Rules:
 * never allocate from a size the server declared).
 */
import { MailError } from '../../../shared/errors.js';
import type { NumberRange } from '../wire/types.js';

/** Absolute cap on numbers expanded from one set, whatever the mailbox size. */
export const MAX_EXPANDED_NUMBERS = 10_000_000;

/** How many numbers the ranges describe (ranges may be written high:low, RFC 9051 §9). */
export function countRanges(ranges: readonly NumberRange[]): number {
  let total = 0;
  for (const r of ranges) total += Math.abs(r.end - r.start) + 1;
  return total;
}

/**
 * The numbers of `ranges` in wire order, each range ascending. Throws ERR_LIMIT (nothing
 * allocated) when they exceed `limit` (itself capped at MAX_EXPANDED_NUMBERS).
 */
export function expandRanges(
  ranges: readonly NumberRange[],
  limit: number,
  what: string,
): number[] {
  const cap = Math.min(Math.max(0, limit), MAX_EXPANDED_NUMBERS);
  const total = countRanges(ranges);
  if (total > cap)
    throw new MailError(
      'ERR_LIMIT',
      `${what}: the server sent a set of ${total} numbers, more than the ${cap} that can be true here`,
      { backend: 'imap', details: { count: total, limit: cap } },
    );
  const out = new Array<number>(total);
  let i = 0;
  for (const r of ranges) {
    const low = Math.min(r.start, r.end);
    const high = Math.max(r.start, r.end);
    for (let n = low; n <= high; n++) out[i++] = n;
  }
  return out;
}
