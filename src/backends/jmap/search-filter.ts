/**
 * The search AST (src/shared/search/ast.ts) → RFC 8621 §4.4.1 FilterOperator/FilterCondition
 * and §4.4.2 sort. The boolean structure is kept exactly (JMAP NOT is "none of", so `not x` is
 * NOT[x]); nothing is post-filtered on the client.
 *
 * Dates: JMAP filters only on receivedAt (`before`: strictly earlier, `after`: same or later),
 * so day conditions compare the arrival instant against UTC day bounds — an approximation of
 * the AST's Date:-header day that matches whenever mail arrives on the day it was written
 * (UTC). Sizes: minSize is inclusive, maxSize exclusive.
 *
 * Subject and address conditions compile to the §4.4.1 `header` condition, not to the `subject` /
 * `from` / … ones. RFC 8621 lets servers answer those from a word index: Cyrus 3.6 matches whole
 * words only (`subject port` misses "Quarterly report") and misses a message until its squatter
 * has indexed it (measured: a search right after Email/import missed 15 of 15 times; ~1-3 s lag).
 * Its `header` condition is a case-insensitive substring match on the RFC 2047-decoded field,
 * evaluated at once — the shared DSL's semantics (docs/search.md). `body` and `text` have no such
 * equivalent and keep the server's own matching.
 */
import { flagToJmap } from '../../shared/flags.js';
import type { Condition, Filter, SortKey } from '../../shared/search/ast.js';

export type JmapFilter = Record<string, unknown>;

function dayStart(day: string, plusDays = 0): string {
  const t = Date.parse(`${day}T00:00:00Z`) + plusDays * 86_400_000;
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

const HEADER_NAME = { from: 'From', to: 'To', cc: 'Cc', bcc: 'Bcc' } as const;

function condition(c: Condition): JmapFilter {
  switch (c.type) {
    case 'date':
      if (c.op === 'on') return { after: dayStart(c.day), before: dayStart(c.day, 1) };
      if (c.op === 'before') return { before: dayStart(c.day) };
      if (c.op === 'after') return { after: dayStart(c.day, 1) };
      return { after: dayStart(c.day) };
    case 'address':
      return { header: [HEADER_NAME[c.field], c.value] };
    case 'subject':
      return { header: ['Subject', c.value] };
    case 'body':
      return { body: c.value };
    case 'text':
      return { text: c.value };
    case 'header':
      return { header: c.value === '' ? [c.name] : [c.name, c.value] };
    case 'flag':
      return { hasKeyword: flagToJmap(c.flag) };
    case 'size':
      return c.op === 'larger' ? { minSize: c.bytes + 1 } : { maxSize: c.bytes };
    case 'hasAttachment':
      return { hasAttachment: true };
  }
}

export function compileFilter(filter: Filter): JmapFilter {
  switch (filter.type) {
    case 'and':
      return { operator: 'AND', conditions: filter.children.map(compileFilter) };
    case 'or':
      return { operator: 'OR', conditions: filter.children.map(compileFilter) };
    case 'not':
      return { operator: 'NOT', conditions: [compileFilter(filter.child)] };
    default:
      return condition(filter);
  }
}

/** Restrict a (compiled) filter to one mailbox. */
export function inMailbox(mailboxId: string, filter: Filter | undefined): JmapFilter {
  if (filter === undefined) return { inMailbox: mailboxId };
  return { operator: 'AND', conditions: [{ inMailbox: mailboxId }, compileFilter(filter)] };
}

const SORT_PROPERTY: Record<SortKey['field'], string> = {
  date: 'sentAt',
  arrival: 'receivedAt',
  from: 'from',
  to: 'to',
  subject: 'subject',
  size: 'size',
};

/** Empty → newest first: Date header desc, then arrival desc (the shared default). */
export function compileSort(sort: readonly SortKey[]): Record<string, unknown>[] {
  const keys: readonly SortKey[] =
    sort.length > 0
      ? sort
      : [
          { field: 'date', order: 'desc' },
          { field: 'arrival', order: 'desc' },
        ];
  return keys.map((k) => ({ property: SORT_PROPERTY[k.field], isAscending: k.order === 'asc' }));
}
