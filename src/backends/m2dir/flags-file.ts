/**
 * The `.meta/<id>.flags` format (docs/m2dir.md, Store format): UTF-8, one flag per line, each line
 * `\n`-terminated, sorted; blank lines ignored. We write JMAP-style keywords (`$seen`,
 * flagToM2dir) so the spelling does not depend on where a flag came from.
 */
import type { Flag } from '../../shared/flags.js';
import { flagFromM2dir, flagToM2dir, normalizeFlags } from '../../shared/flags.js';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function parseFlagsFile(bytes: Uint8Array | null): Flag[] {
  if (bytes === null) return [];
  const lines = decoder.decode(bytes).split(/\r?\n/);
  return normalizeFlags(
    lines
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .map(flagFromM2dir),
  );
}

/** Flags with a line break or NUL cannot be stored one per line; they are dropped. */
export function serializeFlags(flags: readonly Flag[]): Uint8Array {
  const lines = normalizeFlags(flags)
    .map(flagToM2dir)
    .filter((f) => !/[\r\n\0]/.test(f))
    .sort();
  return encoder.encode(lines.map((l) => `${l}\n`).join(''));
}
