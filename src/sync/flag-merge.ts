/**
 * The per-flag three-way merge (docs/sync.md "Flags"): for each flag, a side that changed it
 * since the last sync (the base) wins; both sides changing one flag can only change it the same
 * way, so two-way sync has no flag conflict while a base exists. Without a base (a pair matched
 * by content key: adoption, a lost state) the union is kept — a flag is never dropped — and the
 * difference is reported. One-way sync makes the destination's flags the source's.
 */
import { normalizeFlags } from '../shared/flags.js';
import type { Flag } from '../shared/types.js';
import type { Direction } from './types.js';

const lower = (flags: readonly Flag[]): Set<string> => new Set(flags.map((f) => f.toLowerCase()));

export interface MergeResult {
  flags: Flag[];
  /** True when there was no base and the sides disagreed. */
  conflict: boolean;
}

export function mergeFlags(
  base: readonly Flag[] | undefined,
  remote: readonly Flag[],
  local: readonly Flag[],
  direction: Direction,
): MergeResult {
  if (direction === 'pull') return { flags: normalizeFlags(remote), conflict: false };
  if (direction === 'push') return { flags: normalizeFlags(local), conflict: false };
  if (base === undefined) {
    const union = normalizeFlags([...remote, ...local]);
    return {
      flags: union,
      conflict: union.length !== remote.length || union.length !== local.length,
    };
  }
  const b = lower(base);
  const r = lower(remote);
  const l = lower(local);
  const out: Flag[] = [];
  const spelled = new Map<string, Flag>();
  for (const f of [...base, ...remote, ...local]) spelled.set(f.toLowerCase(), f);
  for (const [key, flag] of spelled) {
    const inRemote = r.has(key);
    const keep = inRemote !== b.has(key) ? inRemote : l.has(key);
    if (keep) out.push(flag);
  }
  return { flags: normalizeFlags(out), conflict: false };
}
