import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMailError } from '../../../src/shared/errors.js';
import {
  formatFilter,
  formatSearchQuery,
  matchesEnvelopeOnly,
  matchesFilterSync,
  parseSearchQuery,
  sortEnvelopes,
  toSearchQuery,
} from '../../../src/shared/search/index.js';
import type { Envelope } from '../../../src/shared/types.js';
import { envelopeArb, filterArb, queryArb, sortKeyArb, valueArb } from './arbitraries.js';

const dslPiece = fc.oneof(
  fc.constantFrom(
    'from',
    'and',
    'or',
    'not',
    '(',
    ')',
    '"',
    '\\',
    'order',
    'by',
    'date',
    'before',
    'larger',
  ),
  fc.constantFrom(
    '2023-01-01',
    '31/12/2023',
    '10k',
    'desc',
    ',',
    'has',
    'attachment',
    'header',
    'flag',
    'x',
    '""',
  ),
  valueArb,
);
const dslText = fc
  .array(dslPiece, { maxLength: 12 })
  .chain((parts) => fc.constantFrom(' ', '', '\t').map((sep) => parts.join(sep)));

function throwsOnlyParseErrors(text: string): void {
  try {
    parseSearchQuery(text);
  } catch (e) {
    if (!isMailError(e, 'ERR_PARSE')) throw e;
    const column = e.details.column as number;
    expect(column).toBeGreaterThanOrEqual(1);
    expect(column).toBeLessThanOrEqual(text.length + 1);
  }
}

describe('search DSL properties', () => {
  it('format → parse is the identity on ASTs', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        expect(parseSearchQuery(formatSearchQuery(q))).toStrictEqual(q);
      }),
      { numRuns: 1000 },
    );
  });

  it('toSearchQuery accepts every well-formed AST unchanged', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        expect(toSearchQuery(q)).toStrictEqual(q);
      }),
    );
  });

  it('parse → format → parse is stable on any text that parses', () => {
    fc.assert(
      fc.property(dslText, (text) => {
        let q;
        try {
          q = parseSearchQuery(text);
        } catch {
          return;
        }
        expect(parseSearchQuery(formatSearchQuery(q))).toStrictEqual(q);
      }),
      { numRuns: 1000 },
    );
  });

  it('parse throws nothing but ERR_PARSE with an in-range column, on DSL-like and arbitrary text', () => {
    fc.assert(fc.property(dslText, throwsOnlyParseErrors), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), throwsOnlyParseErrors), { numRuns: 1000 });
  });

  it('not f is the exact negation of f, and envelope-only answers agree with full evaluation', () => {
    const content = { headers: () => 'Subject: and\r\nX-A: b', bodyText: () => 'hello and bye' };
    fc.assert(
      fc.property(filterArb, envelopeArb, (filter, e) => {
        const full = matchesFilterSync(filter, e, content);
        expect(matchesFilterSync({ type: 'not', child: filter }, e, content)).toBe(!full);
        const quick = matchesEnvelopeOnly(filter, e);
        if (quick !== undefined) expect(quick).toBe(full);
      }),
      { numRuns: 500 },
    );
  });

  it('sorting is a stable permutation that respects the first key', () => {
    fc.assert(
      fc.property(
        fc.array(envelopeArb, { maxLength: 20 }),
        fc.array(sortKeyArb, { maxLength: 3 }),
        (list, keys) => {
          const tagged: Envelope[] = list.map((e, i) => ({ ...e, id: String(i) }));
          const sorted = sortEnvelopes(tagged, keys);
          expect(sorted.map((e) => e.id).sort()).toEqual(tagged.map((e) => e.id).sort());
          expect(sortEnvelopes(sorted, keys)).toEqual(sorted);
          if (keys.length === 0) return;
          const [first] = keys;
          if (first?.field === 'size') {
            for (let i = 1; i < sorted.length; i += 1) {
              const d = (sorted[i] as Envelope).size - (sorted[i - 1] as Envelope).size;
              expect(first.order === 'asc' ? d >= 0 : d <= 0).toBe(true);
            }
          }
        },
      ),
    );
  });
});

describe('formatting edge cases', () => {
  it('prints a single-child and/or as its child and refuses an empty one', () => {
    expect(formatFilter({ type: 'and', children: [{ type: 'hasAttachment' }] })).toBe(
      'has attachment',
    );
    expect(() => formatFilter({ type: 'or', children: [] })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });

  it('quotes keywords and specials, and leaves plain words bare', () => {
    expect(formatSearchQuery(parseSearchQuery('subject "and" from \\"x to a\\ b'))).toBe(
      'subject "and" and from "\\"x" and to "a b"',
    );
  });
});

describe('toSearchQuery validation', () => {
  it.each([
    [{ sort: 'date' }, 'sort'],
    [{ sort: [{ field: 'name', order: 'asc' }] }, 'sort[0].field'],
    [{ sort: [], filter: { type: 'date', op: 'on', day: '2023-02-30' } }, 'filter.day'],
    [{ sort: [], filter: { type: 'size', op: 'larger', bytes: -1 } }, 'filter.bytes'],
    [
      { sort: [], filter: { type: 'not', child: { type: 'header', name: 'a b', value: '' } } },
      'filter.child.name',
    ],
    [
      { sort: [], filter: { type: 'and', children: [{ type: 'nope' }] } },
      'filter.children[0].type',
    ],
    [{ sort: [], filter: { type: 'flag', flag: ' ' } }, 'filter.flag'],
    [null, 'query'],
  ])('%j is refused at %s', (input, path) => {
    expect(() => toSearchQuery(input as never)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', details: { path } }),
    );
  });

  it('normalises flags and fills a missing sort', () => {
    expect(toSearchQuery({ filter: { type: 'flag', flag: '\\Seen' } } as never)).toStrictEqual({
      filter: { type: 'flag', flag: 'seen' },
      sort: [],
    });
  });
});
