import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FLAG_TABLE,
  KNOWN_FLAGS,
  applyFlagChange,
  flagFromImap,
  flagFromJmap,
  flagFromM2dir,
  flagFromMaildirLetter,
  flagToImap,
  flagToJmap,
  flagToM2dir,
  flagToMaildirLetter,
  flagsFromJmapKeywords,
  flagsToJmapKeywords,
  normalizeFlag,
  normalizeFlags,
} from '../../../src/shared/flags.js';

/** Wire spellings, written out independently of FLAG_TABLE (RFC 9051 §2.3.2, RFC 8621 §4.1.1, cr.yp.to maildir). */
const TABLE: [flag: string, imap: string, jmap: string, maildir: string | undefined][] = [
  ['seen', '\\Seen', '$seen', 'S'],
  ['answered', '\\Answered', '$answered', 'R'],
  ['flagged', '\\Flagged', '$flagged', 'F'],
  ['draft', '\\Draft', '$draft', 'D'],
  ['deleted', '\\Deleted', '$deleted', 'T'],
  ['forwarded', '$Forwarded', '$forwarded', 'P'],
  ['junk', '$Junk', '$junk', undefined],
  ['notjunk', '$NotJunk', '$notjunk', undefined],
  ['phishing', '$Phishing', '$phishing', undefined],
  ['important', '$Important', '$important', undefined],
  ['mdnsent', '$MDNSent', '$mdnsent', undefined],
];

describe('flag table', () => {
  it('covers exactly the known flags', () => {
    expect(TABLE.map((r) => r[0])).toEqual([...KNOWN_FLAGS]);
    expect(FLAG_TABLE).toHaveLength(TABLE.length);
  });

  for (const [flag, imap, jmap, letter] of TABLE) {
    it(`${flag} ↔ IMAP ${imap}, JMAP ${jmap}, Maildir ${letter ?? '(keyword)'}, m2dir ${jmap}`, () => {
      expect(flagToImap(flag)).toBe(imap);
      expect(flagFromImap(imap)).toBe(flag);
      expect(flagFromImap(imap.toUpperCase())).toBe(flag);
      expect(flagToJmap(flag)).toBe(jmap);
      expect(flagFromJmap(jmap)).toBe(flag);
      expect(flagToMaildirLetter(flag)).toBe(letter);
      if (letter !== undefined) expect(flagFromMaildirLetter(letter)).toBe(flag);
      expect(flagToM2dir(flag)).toBe(jmap);
      expect(flagFromM2dir(jmap)).toBe(flag);
    });
  }

  it('has no Maildir letter for keywords and no flag for unknown letters', () => {
    expect(flagToMaildirLetter('Work')).toBeUndefined();
    expect(flagFromMaildirLetter('a')).toBeUndefined();
    expect(flagFromMaildirLetter('s')).toBeUndefined(); // letters are case-sensitive
  });

  it('JMAP keywords object: only true values count', () => {
    expect(flagsFromJmapKeywords({ $seen: true, $flagged: false, Work: true })).toEqual([
      'seen',
      'Work',
    ]);
    expect(flagsToJmapKeywords(['seen', 'Work', '\\Seen'])).toEqual({ $seen: true, Work: true });
  });

  it('applyFlagChange add / remove / set', () => {
    expect(applyFlagChange(['seen'], 'add', ['\\Flagged', 'Work'])).toEqual([
      'seen',
      'flagged',
      'Work',
    ]);
    expect(applyFlagChange(['seen', 'flagged', 'Work'], 'remove', ['$FLAGGED', 'work'])).toEqual([
      'seen',
    ]);
    expect(applyFlagChange(['seen'], 'set', ['draft', '$draft'])).toEqual(['draft']);
  });
});

// ---- properties ------------------------------------------------------------------------------

const known = fc.constantFrom(...KNOWN_FLAGS);
/** Keywords as IMAP atoms allow (RFC 9051 flag-keyword = atom), including $-prefixed ones. */
const keyword = fc
  .stringMatching(/^\$?[A-Za-z][A-Za-z0-9_.-]{0,12}$/)
  .filter((k) => !KNOWN_FLAGS.includes(normalizeFlag(k) as never));
const spelling = fc.oneof(
  known.map((f) => flagToImap(f)),
  known.map((f) => flagToJmap(f)),
  known.map((f) => f.toUpperCase()),
  known,
  keyword,
);

describe('flag properties', () => {
  it('normalizeFlags is idempotent, sorted and unique', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(spelling, fc.string())), (raw) => {
        const once = normalizeFlags(raw);
        expect(normalizeFlags(once)).toEqual(once);
        const lower = once.map((f) => f.toLowerCase());
        expect(new Set(lower).size).toBe(lower.length);
        const knownPart = once.filter((f) => KNOWN_FLAGS.includes(f as never));
        const keywordPart = once.filter((f) => !KNOWN_FLAGS.includes(f as never));
        expect(once).toEqual([...knownPart, ...keywordPart]);
        expect(knownPart).toEqual(KNOWN_FLAGS.filter((k) => knownPart.includes(k)));
        const sortedKeywords = [...keywordPart].sort((a, b) =>
          a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
        );
        expect(keywordPart).toEqual(sortedKeywords);
      }),
    );
  });

  it('any flag → IMAP → back is the same normalised flag', () => {
    fc.assert(
      fc.property(spelling, (raw) => {
        const flag = normalizeFlag(raw);
        expect(flagFromImap(flagToImap(flag))).toBe(flag);
        expect(flagFromJmap(flagToJmap(flag))).toBe(flag);
        expect(flagFromM2dir(flagToM2dir(flag))).toBe(flag);
      }),
    );
  });

  it('unknown keywords round-trip verbatim through every mapping', () => {
    fc.assert(
      fc.property(keyword, (k) => {
        expect(normalizeFlag(k)).toBe(k);
        expect(flagToImap(k)).toBe(k);
        expect(flagFromImap(k)).toBe(k);
        expect(flagToJmap(k)).toBe(k);
        expect(flagFromJmap(k)).toBe(k);
        expect(flagToMaildirLetter(k)).toBeUndefined();
        expect(normalizeFlags([k, k.toUpperCase()])).toEqual([k]);
      }),
    );
  });
});
