/**
 * The ENVELOPE Date field as a Date: a fast path for the canonical RFC 5322 §3.3 form, the
 * shared full parser (obsolete forms, comments, zone names) for everything else.
 */
import { parseMailDate } from '../../../shared/mime/date.js';
import { monthAt } from '../wire/decoder/fetch.js';

/**
 * The ENVELOPE date: the canonical RFC 5322 §3.3 form most servers relay
 * (`[Ddd, ]D[D] Mon YYYY HH:MM:SS ±HHMM`) read by character codes; anything else — obsolete
 * forms, comments, named zones — goes to the full parser, whose validation this mirrors.
 */
export function parseEnvelopeDate(text: string): Date | undefined {
  let i = 0;
  if (text.charCodeAt(3) === 0x2c && text.charCodeAt(4) === 0x20 && isLetters(text, 0, 3)) i = 5;
  const dayDigits = text.charCodeAt(i + 1) === 0x20 ? 1 : 2;
  const d = digitsAt(text, i, dayDigits);
  i += dayDigits;
  const monthStart = i + 1;
  const month = monthAt(text, monthStart);
  i += 4;
  const canonical =
    text.length === i + 20 &&
    text.charCodeAt(i - 4) === 0x20 &&
    text.charCodeAt(i) === 0x20 &&
    text.charCodeAt(i + 5) === 0x20 &&
    text.charCodeAt(i + 8) === 0x3a &&
    text.charCodeAt(i + 11) === 0x3a &&
    text.charCodeAt(i + 14) === 0x20 &&
    (text.charCodeAt(i + 15) === 0x2b || text.charCodeAt(i + 15) === 0x2d) &&
    month >= 0;
  const y = digitsAt(text, i + 1, 4);
  const h = digitsAt(text, i + 6, 2);
  const min = digitsAt(text, i + 9, 2);
  const s = digitsAt(text, i + 12, 2);
  const zone = digitsAt(text, i + 16, 4);
  if (!canonical || d < 0 || y < 0 || h < 0 || min < 0 || s < 0 || zone < 0)
    return parseMailDate(text);
  if (d < 1 || d > 31 || h > 23 || min > 59 || s > 60) return undefined;
  if (d > daysInMonth(y, month)) return undefined; // 31 Feb and friends
  const offset =
    (Math.floor(zone / 100) * 60 + (zone % 100)) * (text.charCodeAt(i + 15) === 0x2d ? -1 : 1);
  const result = new Date(Date.UTC(y, month, d, h, min, Math.min(s, 59)) - offset * 60_000);
  return Number.isNaN(result.getTime()) ? undefined : result;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Days of `month` (0–11) of `year` in the proleptic Gregorian calendar, as Date.UTC counts
 * them (ECMA-262 §21.4.3.4 MakeFullYear: years 0–99 mean 1900–1999).
 */
function daysInMonth(year: number, month: number): number {
  if (month !== 1) return DAYS[month]!;
  const y = year <= 99 ? 1900 + year : year;
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
}

/** The decimal value of `count` ASCII digits at `at`, or -1. */
function digitsAt(text: string, at: number, count: number): number {
  let n = 0;
  for (let k = at; k < at + count; k++) {
    const c = text.charCodeAt(k) - 0x30;
    if (!(c >= 0 && c <= 9)) return -1;
    n = n * 10 + c;
  }
  return n;
}

function isLetters(text: string, at: number, count: number): boolean {
  for (let k = at; k < at + count; k++) {
    const c = text.charCodeAt(k) | 0x20;
    if (!(c >= 0x61 && c <= 0x7a)) return false;
  }
  return true;
}
