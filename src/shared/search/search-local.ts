/** Filter + sort a list of envelopes locally (Maildir/m2dir search, client-side post-filter). */
import type { SearchQuery } from './ast.js';
import { matchesEnvelopeOnly, matchesFilter, type MatchContext } from './evaluate.js';
import { sortEnvelopes } from './sort.js';
import { toSearchQuery } from './validate.js';
import type { Envelope } from '../types.js';

/**
 * The envelopes that match `query`, in its order. Content is requested from the provider only
 * for envelopes the envelope alone cannot decide, one at a time.
 */
export async function searchLocal<E extends Envelope>(
  envelopes: readonly E[],
  query: string | SearchQuery,
  ctx: MatchContext = {},
): Promise<E[]> {
  const q = toSearchQuery(query);
  const kept: E[] = [];
  for (const e of envelopes) {
    const quick = matchesEnvelopeOnly(q.filter, e, ctx);
    if (quick ?? (await matchesFilter(q.filter, e, ctx))) kept.push(e);
  }
  return sortEnvelopes(kept, q.sort);
}
