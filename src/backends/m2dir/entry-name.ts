/**
 * m2dir entry file names (docs/m2dir.md, Store format): `<date>,<checksum>.<nonce>`. The message id is
 * `<checksum>.<nonce>`, the text after the last `,`; names starting with `.` (temporary files,
 * markers) or without a `,` are not entries.
 */
import { base64UrlEncode } from './base64url.js';

export interface EntryName {
  /** The whole file name. */
  file: string;
  /** `<checksum>.<nonce>` — the envelope id. */
  id: string;
  checksum: string;
  /** The `<date>` part as an instant (ms), undefined when it does not parse. */
  dateMs: number | undefined;
}

/** The date used when a message has no usable Date header. */
export const FALLBACK_DATE_PART = '1970-01-01T00:00:00Z';

const ENTRY_DATE = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(Z|[+-]\d{4})$/;

export function parseEntryName(file: string): EntryName | undefined {
  if (file.startsWith('.')) return undefined;
  const comma = file.lastIndexOf(',');
  if (comma < 0) return undefined;
  const id = file.slice(comma + 1);
  const dot = id.indexOf('.');
  if (dot <= 0 || dot === id.length - 1) return undefined;
  return { file, id, checksum: id.slice(0, dot), dateMs: parseDatePart(file.slice(0, comma)) };
}

export function parseDatePart(text: string): number | undefined {
  const m = ENTRY_DATE.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, zone] = m as unknown as string[];
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(utc)) return undefined;
  return utc - zoneOffsetMinutes(zone ?? 'Z') * 60_000;
}

function zoneOffsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
}

/** The UTC offset written in an RFC 5322 Date header (§3.3 `zone`), in minutes; 0 if none. */
export function headerZoneMinutes(rawDate: string | undefined): number {
  const m = rawDate === undefined ? null : /([+-])(\d\d)(\d\d)\s*(?:\([^)]*\)\s*)?$/.exec(rawDate);
  if (m === null) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return minutes > 14 * 60 + 59 ? 0 : m[1] === '-' ? -minutes : minutes;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * `YYYY-MM-DDTHH:MM:SS` in the header's own offset, then `Z` or `±HHMM` (as io-m2dir writes it;
 * the draft spec only asks for a human-readable date here).
 */
export function formatDatePart(date: Date | undefined, zoneMinutes: number): string {
  if (date === undefined || Number.isNaN(date.getTime())) return FALLBACK_DATE_PART;
  const local = new Date(date.getTime() + zoneMinutes * 60_000);
  const year = local.getUTCFullYear();
  if (year < 0 || year > 9999) return FALLBACK_DATE_PART;
  const abs = Math.abs(zoneMinutes);
  const zone =
    zoneMinutes === 0
      ? 'Z'
      : `${zoneMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
  return (
    `${pad(year, 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${zone}`
  );
}

/** A nonce is 4 random bytes in URL-safe base64 (8 characters with padding). */
export function nonceOf(random: Uint8Array): string {
  return base64UrlEncode(random.subarray(0, 4));
}

export function entryFileName(datePart: string, checksum: string, nonce: string): string {
  return `${datePart},${checksum}.${nonce}`;
}
