/**
 * Local, stable, multi-key sort of envelopes (RFC 5256-like keys):
 * - date = the Date: instant, arrival = receivedAt; a missing (or invalid) one counts as the
 *   smallest value, so it sorts first ascending and last descending;
 * - from/to = the first address's display name, else its email, case-folded (RFC 5256 §3 uses
 *   the mailbox; display names are what people see in a list); no address = '';
 * - subject = the RFC 5256 §2.1 base subject, case-folded; size = numeric.
 * Ties on every key keep the input order. An empty key list means DEFAULT_SORT.
 */
import { DEFAULT_SORT, type SortField, type SortKey } from './ast.js';
import { baseSubject } from './base-subject.js';
import type { Address, Envelope } from '../types.js';

type SortValue = number | string;

function instant(d: Date | undefined): number {
  const t = d === undefined ? Number.NaN : d.getTime();
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

function addressKey(list: readonly Address[] | undefined): string {
  const first = list?.[0];
  if (first === undefined) return '';
  const name = first.name?.trim() ?? '';
  return (name !== '' ? name : first.email).toLowerCase();
}

function sortValue(e: Envelope, field: SortField): SortValue {
  switch (field) {
    case 'date':
      return instant(e.date);
    case 'arrival':
      return instant(e.receivedAt);
    case 'from':
      return addressKey(e.from);
    case 'to':
      return addressKey(e.to);
    case 'subject':
      return baseSubject(e.subject ?? '').toLowerCase();
    case 'size':
      return e.size;
  }
}

function compareValues(a: SortValue, b: SortValue): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A new array sorted by `sort` (DEFAULT_SORT when empty); the input is not modified. */
export function sortEnvelopes<E extends Envelope>(
  envelopes: readonly E[],
  sort: readonly SortKey[],
): E[] {
  const keys = sort.length === 0 ? DEFAULT_SORT : sort;
  const rows = envelopes.map((envelope, index) => ({
    envelope,
    index,
    values: keys.map((k) => sortValue(envelope, k.field)),
  }));
  rows.sort((a, b) => {
    for (let i = 0; i < keys.length; i += 1) {
      const c = compareValues(a.values[i] as SortValue, b.values[i] as SortValue);
      if (c !== 0) return (keys[i] as SortKey).order === 'desc' ? -c : c;
    }
    return a.index - b.index;
  });
  return rows.map((r) => r.envelope);
}
