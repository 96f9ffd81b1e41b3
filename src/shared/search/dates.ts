/**
 * Calendar days for the search DSL. A `Day` is always printed `YYYY-MM-DD`; the parser also
 * accepts `YYYY/MM/DD`, `DD-MM-YYYY` and `DD/MM/YYYY` (io-email's formats), with one separator
 * kind per date and a real calendar day (proleptic Gregorian, month 1–12).
 */
import type { Day } from './ast.js';

const YEAR_FIRST = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/;
const DAY_FIRST = /^(\d{1,2})([-/])(\d{1,2})\2(\d{4})$/;
const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function formatDay(year: number, month: number, day: number): Day | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Any accepted spelling → `YYYY-MM-DD`, or undefined when it is not a real calendar day. */
export function parseDay(text: string): Day | undefined {
  const ymd = YEAR_FIRST.exec(text);
  if (ymd) return formatDay(Number(ymd[1]), Number(ymd[3]), Number(ymd[4]));
  const dmy = DAY_FIRST.exec(text);
  if (dmy) return formatDay(Number(dmy[4]), Number(dmy[3]), Number(dmy[1]));
  return undefined;
}

/** True for a canonical, real `YYYY-MM-DD` day (the only form the AST holds). */
export function isDay(text: string): boolean {
  return CANONICAL.test(text) && parseDay(text) === text;
}

/**
 * The calendar day of an instant, seen from a fixed offset east of UTC in minutes (0 = UTC).
 * Undefined for an invalid Date.
 */
export function dayOfInstant(instant: Date, offsetMinutes = 0): Day | undefined {
  const shifted = instant.getTime() + offsetMinutes * 60_000;
  if (!Number.isFinite(shifted)) return undefined;
  const d = new Date(shifted);
  if (Number.isNaN(d.getTime())) return undefined;
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) return undefined;
  return formatDay(year, d.getUTCMonth() + 1, d.getUTCDate());
}
