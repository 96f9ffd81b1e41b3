// The maildir suite's cross-check: every tool lists the same messages (unique name and
// Message-ID per message) — as a set for whole-folder listings (mscan does not sort), in order
// for the newest page. A short SHA-256 of those lines.
import { createHash } from 'node:crypto';

/** pairs: [unique name, Message-ID without <>]; ordered: keep the order (a page). */
export function listingDigest(pairs, ordered) {
  const lines = pairs.map(([id, messageId]) => `${id} ${messageId.replace(/^<|>$/g, '')}`);
  if (!ordered) lines.sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

/** The same digest of `mscan -f '%R %I'` output (file path, Message-ID per line). */
export function mscanDigest(stdout, ordered) {
  const pairs = stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const space = line.indexOf(' ');
      const path = space === -1 ? line : line.slice(0, space);
      const base = path.slice(path.lastIndexOf('/') + 1);
      const colon = base.indexOf(':2,');
      return [
        colon === -1 ? base : base.slice(0, colon),
        space === -1 ? '' : line.slice(space + 1).trim(),
      ];
    });
  return listingDigest(pairs, ordered);
}
