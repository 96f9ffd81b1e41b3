/**
 * Recognises a literal announcement at the end of a line (RFC 9051 §4.3 `literal`, RFC 7888
 * `{n+}`, RFC 3516 `literal8` `~{n}`), scanning backwards from the LF. Overflow-safe: the size
 * is checked against the RFC 9051 number64 ceiling (2^63-1) by digit count and comparison,
 * never by arithmetic that could wrap.
 */

const MAX_NUMBER64 = '9223372036854775807';

/** 'invalid': declared size above 2^63-1 or unreadable — the stream cannot be kept in sync. */
export type MarkerKind = 'none' | 'literal' | 'invalid';

export interface LiteralMarker {
  kind: MarkerKind;
  size: number;
  binary: boolean;
}

const NO_MARKER: LiteralMarker = { kind: 'none', size: 0, binary: false };

/**
 * @param a bytes holding the end of the line
 * @param lf index of the LF that ends the line
 * @param floor first index of the line inside `a`
 * @param truncated the line has earlier bytes that are not in `a` (before `floor`)
 */
export function findLiteralMarker(
  a: Uint8Array,
  lf: number,
  floor: number,
  truncated: boolean,
): LiteralMarker {
  let i = lf - 1;
  if (i >= floor && a[i] === 13) i--; // CR; a bare LF is tolerated
  if (i < floor || a[i] !== 0x7d) return NO_MARKER; // '}'
  i--;
  if (i >= floor && a[i] === 0x2b) i--; // '+' (non-synchronising form)
  const lastDigit = i;
  while (i >= floor) {
    const b = a[i]!;
    if (b < 0x30 || b > 0x39) break;
    i--;
  }
  const firstDigit = i + 1;
  if (firstDigit > lastDigit) return NO_MARKER;
  if (i < floor) {
    // Ran out of window inside the digits: an absurdly long number (or no '{' at all).
    return truncated ? { kind: 'invalid', size: 0, binary: false } : NO_MARKER;
  }
  if (a[i] !== 0x7b) return NO_MARKER; // '{'
  const binary = i - 1 >= floor && a[i - 1] === 0x7e; // '~'
  let start = firstDigit;
  while (start < lastDigit && a[start] === 0x30) start++; // leading zeros
  const digits = lastDigit - start + 1;
  if (digits > 19) return { kind: 'invalid', size: 0, binary };
  if (digits === 19) {
    for (let k = 0; k < 19; k++) {
      const d = a[start + k]!;
      const m = MAX_NUMBER64.charCodeAt(k);
      if (d < m) break;
      if (d > m) return { kind: 'invalid', size: 0, binary };
    }
  }
  let size = 0;
  // Exact below 2^53; above that the size only drives skipping, which never completes in practice.
  for (let k = start; k <= lastDigit; k++) size = size * 10 + (a[k]! - 0x30);
  return { kind: 'literal', size, binary };
}

/**
 * RFC 9051 resp-text (status responses and continuation requests) never contains a literal, so
 * a trailing `{n}` there is text (policy for the ambiguity of duesee/imap-codec#432).
 * `a[start..]` is the beginning of the message's first line.
 */
export function isTextResponseLine(a: Uint8Array, start: number, end: number): boolean {
  if (start >= end) return false;
  if (a[start] === 0x2b) return true; // '+'
  let i = start;
  while (i < end && a[i] !== 0x20) i++; // tag or '*'
  i++;
  let word = 0;
  let len = 0;
  while (i < end && len < 8) {
    const b = a[i]! | 0x20; // ASCII lower-case fold; only letters matter below
    if (b < 0x61 || b > 0x7a) break;
    word = word * 32 + (b - 0x60);
    len++;
    i++;
  }
  if (len === 0 || len > 7) return false;
  const next = i < end ? a[i]! : 0x0d;
  if (next !== 0x20 && next !== 0x0d && next !== 0x0a && next !== 0x5b) return false;
  return TEXT_WORDS.has(word);
}

function encodeWord(w: string): number {
  let n = 0;
  for (let k = 0; k < w.length; k++) n = n * 32 + (w.charCodeAt(k) - 0x60);
  return n;
}

const TEXT_WORDS = new Set(['ok', 'no', 'bad', 'bye', 'preauth'].map(encodeWord));
