/**
 * Sharing of short strings that recur on the wire (flags, address mailbox / host / display
 * names). A mailbox listing repeats the same few senders thousands of times; handing out one
 * string per distinct value keeps the envelopes a caller retains small, and the duplicate just
 * decoded dies young (cheap for the scavenger). The lookup is a native Map probe on the
 * decoded string — no per-byte JavaScript, which matters for one-shot listings that run
 * before the decoder is optimised.
 * Invariants: a hit is the equal string; memory is bounded by MAX_ENTRIES × MAX_LENGTH.
 */

const MAX_ENTRIES = 4096;
const MAX_LENGTH = 64;
let seen = new Map<string, string>();

/** The shared string equal to `s` (or `s` itself, remembered); long strings pass through. */
export function intern(s: string): string {
  if (s.length > MAX_LENGTH) return s;
  const shared = seen.get(s);
  if (shared !== undefined) return shared;
  if (seen.size >= MAX_ENTRIES) seen = new Map();
  seen.set(s, s);
  return s;
}
