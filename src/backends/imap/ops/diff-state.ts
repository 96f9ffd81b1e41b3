/**
 * The opaque diffEnvelopes state (docs/model.md): UIDVALIDITY, HIGHESTMODSEQ (RFC 7162), UIDNEXT
 * and the known UID set in compact ranges, plus — only for servers without CONDSTORE — a short
 * hash of each known message's flags so a plain UID FETCH FLAGS listing can be compared.
 * Format: `imap1.<uidvalidity>.<modseq|->.<uidnext>.<uid-set>[.<hash,hash,…>]`.
 */
import { MailError } from '../../../shared/errors.js';
import { compactUids, expandUids } from './uid-set.js';

export interface DiffState {
  uidValidity: number;
  modseq?: bigint;
  uidNext: number;
  /** Ascending. */
  uids: number[];
  /** Flag hashes parallel to `uids` (plain strategy only). */
  flagHashes?: string[];
}

const PREFIX = 'imap1';

export function encodeDiffState(s: DiffState): string {
  const parts = [
    PREFIX,
    String(s.uidValidity),
    s.modseq === undefined ? '-' : String(s.modseq),
    String(s.uidNext),
    compactUids(s.uids),
  ];
  if (s.flagHashes !== undefined) parts.push(s.flagHashes.join(','));
  return parts.join('.');
}

function invalidState(): MailError {
  return new MailError(
    'ERR_INVALID_ARGUMENT',
    'diffEnvelopes state is not one this IMAP backend produced',
    {
      backend: 'imap',
    },
  );
}

export function decodeDiffState(text: string): DiffState {
  const parts = text.split('.');
  if (parts[0] !== PREFIX || parts.length < 5 || parts.length > 6) throw invalidState();
  const [, validity = '', modseq = '', next = '', set = '', hashes] = parts;
  if (!/^\d{1,10}$/.test(validity) || !/^\d{1,10}$/.test(next)) throw invalidState();
  if (modseq !== '-' && !/^\d{1,19}$/.test(modseq)) throw invalidState();
  const uids = expandUids(set);
  if (uids === undefined) throw invalidState();
  uids.sort((a, b) => a - b);
  const state: DiffState = { uidValidity: Number(validity), uidNext: Number(next), uids };
  if (modseq !== '-') state.modseq = BigInt(modseq);
  if (hashes !== undefined) {
    const list = hashes === '' ? [] : hashes.split(',');
    if (list.length !== uids.length || list.some((h) => !/^[0-9a-z]{1,7}$/.test(h)))
      throw invalidState();
    state.flagHashes = list;
  }
  return state;
}

/** FNV-1a of the normalised flag list, base 36 — equality check only. */
export function flagHash(flags: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const ch of flags.map((f) => f.toLowerCase()).join(' ')) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}
