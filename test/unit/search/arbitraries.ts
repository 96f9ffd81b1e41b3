/** fast-check arbitraries for search ASTs and envelopes. */
import fc from 'fast-check';
import { normalizeFlag } from '../../../src/shared/flags.js';
import type { Condition, Filter, SearchQuery, SortKey } from '../../../src/shared/search/index.js';
import type { Address, Envelope } from '../../../src/shared/types.js';

/** Records with an ordinary prototype, like the parser's output. */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true });
}

const tricky = fc.constantFrom(
  ' ',
  '\t',
  '"',
  '\\',
  '(',
  ')',
  ',',
  'a',
  'Z',
  'é',
  '😀',
  '\u00a0',
  ':',
);
const keywordish = fc.constantFrom(
  'and',
  'OR',
  'not',
  'order',
  'order by date',
  'from',
  'has',
  'by',
  'desc',
  '',
);

/** Strings that stress quoting: keywords, specials, whitespace, full Unicode. */
export const valueArb: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: tricky }),
  fc.string({ unit: 'binary' }),
  keywordish,
);

export const dayArb = fc
  .date({
    min: new Date('0001-01-01T00:00:00Z'),
    max: new Date('9999-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));

const flagArb = fc
  .oneof(
    fc.constantFrom('seen', 'flagged', 'junk', 'mdnsent', 'Work', '$Label1', 'a\\b'),
    fc.string({ minLength: 1 }),
  )
  .filter((f) => f !== '' && normalizeFlag(f) === f);

const headerNameArb = fc.string({
  minLength: 1,
  maxLength: 12,
  unit: fc
    .integer({ min: 0x21, max: 0x7e })
    .filter((c) => c !== 0x3a)
    .map((c) => String.fromCharCode(c)),
});

export const conditionArb: fc.Arbitrary<Condition> = fc.oneof(
  rec({
    type: fc.constant('date' as const),
    op: fc.constantFrom('on' as const, 'before' as const, 'after' as const, 'since' as const),
    day: dayArb,
  }),
  rec({
    type: fc.constant('address' as const),
    field: fc.constantFrom('from' as const, 'to' as const, 'cc' as const, 'bcc' as const),
    value: valueArb,
  }),
  rec({
    type: fc.constantFrom('subject' as const, 'body' as const, 'text' as const),
    value: valueArb,
  }),
  rec({ type: fc.constant('header' as const), name: headerNameArb, value: valueArb }),
  rec({ type: fc.constant('flag' as const), flag: flagArb }),
  rec({
    type: fc.constant('size' as const),
    op: fc.constantFrom('larger' as const, 'smaller' as const),
    bytes: fc.oneof(fc.nat(), fc.maxSafeNat()),
  }),
  fc.constant({ type: 'hasAttachment' as const }),
);

export const filterArb: fc.Arbitrary<Filter> = fc.letrec<{ filter: Filter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    conditionArb,
    rec({ type: fc.constant('not' as const), child: tie('filter') }),
    rec({
      type: fc.constantFrom('and' as const, 'or' as const),
      children: fc.array(tie('filter'), { minLength: 2, maxLength: 4 }),
    }),
  ),
})).filter;

export const sortKeyArb: fc.Arbitrary<SortKey> = rec({
  field: fc.constantFrom(
    'date' as const,
    'arrival' as const,
    'from' as const,
    'to' as const,
    'subject' as const,
    'size' as const,
  ),
  order: fc.constantFrom('asc' as const, 'desc' as const),
});

export const queryArb: fc.Arbitrary<SearchQuery> = fc.record(
  { filter: filterArb, sort: fc.array(sortKeyArb, { maxLength: 4 }) },
  { requiredKeys: ['sort'], noNullPrototype: true },
);

const addressArb: fc.Arbitrary<Address> = fc.record(
  {
    name: fc.constantFrom('Alice', 'bob', 'Zoë'),
    email: fc.constantFrom('a@x.org', 'b@y.com', 'and@z'),
  },
  { requiredKeys: ['email'], noNullPrototype: true },
);
const instantArb = fc.date({
  min: new Date('1990-01-01T00:00:00Z'),
  max: new Date('2030-01-01T00:00:00Z'),
});

export const envelopeArb: fc.Arbitrary<Envelope> = fc.record(
  {
    id: fc.string(),
    mailbox: fc.constant('INBOX'),
    flags: fc.subarray(['seen', 'flagged', 'junk', 'Work']),
    subject: fc.oneof(fc.constantFrom('Re: hello', '[x] spam', 'and', ''), fc.string()),
    from: fc.array(addressArb, { maxLength: 2 }),
    to: fc.array(addressArb, { maxLength: 2 }),
    cc: fc.array(addressArb, { maxLength: 1 }),
    bcc: fc.array(addressArb, { maxLength: 1 }),
    date: instantArb,
    receivedAt: instantArb,
    size: fc.nat({ max: 5_000_000 }),
    hasAttachment: fc.boolean(),
  },
  {
    requiredKeys: ['id', 'mailbox', 'flags', 'subject', 'from', 'to', 'cc', 'bcc', 'size'],
    noNullPrototype: true,
  },
);
