import { describe, expect, it } from 'vitest';
import {
  baseSubject,
  sortEnvelopes,
  searchLocal,
  type SortKey,
} from '../../../src/shared/search/index.js';
import type { Envelope } from '../../../src/shared/types.js';
import { alice, bare, envelope, late } from './envelopes.js';

const ids = (list: Envelope[]) => list.map((e) => e.id);

describe('baseSubject (RFC 5256 §2.1)', () => {
  it('handles hostile subjects of 200k repetitions (linear scanner, no regex backtracking)', () => {
    expect(baseSubject('[a]'.repeat(200_000) + 'x')).toBe('x');
    expect(baseSubject('[a]'.repeat(200_000))).toBe('[a]');
    expect(baseSubject('x' + '(fwd)'.repeat(200_000))).toBe('x');
    expect(baseSubject('Re: '.repeat(200_000) + 'x')).toBe('x');
    expect(baseSubject('[Fwd: '.repeat(1000) + 'x' + ']'.repeat(1000))).toBe('x');
  });

  it.each([
    ['Re: hello', 'hello'],
    ['RE: Re: re:hello', 'hello'],
    ['Fwd: hello', 'hello'],
    ['FW: hello', 'hello'],
    ['Re[2]: hello', 'hello'],
    ['Re [2]: hello', 'hello'],
    ['[list] Re: hello', 'hello'],
    ['[list] hello', 'hello'],
    ['[only-a-tag]', '[only-a-tag]'],
    ['hello (fwd)', 'hello'],
    ['hello (fwd) (FWD)  ', 'hello'],
    ['[Fwd: Re: hello]', 'hello'],
    ['  hello\t  world ', 'hello world'],
    ['Reply about Re: x', 'Reply about Re: x'],
    ['[a] re x', 're x'],
    ['[a][b] Fw[c]: x', 'x'],
    ['Re:', ''],
    ['(fwd)', ''],
    ['[fwd: hello] (fwd)', 'hello'],
    ['Re: [fwd: Re: hi]', 'hi'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(baseSubject(input)).toBe(expected);
  });
});

const e1 = envelope({
  id: 'e1',
  subject: 'Re: beta',
  from: [{ name: 'zed', email: 'a@x' }],
  date: new Date('2023-01-02T00:00:00Z'),
  receivedAt: new Date('2023-01-05T00:00:00Z'),
  size: 30,
});
const e2 = envelope({
  id: 'e2',
  subject: 'alpha',
  from: [{ email: 'Bob@x' }],
  date: new Date('2023-01-02T00:00:00Z'),
  receivedAt: new Date('2023-01-03T00:00:00Z'),
  size: 10,
});
const e3 = envelope({
  id: 'e3',
  subject: '[list] Beta',
  from: [{ name: '  ', email: 'carl@x' }],
  date: new Date('2023-01-01T00:00:00Z'),
  size: 20,
});
const e4 = envelope({ id: 'e4', subject: 'Fwd: ALPHA', from: [], size: 10 });

const sortCases: [string, SortKey[], string[]][] = [
  ['default: date desc then arrival desc, missing date last', [], ['e1', 'e2', 'e3', 'e4']],
  [
    'date asc puts the missing date first, ties keep input order',
    [{ field: 'date', order: 'asc' }],
    ['e4', 'e3', 'e1', 'e2'],
  ],
  ['arrival asc: missing first', [{ field: 'arrival', order: 'asc' }], ['e3', 'e4', 'e2', 'e1']],
  ['size asc is stable on ties', [{ field: 'size', order: 'asc' }], ['e2', 'e4', 'e3', 'e1']],
  ['size desc is stable on ties', [{ field: 'size', order: 'desc' }], ['e1', 'e3', 'e2', 'e4']],
  [
    'from: display name else email, case-folded, none first',
    [{ field: 'from', order: 'asc' }],
    ['e4', 'e2', 'e3', 'e1'],
  ],
  ['subject uses the base subject', [{ field: 'subject', order: 'asc' }], ['e2', 'e4', 'e1', 'e3']],
  [
    'multi-key: subject desc then size asc',
    [
      { field: 'subject', order: 'desc' },
      { field: 'size', order: 'asc' },
    ],
    ['e3', 'e1', 'e2', 'e4'],
  ],
  [
    'multi-key: size asc then date desc',
    [
      { field: 'size', order: 'asc' },
      { field: 'date', order: 'desc' },
    ],
    ['e2', 'e4', 'e3', 'e1'],
  ],
];

describe('sortEnvelopes', () => {
  it.each(sortCases)('%s', (_name, keys, expected) => {
    const input = [e1, e2, e3, e4];
    expect(ids(sortEnvelopes(input, keys))).toEqual(expected);
    expect(ids(input)).toEqual(['e1', 'e2', 'e3', 'e4']);
  });

  it('to sorts by the first recipient', () => {
    expect(ids(sortEnvelopes([alice, late, bare], [{ field: 'to', order: 'desc' }]))).toEqual([
      'alice',
      'late',
      'bare',
    ]);
  });
});

describe('searchLocal', () => {
  it('filters and sorts, from text or AST', async () => {
    const list = [alice, late, bare];
    expect(ids(await searchLocal(list, 'not flag seen order by size desc'))).toEqual([
      'bare',
      'late',
    ]);
    expect(ids(await searchLocal(list, ''))).toEqual(['late', 'alice', 'bare']);
    expect(
      ids(
        await searchLocal(list, {
          filter: { type: 'size', op: 'larger', bytes: 0 },
          sort: [{ field: 'subject', order: 'asc' }],
        }),
      ),
    ).toEqual(['alice', 'bare', 'late']);
    const body = (e: Envelope) => (e.id === 'late' ? 'big sale' : '');
    expect(ids(await searchLocal(list, 'body sale or from alice', { bodyText: body }))).toEqual([
      'late',
      'alice',
    ]);
  });
});
