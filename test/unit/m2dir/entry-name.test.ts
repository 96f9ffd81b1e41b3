import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FALLBACK_DATE_PART,
  entryFileName,
  formatDatePart,
  headerZoneMinutes,
  nonceOf,
  parseDatePart,
  parseEntryName,
} from '../../../src/backends/m2dir/entry-name.js';

describe('entry names <date>,<checksum>.<nonce>', () => {
  it('parses the id as the text after the last comma', () => {
    const name = entryFileName('2026-01-05T09:00:00+0100', 'kAAAAMTt8q9P-xJg', 'B_Nong==');
    const parsed = parseEntryName(name);
    expect(parsed?.id).toBe('kAAAAMTt8q9P-xJg.B_Nong==');
    expect(parsed?.checksum).toBe('kAAAAMTt8q9P-xJg');
    expect(parsed?.dateMs).toBe(Date.UTC(2026, 0, 5, 8, 0, 0));
  });

  it('skips dot-names and names without a comma or nonce', () => {
    expect(parseEntryName('.m2dir')).toBeUndefined();
    expect(parseEntryName('.tmp.deliver.00ff')).toBeUndefined();
    expect(parseEntryName('no-comma.here')).toBeUndefined();
    expect(parseEntryName('2026-01-01T00:00:00Z,onlychecksum')).toBeUndefined();
  });

  it('keeps an entry whose date part is garbage, without a date', () => {
    expect(parseEntryName('yesterday,abc.def')?.dateMs).toBeUndefined();
  });

  it('formats the date in the header offset', () => {
    const d = new Date(Date.UTC(2026, 0, 5, 8, 0, 0));
    expect(formatDatePart(d, 60)).toBe('2026-01-05T09:00:00+0100');
    expect(formatDatePart(d, -330)).toBe('2026-01-05T02:30:00-0530');
    expect(formatDatePart(d, 0)).toBe('2026-01-05T08:00:00Z');
    expect(formatDatePart(undefined, 0)).toBe(FALLBACK_DATE_PART);
    expect(parseDatePart(formatDatePart(d, -330))).toBe(d.getTime());
  });

  it('reads the zone of a Date header', () => {
    expect(headerZoneMinutes('Mon, 05 Jan 2026 09:00:00 +0100')).toBe(60);
    expect(headerZoneMinutes('Mon, 05 Jan 2026 09:00:00 -0800 (PST)')).toBe(-480);
    expect(headerZoneMinutes('Mon, 05 Jan 2026 09:00:00 GMT')).toBe(0);
    expect(headerZoneMinutes(undefined)).toBe(0);
    expect(headerZoneMinutes('Mon, 05 Jan 2026 09:00:00 +9999')).toBe(0);
  });

  it('nonce is 4 bytes of URL-safe base64', () => {
    expect(nonceOf(Uint8Array.of(0xff, 0xfe, 0xfd, 0xfc, 9))).toBe('__79_A==');
  });
});

describe('parsers never throw', () => {
  it('entry names and date parts of any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const parsed = parseEntryName(text);
        if (parsed !== undefined) expect(text.endsWith(parsed.id)).toBe(true);
        const ms = parseDatePart(text);
        expect(ms === undefined || Number.isFinite(ms)).toBe(true);
      }),
    );
  });
});
