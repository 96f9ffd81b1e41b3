/**
 * The content key that identifies a message across stores (docs/sync.md "Identity"): its
 * Message-ID where it has one, else a hash of its bytes. Ids change (a UIDVALIDITY reset, a
 * rebuilt Maildir, a move); the content key does not, so it is what re-matches messages after
 * a reset, a lost state, an adopted Maildir or a crash between an append and its record.
 *
 * Invariant: two copies of one message get the same key on every backend. Stores may rewrite
 * line ends, so the hash is over the bytes with CRLF normalised to LF and trailing blank lines
 * dropped; `h1:` versions the recipe.
 */
import { createHash } from 'node:crypto';
import type { Envelope } from '../shared/types.js';

export const messageIdKey = (messageId: string): string => `m:${messageId.trim()}`;

/** The key from the envelope alone, when it carries a Message-ID. */
export function envelopeKey(envelope: Envelope): string | undefined {
  const id = envelope.messageId;
  return id === undefined || id.trim() === '' ? undefined : messageIdKey(id);
}

export function bytesKey(raw: Uint8Array): string {
  let text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  text = text.replace(/\r\n/g, '\n').replace(/\n+$/, '\n');
  return `h1:${createHash('sha256').update(text, 'latin1').digest('hex').slice(0, 32)}`;
}
