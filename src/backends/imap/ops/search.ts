/**
 * searchEnvelopes: compile the query (search-compile.ts), order the matches — UID SORT
 * (RFC 5256) when advertised, else fetch the matches' envelopes and sort locally with the shared
 * sortEnvelopes — then page and fetch. `has attachment` (top-level AND only) filters the
 * fetched envelopes by BODYSTRUCTURE, so those searches fetch every match before paging.
 */
import { sortEnvelopes } from '../../../shared/search/sort.js';
import { toSearchQuery } from '../../../shared/search/validate.js';
import { DEFAULT_SORT, type SearchQuery, type SortKey } from '../../../shared/search/ast.js';
import type { EnvelopePage, SearchEnvelopesOptions } from '../../../shared/types.js';
import type { SortCriterion, SortKey as ImapSortKey } from '../commands/index.js';
import { compileSearch } from './search-compile.js';
import { fetchEnvelopes, pageBounds } from './envelopes.js';
import type { ImapLink } from './link.js';

const SORT_KEYS: Readonly<Record<SortKey['field'], ImapSortKey>> = {
  date: 'DATE',
  arrival: 'ARRIVAL',
  from: 'FROM',
  to: 'TO',
  subject: 'SUBJECT',
  size: 'SIZE',
};

/**
 * The shared sort compares display names first (like RFC 5957 DISPLAYFROM/DISPLAYTO); plain
 * RFC 5256 FROM/TO compare the local part, so the display keys are used when advertised.
 */
export function sortProgram(sort: readonly SortKey[], display = false): SortCriterion[] {
  const keys = sort.length === 0 ? DEFAULT_SORT : sort;
  return keys.map((k) => {
    let key = SORT_KEYS[k.field];
    if (display && (key === 'FROM' || key === 'TO'))
      key = key === 'FROM' ? 'DISPLAYFROM' : 'DISPLAYTO';
    return { key, reverse: k.order === 'desc' };
  });
}

export async function searchEnvelopes(
  link: ImapLink,
  mailbox: string,
  query: string | SearchQuery,
  options: SearchEnvelopesOptions = {},
): Promise<EnvelopePage> {
  const parsed = toSearchQuery(query);
  const { page, pageSize } = pageBounds(options);
  const compiled = compileSearch(parsed.filter);
  const { conn } = await link.select(mailbox);
  const charset = compiled.utf8 ? { charset: 'UTF-8' } : {};
  const start = (page - 1) * pageSize;

  if (conn.hasCapability('SORT')) {
    const uids = await conn.sort(
      sortProgram(parsed.sort, conn.hasCapability('SORT=DISPLAY')),
      compiled.criteria,
      { uid: true },
    );
    if (!compiled.requireAttachment) {
      const envelopes = await fetchEnvelopes(conn, mailbox, uids.slice(start, start + pageSize));
      return { envelopes, page, pageSize, total: uids.length };
    }
    const all = (await fetchEnvelopes(conn, mailbox, uids)).filter((e) => e.hasAttachment === true);
    return { envelopes: all.slice(start, start + pageSize), page, pageSize, total: all.length };
  }

  const { ids } = await conn.search(compiled.criteria, { uid: true, ...charset });
  let all = await fetchEnvelopes(conn, mailbox, ids);
  if (compiled.requireAttachment) all = all.filter((e) => e.hasAttachment === true);
  const sorted = sortEnvelopes(all, parsed.sort);
  return { envelopes: sorted.slice(start, start + pageSize), page, pageSize, total: sorted.length };
}
