/**
 * AST → DSL text that parses back to the same AST. Values are printed bare when the lexer would
 * read them back unchanged as a non-keyword word, quoted otherwise. An `and`/`or` with a single
 * child prints as that child (it parses back without the wrapper); one with no children cannot be
 * written in the DSL and is refused.
 */
import type { Condition, Filter, SearchQuery, SortKey } from './ast.js';
import { DATE_OP_KEYWORD, isReserved } from './keywords.js';
import { isWordBreak } from './lexer.js';
import { MailError } from '../errors.js';

function needsQuotes(value: string): boolean {
  if (value === '' || value.startsWith('"') || isReserved(value)) return true;
  for (const ch of value) if (ch === '\\' || isWordBreak(ch)) return true;
  return false;
}

/** A value as the DSL writes it. */
export function formatValue(value: string): string {
  if (!needsQuotes(value)) return value;
  return `"${value.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}

function formatCondition(c: Condition): string {
  switch (c.type) {
    case 'date':
      return `${DATE_OP_KEYWORD[c.op]} ${c.day}`;
    case 'address':
      return `${c.field} ${formatValue(c.value)}`;
    case 'subject':
    case 'body':
    case 'text':
      return `${c.type} ${formatValue(c.value)}`;
    case 'header':
      return `header ${formatValue(c.name)} ${formatValue(c.value)}`;
    case 'flag':
      return `flag ${formatValue(c.flag)}`;
    case 'size':
      return `${c.op} ${c.bytes}`;
    case 'hasAttachment':
      return 'has attachment';
  }
}

/** Unwraps single-child and/or nodes, which the DSL cannot distinguish from their child. */
function unwrap(filter: Filter): Filter {
  let f = filter;
  while ((f.type === 'and' || f.type === 'or') && f.children.length === 1) {
    f = f.children[0] as Filter;
  }
  return f;
}

function grouped(filter: Filter, parenthesize: (f: Filter) => boolean): string {
  const f = unwrap(filter);
  const text = formatFilter(f);
  return parenthesize(f) ? `(${text})` : text;
}

export function formatFilter(filter: Filter): string {
  const f = unwrap(filter);
  switch (f.type) {
    case 'and':
    case 'or': {
      if (f.children.length === 0) {
        throw new MailError(
          'ERR_INVALID_ARGUMENT',
          `an empty '${f.type}' cannot be written as text`,
        );
      }
      // Inside `and`, both `and` and `or` children need parentheses; inside `or`, only `or`.
      const nested = (c: Filter): boolean => c.type === 'or' || c.type === f.type;
      return f.children.map((c) => grouped(c, nested)).join(` ${f.type} `);
    }
    case 'not':
      return `not ${grouped(f.child, (c) => c.type === 'and' || c.type === 'or')}`;
    default:
      return formatCondition(f);
  }
}

export function formatSortKeys(sort: readonly SortKey[]): string {
  return sort.map((k) => `${k.field} ${k.order}`).join(', ');
}

/** The DSL text of a query; `''` for "everything, newest first". */
export function formatSearchQuery(query: SearchQuery): string {
  const parts: string[] = [];
  if (query.filter !== undefined) parts.push(formatFilter(query.filter));
  if (query.sort.length > 0) parts.push(`order by ${formatSortKeys(query.sort)}`);
  return parts.join(' ');
}
