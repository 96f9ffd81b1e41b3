/**
 * The DSL's vocabulary. Keywords are case-insensitive. Reserved words cannot be unquoted values
 * (`subject and` is an error, `subject "and"` searches for "and"), which keeps juxtaposition
 * (`from a to b` = `from a and to b`) unambiguous.
 */
import type { AddressField, DateOp, SortField } from './ast.js';

export const DATE_KEYWORDS: Readonly<Record<string, DateOp>> = {
  date: 'on',
  before: 'before',
  after: 'after',
  since: 'since',
};

export const ADDRESS_KEYWORDS: Readonly<Record<string, AddressField>> = {
  from: 'from',
  to: 'to',
  cc: 'cc',
  bcc: 'bcc',
};

export const TEXT_KEYWORDS = ['subject', 'body', 'text'] as const;
export type TextKeyword = (typeof TEXT_KEYWORDS)[number];

export const SIZE_KEYWORDS = ['larger', 'smaller'] as const;

/** Words that begin a condition. */
export const CONDITION_KEYWORDS: ReadonlySet<string> = new Set([
  ...Object.keys(DATE_KEYWORDS),
  ...Object.keys(ADDRESS_KEYWORDS),
  ...TEXT_KEYWORDS,
  ...SIZE_KEYWORDS,
  'header',
  'flag',
  'has',
  'has-attachment',
]);

export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'order',
  ...CONDITION_KEYWORDS,
]);

export const SORT_FIELDS: readonly SortField[] = [
  'date',
  'arrival',
  'from',
  'to',
  'subject',
  'size',
];

/** Date: day keyword for each op, as the formatter prints it. */
export const DATE_OP_KEYWORD: Readonly<Record<DateOp, string>> = {
  on: 'date',
  before: 'before',
  after: 'after',
  since: 'since',
};

export function isReserved(word: string): boolean {
  return RESERVED_WORDS.has(word.toLowerCase());
}
