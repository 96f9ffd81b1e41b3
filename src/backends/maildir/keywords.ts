/**
 * Flags ↔ info letters, with custom keywords through Dovecot's `dovecot-keywords` file
 * (lines `N keyword`, N = 0..25 ↔ letters a..z), so Dovecot and mailroom see the same keywords.
 * Flags without a Maildir letter (junk, $Important, custom words) are keywords, written in their
 * IMAP spelling (`$Junk`) as Dovecot would.
 *
 * `forwarded` is read from the spec letter P ("passed") but written as the `$Forwarded`
 * keyword: Dovecot does not map P to $Forwarded (verified against Dovecot 2.3 in
 * test/integration/maildir-dovecot.test.ts), so a P alone would be invisible to IMAP clients.
 */
import { MailError } from '../../shared/errors.js';
import {
  flagFromMaildirLetter,
  flagToImap,
  flagToMaildirLetter,
  normalizeFlag,
  normalizeFlags,
  type Flag,
} from '../../shared/flags.js';
import { normalizeLetters } from './filename.js';

const WRITTEN_AS_KEYWORD = new Set<Flag>(['forwarded']);

/** Slot index (0..25) → keyword as written in the file. */
export type KeywordTable = (string | undefined)[];

export function parseKeywordFile(bytes: Uint8Array | null): KeywordTable {
  const table: KeywordTable = [];
  if (bytes === null) return table;
  for (const line of new TextDecoder().decode(bytes).split(/\r?\n/)) {
    const m = /^(\d+) (.+)$/.exec(line);
    if (m === null) continue;
    const slot = Number(m[1]);
    if (slot < 26) table[slot] = m[2];
  }
  return table;
}

export function formatKeywordFile(table: KeywordTable): Uint8Array {
  const lines: string[] = [];
  table.forEach((word, slot) => {
    if (word !== undefined) lines.push(`${slot} ${word}`);
  });
  return new TextEncoder().encode(lines.map((l) => `${l}\n`).join(''));
}

/** Letter sets without keywords ('S', 'FS', …) repeat across a folder: decode each once. */
const standardOnly = new Map<string, Flag[]>();

export function flagsFromLetters(letters: string, table: KeywordTable): Flag[] {
  if (!/[a-z]/.test(letters)) {
    let cached = standardOnly.get(letters);
    if (cached === undefined) {
      cached = normalizeFlags([...letters].flatMap((l) => flagFromMaildirLetter(l) ?? []));
      if (standardOnly.size < 1024) standardOnly.set(letters, cached);
    }
    return [...cached];
  }
  const raw: string[] = [];
  for (const letter of letters) {
    if (letter >= 'a' && letter <= 'z') {
      const word = table[letter.charCodeAt(0) - 97];
      if (word !== undefined) raw.push(word);
    } else {
      const flag = flagFromMaildirLetter(letter);
      if (flag !== undefined) raw.push(flag);
    }
  }
  return normalizeFlags(raw);
}

/**
 * Flags → letters. Keywords missing from the table get the lowest free slot; `changed` tells
 * the caller to persist the table. More than 26 distinct keywords → ERR_LIMIT (Dovecot's limit).
 * Letters we do not understand (unknown uppercase, slots without a keyword) are kept as they are.
 */
export function lettersFromFlags(
  flags: readonly Flag[],
  table: KeywordTable,
  keepUnknown = '',
): { letters: string; table: KeywordTable; changed: boolean } {
  const next = [...table];
  let changed = false;
  let letters = '';
  for (const flag of normalizeFlags(flags)) {
    const letter = WRITTEN_AS_KEYWORD.has(flag) ? undefined : flagToMaildirLetter(flag);
    if (letter !== undefined) {
      letters += letter;
      continue;
    }
    const spelled = flagToImap(flag);
    const key = normalizeFlag(spelled).toLowerCase();
    let slot = next.findIndex((w) => w !== undefined && normalizeFlag(w).toLowerCase() === key);
    if (slot === -1) {
      slot = next.findIndex((w) => w === undefined);
      if (slot === -1) slot = next.length;
      if (slot >= 26)
        throw new MailError('ERR_LIMIT', 'a Maildir folder holds at most 26 custom keywords', {
          backend: 'maildir',
          details: { keyword: flag },
        });
      next[slot] = spelled;
      changed = true;
    }
    letters += String.fromCharCode(97 + slot);
  }
  return { letters: normalizeLetters(letters + keepUnknown), table: next, changed };
}

/** Letters of `letters` that do not map to a flag (kept verbatim across flag changes). */
export function unknownLetters(letters: string, table: KeywordTable): string {
  let out = '';
  for (const letter of letters) {
    if (letter >= 'a' && letter <= 'z') {
      if (table[letter.charCodeAt(0) - 97] === undefined) out += letter;
    } else if (flagFromMaildirLetter(letter) === undefined) out += letter;
  }
  return out;
}
