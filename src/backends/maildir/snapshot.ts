/**
 * Diff states (docs/architecture.md, The shared model: local stores use a listing snapshot): an opaque, compact string —
 * `m1.` + base64url(deflate-raw(JSON)). Sorted unique names compress well (shared prefixes).
 * Anything that does not decode is treated as "no state": the caller resets.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export function encodeState(kind: string, value: unknown): string {
  const json = JSON.stringify({ k: kind, v: value });
  // Level 1: a 10k-message folder's state deflates in 15 ms instead of 45 ms (level 9), 8% larger.
  return `m1.${deflateRawSync(Buffer.from(json), { level: 1 }).toString('base64url')}`;
}

export function decodeState(kind: string, state: string | undefined): unknown {
  if (state === undefined || !state.startsWith('m1.')) return undefined;
  try {
    const json = inflateRawSync(Buffer.from(state.slice(3), 'base64url'), {
      maxOutputLength: 256 * 1024 * 1024,
    }).toString();
    const parsed = JSON.parse(json) as { k?: unknown; v?: unknown };
    return parsed.k === kind ? parsed.v : undefined;
  } catch {
    return undefined;
  }
}

/** Typed view of a decoded snapshot: a plain object, or undefined (the caller resets). */
export function decodeEncodedState<T extends object>(
  kind: string,
  state: string | undefined,
): T | undefined {
  const value = decodeState(kind, state);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as T)
    : undefined;
}
