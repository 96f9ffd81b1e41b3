/**
 * The search AST: the contract between the DSL parser, the local evaluator and the IMAP/JMAP
 * compilers. Dates are calendar days (`YYYY-MM-DD`); a day condition compares the day of the
 * `Date:` header. Servers evaluate it in the header's own offset (IMAP SENTON/SENTBEFORE/
 * SENTSINCE, RFC 9051 §6.4.4); the local evaluator has only the instant and uses its UTC day
 * (or a given offset), so the two can differ for messages sent near midnight. `arrival` sorts
 * by receivedAt.
 */
import type { Flag } from '../flags.js';

/** A calendar day, e.g. '2026-01-31'. */
export type Day = string;

export type DateOp =
  /** the Date: day equals D */
  | 'on'
  /** the Date: day is before D (strict) */
  | 'before'
  /** the Date: day is after D (strict) — io-email's `after` */
  | 'after'
  /** the Date: day is D or later */
  | 'since';

export type AddressField = 'from' | 'to' | 'cc' | 'bcc';

export type Condition =
  | { type: 'date'; op: DateOp; day: Day }
  /** case-insensitive substring of any address's display name or email */
  | { type: 'address'; field: AddressField; value: string }
  /** case-insensitive substring of the decoded subject */
  | { type: 'subject'; value: string }
  /** case-insensitive substring of the decoded text body */
  | { type: 'body'; value: string }
  /** case-insensitive substring of headers or body */
  | { type: 'text'; value: string }
  /** case-insensitive substring of a header's value; empty value = the header is present */
  | { type: 'header'; name: string; value: string }
  | { type: 'flag'; flag: Flag }
  /** RFC 822 size strictly larger / smaller than `bytes` */
  | { type: 'size'; op: 'larger' | 'smaller'; bytes: number }
  | { type: 'hasAttachment' };

export type Filter =
  | Condition
  | { type: 'and'; children: Filter[] }
  | { type: 'or'; children: Filter[] }
  | { type: 'not'; child: Filter };

export type SortField = 'date' | 'arrival' | 'from' | 'to' | 'subject' | 'size';

export interface SortKey {
  field: SortField;
  order: 'asc' | 'desc';
}

export interface SearchQuery {
  /** Absent: every message matches. */
  filter?: Filter;
  /** Empty: newest first (date desc, then arrival desc). */
  sort: SortKey[];
}

export const DEFAULT_SORT: readonly SortKey[] = [
  { field: 'date', order: 'desc' },
  { field: 'arrival', order: 'desc' },
];
