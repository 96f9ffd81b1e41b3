/**
 * Unique name → slot lookups over a folder scan without a Map or a string per file: the page
 * path of a 100k-message folder (docs/maildir.md "Header cache"). Each slot's unique name (the
 * file name up to `:2,`) is hashed (FNV-1a, 32 bits) and packed with its slot into one float,
 * `hash · 2^20 + slot`, and the floats are sorted: 8 bytes per file instead of a Map entry and a
 * sliced string (~80 bytes). A lookup binary-searches the hash and compares the candidates'
 * names, so collisions cost a comparison, never a wrong answer.
 */

/** Slots are packed in 20 bits: folders with more files use a Map instead. */
export const MAX_SLOTS = 1 << 20;

/** Length of the unique part of a Maildir file name (before the `:2,` info). */
export function uniqueLength(name: string): number {
  const at = name.indexOf(':2,');
  return at === -1 ? name.length : at;
}

function fnv1a(text: string, length: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const sameUnique = (name: string, unique: string): boolean =>
  name.length >= unique.length && uniqueLength(name) === unique.length && name.startsWith(unique);

export class NameTable {
  private readonly packed: Float64Array;
  /** Distinct unique names (a message in both new/ and cur/ counts once). */
  readonly size: number;

  constructor(private readonly names: readonly string[]) {
    const packed = new Float64Array(names.length);
    names.forEach((name, slot) => {
      packed[slot] = fnv1a(name, uniqueLength(name)) * MAX_SLOTS + slot;
    });
    this.packed = packed.sort();
    let duplicates = 0;
    for (let k = 1; k < packed.length; k++) {
      const hash = Math.floor((packed[k] as number) / MAX_SLOTS);
      for (let j = k - 1; j >= 0 && Math.floor((packed[j] as number) / MAX_SLOTS) === hash; j--) {
        const a = names[(packed[k] as number) % MAX_SLOTS] as string;
        const b = names[(packed[j] as number) % MAX_SLOTS] as string;
        if (sameUnique(b, a.slice(0, uniqueLength(a)))) {
          duplicates += 1;
          break;
        }
      }
    }
    this.size = names.length - duplicates;
  }

  /** The slot holding `unique` (the highest, so cur/ wins over new/), or undefined. */
  find(unique: string): number | undefined {
    const hash = fnv1a(unique, unique.length);
    const packed = this.packed;
    let lo = 0;
    let hi = packed.length;
    const floor = hash * MAX_SLOTS;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((packed[mid] as number) < floor) lo = mid + 1;
      else hi = mid;
    }
    let found: number | undefined;
    for (let k = lo; k < packed.length && (packed[k] as number) < floor + MAX_SLOTS; k++) {
      const slot = (packed[k] as number) % MAX_SLOTS;
      if (sameUnique(this.names[slot] as string, unique)) found = slot;
    }
    return found;
  }
}
