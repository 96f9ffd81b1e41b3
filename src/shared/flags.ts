/**
 * Flag vocabulary and its mappings to IMAP, JMAP, Maildir and m2dir — one table, one place.
 *
 * A `Flag` is either one of the well-known names below or a keyword kept verbatim (`Work`,
 * `$Label1`). Normalisation strips one leading `\` or `$` and lowercases before matching the
 * well-known names, so `\Seen`, `$seen`, `SEEN` and `seen` are all `seen`.
 */

export type KnownFlag =
  | 'seen'
  | 'answered'
  | 'flagged'
  | 'draft'
  | 'deleted'
  | 'forwarded'
  | 'junk'
  | 'notjunk'
  | 'phishing'
  | 'important'
  | 'mdnsent';

export type Flag = KnownFlag | (string & {});

interface FlagRow {
  flag: KnownFlag;
  /** RFC 3501 system flag or registered keyword (RFC 5788 / RFC 9051 §2.3.2). */
  imap: string;
  /** RFC 8621 §4.1.1 keyword (lowercase). */
  jmap: string;
  /** Maildir info letter (cr.yp.to/proto/maildir.html), when the spec has one. */
  maildir?: string;
}

/** The table every mapping is derived from. Order = sort order of known flags. */
export const FLAG_TABLE: readonly FlagRow[] = [
  { flag: 'seen', imap: '\\Seen', jmap: '$seen', maildir: 'S' },
  { flag: 'answered', imap: '\\Answered', jmap: '$answered', maildir: 'R' },
  { flag: 'flagged', imap: '\\Flagged', jmap: '$flagged', maildir: 'F' },
  { flag: 'draft', imap: '\\Draft', jmap: '$draft', maildir: 'D' },
  { flag: 'deleted', imap: '\\Deleted', jmap: '$deleted', maildir: 'T' },
  { flag: 'forwarded', imap: '$Forwarded', jmap: '$forwarded', maildir: 'P' },
  { flag: 'junk', imap: '$Junk', jmap: '$junk' },
  { flag: 'notjunk', imap: '$NotJunk', jmap: '$notjunk' },
  { flag: 'phishing', imap: '$Phishing', jmap: '$phishing' },
  { flag: 'important', imap: '$Important', jmap: '$important' },
  { flag: 'mdnsent', imap: '$MDNSent', jmap: '$mdnsent' },
];

const byName = new Map<string, FlagRow>(FLAG_TABLE.map((row) => [row.flag, row]));
const byLetter = new Map<string, FlagRow>(
  FLAG_TABLE.filter((row) => row.maildir !== undefined).map((row) => [row.maildir as string, row]),
);
const rank = new Map<string, number>(FLAG_TABLE.map((row, i) => [row.flag, i]));

export const KNOWN_FLAGS: readonly KnownFlag[] = FLAG_TABLE.map((row) => row.flag);

export function isKnownFlag(flag: string): flag is KnownFlag {
  return byName.has(flag);
}

/** Any spelling → the canonical Flag. Keywords come back verbatim (trimmed). */
export function normalizeFlag(raw: string): Flag {
  const trimmed = raw.trim();
  const bare = trimmed.startsWith('\\') || trimmed.startsWith('$') ? trimmed.slice(1) : trimmed;
  const lower = bare.toLowerCase();
  return byName.has(lower) ? lower : trimmed;
}

/** Known flags first in table order, then keywords by lowercase; unique case-insensitively. */
export function normalizeFlags(raw: Iterable<string>): Flag[] {
  const seen = new Map<string, Flag>();
  for (const r of raw) {
    const flag = normalizeFlag(r);
    if (flag === '') continue;
    const key = flag.toLowerCase();
    if (!seen.has(key)) seen.set(key, flag);
  }
  return [...seen.values()].sort(compareFlags);
}

export function compareFlags(a: Flag, b: Flag): number {
  const ra = rank.get(a);
  const rb = rank.get(b);
  if (ra !== undefined && rb !== undefined) return ra - rb;
  if (ra !== undefined) return -1;
  if (rb !== undefined) return 1;
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : 0;
}

export function sameFlag(a: string, b: string): boolean {
  return normalizeFlag(a).toLowerCase() === normalizeFlag(b).toLowerCase();
}

/** Apply an add/remove/set to a flag set; the result is normalised. */
export function applyFlagChange(
  current: readonly Flag[],
  action: 'add' | 'remove' | 'set',
  flags: readonly Flag[],
): Flag[] {
  if (action === 'set') return normalizeFlags(flags);
  if (action === 'add') return normalizeFlags([...current, ...flags]);
  const drop = new Set(flags.map((f) => normalizeFlag(f).toLowerCase()));
  return normalizeFlags(current.filter((f) => !drop.has(normalizeFlag(f).toLowerCase())));
}

// ---- IMAP (RFC 9051 §2.3.2) -------------------------------------------------------------

export function flagToImap(flag: Flag): string {
  return byName.get(flag)?.imap ?? flag;
}

export function flagFromImap(raw: string): Flag {
  return normalizeFlag(raw);
}

// ---- JMAP (RFC 8621 §4.1.1): keywords are case-insensitive, servers return lowercase ------

export function flagToJmap(flag: Flag): string {
  return byName.get(flag)?.jmap ?? flag;
}

export function flagFromJmap(keyword: string): Flag {
  return normalizeFlag(keyword);
}

/** JMAP `keywords` object → flags (only `true` values count). */
export function flagsFromJmapKeywords(keywords: Record<string, boolean>): Flag[] {
  return normalizeFlags(Object.keys(keywords).filter((k) => keywords[k] === true));
}

export function flagsToJmapKeywords(flags: readonly Flag[]): Record<string, true> {
  const out: Record<string, true> = {};
  for (const f of normalizeFlags(flags)) out[flagToJmap(f)] = true;
  return out;
}

// ---- Maildir: info letters after ":2," (uppercase, ASCII order); the rest are keywords -----

/** The Maildir letter for a flag, or undefined when it must go through dovecot-keywords. */
export function flagToMaildirLetter(flag: Flag): string | undefined {
  return byName.get(flag)?.maildir;
}

export function flagFromMaildirLetter(letter: string): Flag | undefined {
  return byLetter.get(letter)?.flag;
}

// ---- m2dir: flags are arbitrary strings; we write JMAP-style keywords ($seen, …) -----------

export function flagToM2dir(flag: Flag): string {
  return flagToJmap(flag);
}

export function flagFromM2dir(raw: string): Flag {
  return normalizeFlag(raw);
}
