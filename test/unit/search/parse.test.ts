import { describe, expect, it } from 'vitest';
import { isMailError } from '../../../src/shared/errors.js';
import { parseSearchQuery, type SearchQuery } from '../../../src/shared/search/index.js';
import {
  addr,
  and,
  asc,
  body,
  day,
  desc,
  flag,
  from,
  hasAttachment,
  header,
  larger,
  not,
  or,
  query,
  smaller,
  subject,
  text,
} from './builders.js';

const cases: [string, SearchQuery][] = [
  // io-email's own examples
  ['from alice and subject "hello world"', query(and(from('alice'), subject('hello world')))],
  [
    'date 2023-01-01 or after 2023-02-01 order by date desc',
    query(or(day('on', '2023-01-01'), day('after', '2023-02-01')), desc('date')),
  ],
  ['not flag seen', query(not(flag('seen')))],
  [
    '(from a or from b) and not subject spam order by from asc subject desc',
    query(and(or(from('a'), from('b')), not(subject('spam'))), asc('from'), desc('subject')),
  ],
  ['from alice', query(from('alice'))],
  ['subject foo order by date', query(subject('foo'), asc('date'))],
  // io-email bug: quoted values kept their quotes
  ['from "a b"', query(from('a b'))],
  ['subject "x"', query(subject('x'))],
  ['subject ""', query(subject(''))],
  // io-email bug: `order by` inside a quoted value broke the rsplit
  ['subject "sort order by date"', query(subject('sort order by date'))],
  ['subject "a order by b" order by subject desc', query(subject('a order by b'), desc('subject'))],
  ['body "order by" order by size', query(body('order by'), asc('size'))],
  // io-email bug: juxtaposition was an error
  ['from a to b', query(and(from('a'), addr('to', 'b')))],
  ['from a to b cc c', query(and(from('a'), addr('to', 'b'), addr('cc', 'c')))],
  ['from a not flag seen', query(and(from('a'), not(flag('seen'))))],
  ['from a (to b or to c)', query(and(from('a'), or(addr('to', 'b'), addr('to', 'c'))))],
  ['from a to b or cc c', query(or(and(from('a'), addr('to', 'b')), addr('cc', 'c')))],
  // precedence not > and > or, n-ary runs
  ['from a or from b and from c', query(or(from('a'), and(from('b'), from('c'))))],
  ['from a and from b or from c', query(or(and(from('a'), from('b')), from('c')))],
  ['not from a and from b', query(and(not(from('a')), from('b')))],
  ['not (from a and from b)', query(not(and(from('a'), from('b'))))],
  ['not not flag seen', query(not(not(flag('seen'))))],
  ['from a and from b and from c', query(and(from('a'), from('b'), from('c')))],
  ['from a or from b or from c', query(or(from('a'), from('b'), from('c')))],
  ['(from a and from b) and from c', query(and(and(from('a'), from('b')), from('c')))],
  ['((from a))', query(from('a'))],
  ['(from a)(from b)', query(and(from('a'), from('b')))],
  // every condition
  ['before 2024-03-01', query(day('before', '2024-03-01'))],
  ['after 2024-03-01', query(day('after', '2024-03-01'))],
  ['since 2024-03-01', query(day('since', '2024-03-01'))],
  ['to bob', query(addr('to', 'bob'))],
  ['cc bob', query(addr('cc', 'bob'))],
  ['bcc bob', query(addr('bcc', 'bob'))],
  ['body hello', query(body('hello'))],
  ['text hello', query(text('hello'))],
  ['header List-Id dev', query(header('List-Id', 'dev'))],
  ['header X-Spam ""', query(header('X-Spam', ''))],
  ['header subject "re: x"', query(header('subject', 're: x'))],
  ['flag \\Seen', query(flag('seen'))],
  ['flag $Junk', query(flag('junk'))],
  ['flag FLAGGED', query(flag('flagged'))],
  ['flag Work', query(flag('Work'))],
  ['has attachment', query(hasAttachment)],
  ['has-attachment', query(hasAttachment)],
  ['HAS ATTACHMENT', query(hasAttachment)],
  // every date format, normalised
  ['date 2023/01/05', query(day('on', '2023-01-05'))],
  ['date 05-01-2023', query(day('on', '2023-01-05'))],
  ['date 05/01/2023', query(day('on', '2023-01-05'))],
  ['date 5/1/2023', query(day('on', '2023-01-05'))],
  ['date 2024-02-29', query(day('on', '2024-02-29'))],
  ['date 2000-02-29', query(day('on', '2000-02-29'))],
  ['date "2023-12-31"', query(day('on', '2023-12-31'))],
  // sizes
  ['larger 100', query(larger(100))],
  ['larger 10k', query(larger(10240))],
  ['smaller 2K', query(smaller(2048))],
  ['larger 3m', query(larger(3 * 1024 ** 2))],
  ['smaller 1G', query(smaller(1024 ** 3))],
  ['larger 0', query(larger(0))],
  // keyword case-insensitivity
  ['FROM alice AND Subject x', query(and(from('alice'), subject('x')))],
  ['NOT Flag seen OR To b', query(or(not(flag('seen')), addr('to', 'b')))],
  ['ORDER BY DATE DESC', query(undefined, desc('date'))],
  // escapes
  ['subject foo\\ bar', query(subject('foo bar'))],
  ['subject a\\(b\\)', query(subject('a(b)'))],
  ['subject "say \\"hi\\""', query(subject('say "hi"'))],
  ['subject "back\\\\slash"', query(subject('back\\slash'))],
  ['subject \\and', query(subject('and'))],
  ['subject "and"', query(subject('and'))],
  ['from "order"', query(from('order'))],
  ['subject a"b', query(subject('a"b'))],
  ['subject café', query(subject('café'))],
  // sort clause
  ['', query()],
  ['   ', query()],
  ['order by date', query(undefined, asc('date'))],
  ['order by arrival desc, size', query(undefined, desc('arrival'), asc('size'))],
  ['order by date,subject desc', query(undefined, asc('date'), desc('subject'))],
  ['order by date , subject', query(undefined, asc('date'), asc('subject'))],
  ['order by from to', query(undefined, asc('from'), asc('to'))],
  ['flag seen order by date asc,size desc', query(flag('seen'), asc('date'), desc('size'))],
  // whitespace
  ['\tfrom\na  and\r\nto b ', query(and(from('a'), addr('to', 'b')))],
];

describe('parseSearchQuery', () => {
  it.each(cases)('%s', (input, expected) => {
    expect(parseSearchQuery(input)).toStrictEqual(expected);
  });
});

const errors: [string, number, string][] = [
  ['before foo', 8, "expected a date (YYYY-MM-DD) after 'before', found 'foo'"],
  ['from alice and before foo', 23, "expected a date (YYYY-MM-DD) after 'before'"],
  ['date 2023-02-30', 6, 'expected a date'],
  ['date 2023-13-01', 6, 'expected a date'],
  ['date 2023-00-10', 6, 'expected a date'],
  ['date 2023-01-00', 6, 'expected a date'],
  ['date 2023-02-29', 6, 'expected a date'],
  ['date 1900-02-29', 6, 'expected a date'],
  ['date 2023-01/05', 6, 'expected a date'],
  ['date 23-01-05', 6, 'expected a date'],
  ['date', 5, 'found end of query'],
  ['subject and', 9, "expected a value after 'subject', found 'and'"],
  ['from not', 6, "expected a value after 'from'"],
  ['subject order by date', 9, "expected a value after 'subject'"],
  [
    'from alice bob',
    12,
    "expected 'and', 'or', a condition, 'order by' or end of query, found 'bob'",
  ],
  ['from', 5, "expected a value after 'from', found end of query"],
  ['from (', 6, "expected a value after 'from', found '('"],
  ['(from a', 8, "')' to close the '(' at column 1"],
  ['from a)', 7, "found ')'"],
  ['()', 2, "expected a condition, 'not' or '(', found ')'"],
  ['and from a', 1, "expected a condition, 'not' or '(', found 'and'"],
  ['from a and', 11, 'found end of query'],
  ['from a or or from b', 11, 'expected a condition'],
  ['not', 4, 'found end of query'],
  ['alice', 1, "expected a condition, 'not' or '(', found 'alice'"],
  ['"from" alice', 1, 'expected a condition'],
  ['subject "unterminated', 9, `expected a closing '"'`],
  ['subject foo\\', 12, 'a character after the backslash'],
  ['larger ten', 8, 'expected a size'],
  ['larger 10x', 8, 'expected a size'],
  ['larger -1', 8, 'expected a size'],
  ['smaller 99999999999999999999', 9, 'expected a size'],
  ['has attachments', 5, "expected 'attachment' after 'has'"],
  ['has', 4, "expected 'attachment'"],
  ['header "a b" x', 8, 'expected a header name'],
  ['header X-Foo', 13, "expected a value after the header name 'X-Foo'"],
  ['flag ""', 6, 'expected a flag'],
  ['order date', 7, "expected 'by' after 'order'"],
  ['order by', 9, 'expected a sort field'],
  [
    'order by name',
    10,
    "expected a sort field (date, arrival, from, to, subject, size), found 'name'",
  ],
  ['order by date desc asc', 20, "found 'asc'"],
  ['order by date,,size', 15, "found ','"],
  ['order by date,', 15, 'found end of query'],
  ['order by ,date', 10, "found ','"],
  ['order by date from a', 20, "found 'a'"],
  ['order by date subject x', 23, "found 'x'"],
  ['order by "date"', 10, 'expected a sort field'],
  ['order by date (', 15, "found '('"],
];

describe('parse errors name the column and what was expected', () => {
  it.each(errors)('%s → column %i', (input, column, message) => {
    let caught: unknown;
    try {
      parseSearchQuery(input);
    } catch (e) {
      caught = e;
    }
    expect(isMailError(caught, 'ERR_PARSE')).toBe(true);
    const err = caught as { message: string; details: Record<string, unknown> };
    expect(err.message).toContain(`column ${column}: `);
    expect(err.message).toContain(message);
    expect(err.details.column).toBe(column);
    expect(typeof err.details.expected).toBe('string');
    expect(typeof err.details.found).toBe('string');
  });

  it('hints at quoting when a keyword stands where a value belongs', () => {
    try {
      parseSearchQuery('subject and');
      expect.unreachable();
    } catch (e) {
      expect((e as { hint?: string }).hint).toContain('"and"');
    }
  });

  it('hints at quoting when a bare word follows a value', () => {
    expect(() => parseSearchQuery('subject hello world')).toThrow(
      expect.objectContaining({ hint: expect.stringContaining('quoted') }),
    );
  });

  it('refuses nesting deeper than the limit with ERR_PARSE, not a stack overflow', () => {
    expect(() => parseSearchQuery('('.repeat(100_000))).toThrow(/nests deeper/);
    expect(() => parseSearchQuery('not '.repeat(100_000) + 'flag seen')).toThrow(/nests deeper/);
    expect(parseSearchQuery('('.repeat(50) + 'flag seen' + ')'.repeat(50))).toStrictEqual(
      query(flag('seen')),
    );
  });

  it('rejects a non-string with ERR_INVALID_ARGUMENT', () => {
    expect(() => parseSearchQuery(42 as unknown as string)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });
});
