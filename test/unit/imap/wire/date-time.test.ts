/**
 * INTERNALDATE date-time (RFC 9051 §9) read by character codes must agree with the plain
 * slice-and-compare reading it replaced, on valid and mutated input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthAt, parseDateTime } from '../../../../src/backends/imap/wire/decoder/fetch.js';

const MONTHS = 'JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC';

/** The straightforward reading, as a model. */
function model(s: string): Date | undefined {
  const t = s.trimStart();
  const dash = t.indexOf('-');
  if (dash < 1 || dash > 2 || t.length !== dash + 24) return undefined;
  const month = MONTHS.indexOf(t.slice(dash + 1, dash + 4).toUpperCase());
  const sign = t[dash + 19];
  if (month < 0 || month % 3 !== 0 || (sign !== '+' && sign !== '-')) return undefined;
  const num = (from: number, len: number): number =>
    /^\d+$/.test(t.slice(from, from + len)) ? Number(t.slice(from, from + len)) : Number.NaN;
  const offset = (num(dash + 20, 2) * 60 + num(dash + 22, 2)) * (sign === '-' ? -1 : 1);
  const ms =
    Date.UTC(
      num(dash + 5, 4),
      month / 3,
      num(0, dash),
      num(dash + 10, 2),
      num(dash + 13, 2),
      num(dash + 16, 2),
    ) -
    offset * 60000;
  const ok =
    t[dash + 4] === '-' && t[dash + 9] === ' ' && t[dash + 12] === ':' && t[dash + 15] === ':';
  if (!ok || t[dash + 18] !== ' ' || Number.isNaN(ms)) return undefined;
  return new Date(ms);
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const dateTime = fc
  .record({
    lead: fc.constantFrom('', ' ', '\t'),
    day: fc.integer({ min: 0, max: 99 }),
    month: fc.constantFrom('Jan', 'FEB', 'mar', 'Dec', 'Xyz', 'anf', 'J@n'),
    year: fc.integer({ min: 0, max: 9999 }),
    h: fc.integer({ min: 0, max: 99 }),
    sign: fc.constantFrom('+', '-', ' '),
    zone: fc.integer({ min: 0, max: 9999 }),
  })
  .map(
    (r) =>
      `${r.lead}${r.day < 10 ? ` ${r.day}` : r.day}-${r.month}-${pad(r.year, 4)} ${pad(r.h, 2)}:07:59 ${r.sign}${pad(r.zone, 4)}`,
  );

describe('INTERNALDATE date-time', () => {
  it('agrees with the model on valid and mutated input', () => {
    fc.assert(
      fc.property(dateTime, fc.nat(30), fc.integer({ min: 0, max: 127 }), (t, at, code) => {
        const mutated = t.slice(0, at) + String.fromCharCode(code) + t.slice(at + 1);
        for (const text of [t, mutated]) {
          expect(parseDateTime(text)?.getTime()).toBe(model(text)?.getTime());
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a known value and each month name in any case', () => {
    expect(parseDateTime(' 7-Feb-2024 23:30:00 -0130')?.toISOString()).toBe(
      '2024-02-08T01:00:00.000Z',
    );
    ['jan', 'FEB', 'Mar', 'apR', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'DEC'].forEach(
      (m, i) => expect(monthAt(`x${m}`, 1)).toBe(i),
    );
    expect(monthAt('anf', 0)).toBe(-1);
  });
});
