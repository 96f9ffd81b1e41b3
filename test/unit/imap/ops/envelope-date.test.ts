/**
 * The ENVELOPE date fast path must agree with the full RFC 5322 parser on every input, and
 * must actually be taken for the canonical form (the full parser is not called).
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import * as dates from '../../../../src/shared/mime/date.js';

vi.mock('../../../../src/shared/mime/date.js', async (importOriginal) => {
  const actual = await importOriginal<typeof dates>();
  return { ...actual, parseMailDate: vi.fn(actual.parseMailDate) };
});

const { parseEnvelopeDate } = await import('../../../../src/backends/imap/ops/envelope-date.js');
const { parseMailDate } = await vi.importActual<typeof dates>(
  '../../../../src/shared/mime/date.js',
);

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const canonical = fc
  .record({
    weekday: fc.constantFrom('', 'Mon, ', 'sat, ', 'XYZ, '),
    day: fc.integer({ min: 0, max: 39 }),
    twoDigitDay: fc.boolean(),
    month: fc.constantFrom('Jan', 'feb', 'MAR', 'Apr', 'Sep', 'Dec', 'Foo', 'Ja1'),
    year: fc.integer({ min: 1000, max: 9999 }),
    h: fc.integer({ min: 0, max: 29 }),
    m: fc.integer({ min: 0, max: 69 }),
    s: fc.integer({ min: 0, max: 69 }),
    sign: fc.constantFrom('+', '-', '*'),
    zone: fc.integer({ min: 0, max: 9999 }),
  })
  .map(
    (r) =>
      `${r.weekday}${r.twoDigitDay ? pad(r.day, 2) : String(r.day)} ${r.month} ${r.year} ` +
      `${pad(r.h, 2)}:${pad(r.m, 2)}:${pad(r.s, 2)} ${r.sign}${pad(r.zone, 4)}`,
  );

describe('parseEnvelopeDate', () => {
  it('equals parseMailDate on canonical and near-canonical dates', () => {
    fc.assert(
      fc.property(
        canonical,
        fc.nat(40),
        fc.constantFrom('', ' ', 'x', ' (UTC)'),
        (t, cut, tail) => {
          for (const text of [t, t + tail, t.slice(0, cut), t.slice(cut)]) {
            expect(parseEnvelopeDate(text)?.getTime()).toBe(parseMailDate(text)?.getTime());
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('knows month lengths and Gregorian leap years (century rule) like the full parser', () => {
    for (const year of [1900, 1996, 2000, 2023, 2024, 2100, 2400])
      for (const [day, month] of [
        [28, 'Feb'],
        [29, 'Feb'],
        [30, 'Feb'],
        [30, 'Apr'],
        [31, 'Apr'],
        [31, 'Dec'],
      ] as const) {
        const text = `${day} ${month} ${year} 12:00:00 +0000`;
        expect(parseEnvelopeDate(text)?.getTime()).toBe(parseMailDate(text)?.getTime());
      }
    expect(parseEnvelopeDate('29 Feb 2000 12:00:00 +0000')?.toISOString()).toBe(
      '2000-02-29T12:00:00.000Z',
    );
    expect(parseEnvelopeDate('29 Feb 1900 12:00:00 +0000')).toBeUndefined();
    expect(parseEnvelopeDate('31 Apr 2024 12:00:00 +0000')).toBeUndefined();
  });

  it('reads the canonical form itself', () => {
    const full = vi.mocked(dates.parseMailDate);
    full.mockClear();
    expect(parseEnvelopeDate('Sat, 23 Nov 2024 06:03:02 +0130')?.toISOString()).toBe(
      '2024-11-23T04:33:02.000Z',
    );
    expect(parseEnvelopeDate('1 Feb 2024 23:59:60 -0000')?.toISOString()).toBe(
      '2024-02-01T23:59:59.000Z',
    );
    expect(parseEnvelopeDate('31 Feb 2024 10:00:00 +0000')).toBeUndefined();
    expect(full).not.toHaveBeenCalled();
    expect(parseEnvelopeDate('Sat, 23 Nov 2024 06:03 GMT')?.toISOString()).toBe(
      '2024-11-23T06:03:00.000Z',
    );
    expect(full).toHaveBeenCalledTimes(1);
  });
});
