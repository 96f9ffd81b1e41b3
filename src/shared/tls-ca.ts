/**
 * `tls.ca` as node:tls takes it. The config accepts PEM text or its bytes (a Buffer from
 * readFileSync, or any Uint8Array), alone or in a list; node:tls wants strings or Buffers, so
 * Uint8Array views become Buffers over the same memory (no copy). No zod here: IMAP loads it.
 */
import type { TlsOptions } from './config.js';

export function tlsCa(ca: NonNullable<TlsOptions['ca']>): string | Buffer | (string | Buffer)[] {
  const one = (c: string | Uint8Array): string | Buffer =>
    typeof c === 'string' ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
  return Array.isArray(ca) ? ca.map(one) : one(ca as string | Uint8Array);
}
