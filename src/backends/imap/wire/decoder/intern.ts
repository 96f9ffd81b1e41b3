/**
 * A small direct-mapped cache of short ASCII strings seen on the wire (flags, address mailbox /
 * host / display names). A mailbox listing repeats the same few senders and flags thousands of
 * times; returning the cached string instead of decoding a new one saves the allocation, the
 * copy during scavenges, and the memory of every envelope the caller keeps.
 * Invariants: a hit is byte-for-byte the same text (compared, not trusted to the hash); only
 * ASCII is cached (so a byte is a UTF-16 code unit); memory is bounded by SLOTS × MAX_LENGTH.
 */

const SLOTS = 4096; // power of two
const MAX_LENGTH = 64;
const slots: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

/**
 * The string for bytes [s, e) when it is short ASCII: from the cache, or made by `maker.text` and
 * remembered. undefined (nothing made) when the bytes are long or not ASCII.
 */
export function internAscii(
  b: Uint8Array,
  s: number,
  e: number,
  maker: { text(s: number, e: number): string },
): string | undefined {
  const n = e - s;
  if (n > MAX_LENGTH) return undefined;
  // FNV-1a over the bytes, rejecting non-ASCII on the way
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c >= 0x80) return undefined;
    h = Math.imul(h ^ c, 0x01000193);
  }
  const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
  const cached = slots[slot];
  if (cached !== undefined && cached.length === n) {
    let i = 0;
    while (i < n && cached.charCodeAt(i) === b[s + i]) i++;
    if (i === n) return cached;
  }
  const made = maker.text(s, e);
  slots[slot] = made;
  return made;
}
