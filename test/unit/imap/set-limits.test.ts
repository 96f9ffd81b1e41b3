/**
 * Sets a server sends (ESEARCH ALL, COPYUID, VANISHED) are a few bytes but may name 2^32
 * numbers: expansion is capped (ERR_LIMIT) before anything is allocated, and the command's
 * tagged completion is still consumed so the connection stays usable.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as c from '../../../src/backends/imap/commands/index.js';
import {
  countRanges,
  expandRanges,
  MAX_EXPANDED_NUMBERS,
} from '../../../src/backends/imap/commands/range-limit.js';
import { rangesToUids, uidsInRanges } from '../../../src/backends/imap/ops/uid-set.js';
import { SelectedMailbox } from '../../../src/backends/imap/selected.js';
import { MailError } from '../../../src/shared/errors.js';
import { atom } from '../../../src/backends/imap/wire/values.js';
import { authed } from './helpers.js';
import { replay, replayAll } from './transcript.js';

function selected(exists: number) {
  const s = authed('IMAP4rev1 ESEARCH');
  s.state = 'selected';
  s.selected = new SelectedMailbox('INBOX', false);
  s.selected.exists = exists;
  return s;
}

describe('ESEARCH ALL expansion cap', () => {
  it('ALL 1:4294967295 fails with ERR_LIMIT and the tagged OK is still consumed', () => {
    const before = process.memoryUsage().heapUsed;
    const r = replayAll(
      `C: A1 UID SEARCH RETURN (ALL) ALL
       S: * ESEARCH (TAG "A1") UID ALL 1:4294967295
       S: A1 OK done`,
      () => c.search(selected(10), [atom('ALL')], { uid: true, return: ['ALL'] }),
    );
    expect(r.error).toBeInstanceOf(MailError);
    expect((r.error as MailError).code).toBe('ERR_LIMIT');
    expect((r.error as MailError).details).toMatchObject({ count: 4294967295, limit: 10 });
    // nothing of the declared size was allocated (4 G numbers would be 32 GiB)
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('the cap follows EXISTS: as many matches as messages is fine, one more is not', () => {
    const ok = replay(
      `C: A1 SEARCH RETURN (ALL) ALL\nS: * ESEARCH (TAG "A1") ALL 1:3,5\nS: A1 OK done`,
      () => c.search(selected(4), [atom('ALL')], { return: ['ALL'] }),
    );
    expect(ok.result?.ids).toEqual([1, 2, 3, 5]);
    const tooMany = replay(
      `C: A1 SEARCH RETURN (ALL) ALL\nS: * ESEARCH (TAG "A1") ALL 1:3,5:6\nS: A1 OK done`,
      () => c.search(selected(4), [atom('ALL')], { return: ['ALL'] }),
    );
    expect((tooMany.error as MailError).code).toBe('ERR_LIMIT');
  });

  it('the session is reusable after a refused expansion (next command matches its own tag)', () => {
    const session = selected(2);
    const r = replay(
      `C: A1 SEARCH RETURN (ALL) ALL
       S: * ESEARCH (TAG "A1") ALL 1:99999
       S: A1 OK done
       C: A2 NOOP
       S: A2 OK noop`,
      function* () {
        try {
          yield* c.search(session, [atom('ALL')], { return: ['ALL'] });
        } catch (error) {
          expect((error as MailError).code).toBe('ERR_LIMIT');
        }
        yield* c.noop(session);
        return 'ok';
      },
    );
    expect(r.error).toBeUndefined();
    expect(r.result).toBe('ok');
  });

  it('a large plain SEARCH reply is collected whole (no spread into push())', () => {
    const ids = Array.from({ length: 140_000 }, (_, i) => i + 1);
    const r = replay(`C: A1 SEARCH ALL\nS: * SEARCH ${ids.join(' ')}\nS: A1 OK done`, () =>
      c.search(selected(140_000), [atom('ALL')]),
    );
    expect(r.error).toBeUndefined();
    expect(r.result?.ids.length).toBe(140_000);
    expect(r.result?.ids[139_999]).toBe(140_000);
  });

  it('a SEARCH reply over the line limit fails the search instead of returning no matches', () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => i + 1);
    const r = replay(`C: A1 SEARCH ALL\nS: * SEARCH ${ids.join(' ')}\nS: A1 OK done`, () =>
      c.search(selected(200_000), [atom('ALL')]),
    );
    expect(r.error).toBeInstanceOf(MailError);
    expect((r.error as MailError).code).toBe('ERR_LIMIT');
  });
});

describe('expandRanges / rangesToUids', () => {
  it('COPYUID-style sets above the requested count fail before allocating', () => {
    expect(() => rangesToUids([{ start: 1, end: 4294967295 }], 3, 'COPYUID source set')).toThrow(
      expect.objectContaining({ code: 'ERR_LIMIT' }) as unknown as Error,
    );
    expect(() => rangesToUids([{ start: 1, end: 4294967295 }])).toThrow(MailError);
  });

  it('descending ranges expand ascending, like the wire grammar allows (RFC 9051 §9)', () => {
    expect(
      expandRanges(
        [
          { start: 5, end: 3 },
          { start: 9, end: 9 },
        ],
        10,
        't',
      ),
    ).toEqual([3, 4, 5, 9]);
  });

  it('expands exactly the counted numbers whenever within the cap (property)', () => {
    const range = fc
      .tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }))
      .map(([start, end]) => ({ start, end }));
    fc.assert(
      fc.property(fc.array(range, { maxLength: 6 }), fc.nat({ max: 40_000 }), (ranges, limit) => {
        const count = countRanges(ranges);
        if (count > limit) {
          expect(() => expandRanges(ranges, limit, 't')).toThrow(MailError);
          return;
        }
        const out = expandRanges(ranges, limit, 't');
        expect(out.length).toBe(count);
        for (const r of ranges) {
          expect(out).toContain(r.start);
          expect(out).toContain(r.end);
        }
      }),
    );
  });

  it('the absolute cap applies even when the caller allows more', () => {
    expect(() =>
      expandRanges([{ start: 1, end: MAX_EXPANDED_NUMBERS + 1 }], Number.MAX_SAFE_INTEGER, 't'),
    ).toThrow(expect.objectContaining({ code: 'ERR_LIMIT' }) as unknown as Error);
  });
});

describe('uidsInRanges (VANISHED tested against known UIDs, never expanded)', () => {
  it('VANISHED 1:4294967295 marks every known UID gone without allocating the range', () => {
    expect(uidsInRanges([3, 7, 4294967295], [{ start: 1, end: 4294967295 }])).toEqual([
      3, 7, 4294967295,
    ]);
  });

  it('agrees with naive membership (property)', () => {
    const range = fc
      .tuple(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }))
      .map(([start, end]) => ({ start, end }));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 320 }), { maxLength: 40 }),
        fc.array(range, { maxLength: 8 }),
        (uids, ranges) => {
          const inside = (u: number): boolean =>
            ranges.some((r) => u >= Math.min(r.start, r.end) && u <= Math.max(r.start, r.end));
          expect(uidsInRanges(uids, ranges)).toEqual(uids.filter(inside));
        },
      ),
    );
  });
});

describe('many ranges in one response never overflow the stack', () => {
  it('UID EXPUNGE answered by a VANISHED of 160 000 ranges', () => {
    const ranges = Array.from({ length: 160_000 }, (_, i) => String((i % 1000) * 2 + 1)).join(',');
    const r = replay(`C: A1 UID EXPUNGE 1:*\nS: * VANISHED ${ranges}\nS: A1 OK done`, () =>
      c.expunge(selected(10), '1:*'),
    );
    expect(r.error).toBeUndefined();
    expect(r.result?.vanished.length).toBe(160_000);
  });
});
