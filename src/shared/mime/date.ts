/**
 * RFC 5322 §3.3 date-time, including the obsolete forms of §4.3: two- and three-digit years,
 * alphabetic zones (UT, GMT, EST…PDT; military letters count as -0000), comments and extra
 * whitespace anywhere, missing seconds, full month names. Returns undefined for anything that
 * is not a real calendar date; never throws.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** §4.3 obs-zone offsets in minutes. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

const DATE_TIME =
  /^(?:[a-z]+\s*,?\s*)?(\d{1,2})\s*-?\s*([a-z]{3,})\.?\s*-?\s*(\d{2,4})\s+(\d{1,2})\s*:\s*(\d{1,2})(?:\s*:\s*(\d{1,2}))?(?:\.\d+)?\s*([+-]\d{4}|[+-]\d{2}:?\d{2}|[a-z]+)?/i;

function zoneOffset(zone: string | undefined): number {
  if (zone === undefined) return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric !== null) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  return ZONES[zone.toLowerCase()] ?? 0; // unknown / military: -0000 (§4.3)
}

function fullYear(digits: string): number {
  const y = Number(digits);
  if (digits.length === 2) return y < 50 ? 2000 + y : 1900 + y; // §4.3
  if (digits.length === 3) return 1900 + y;
  return y;
}

export function parseMailDate(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  // Comments (§3.2.2) may appear anywhere; the pattern itself allows any FWS.
  const clean = (text.includes('(') ? text.replace(/\([^()]*\)/g, ' ') : text).trim();
  const m = DATE_TIME.exec(clean);
  if (m === null) {
    // Not RFC 5322 at all; accept ISO 8601, which some generators write.
    if (!/^\d{4}-\d{2}-\d{2}/.test(clean)) return undefined;
    const iso = new Date(clean);
    return Number.isNaN(iso.getTime()) ? undefined : iso;
  }
  const [, day, monthName = '', year = '', hour, minute, second, zone] = m;
  const month = MONTHS.indexOf(monthName.slice(0, 3).toLowerCase());
  const d = Number(day);
  const h = Number(hour);
  const min = Number(minute);
  const s = second === undefined ? 0 : Number(second);
  if (month < 0 || d < 1 || d > 31 || h > 23 || min > 59 || s > 60) return undefined;
  const y = fullYear(year);
  const utc = Date.UTC(y, month, d, h, min, Math.min(s, 59));
  const check = new Date(Date.UTC(y, month, d));
  if (check.getUTCMonth() !== month) return undefined; // 31 Feb and friends
  const result = new Date(utc - zoneOffset(zone) * 60_000);
  return Number.isNaN(result.getTime()) ? undefined : result;
}
