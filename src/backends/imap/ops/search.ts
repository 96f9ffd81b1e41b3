/**
 * searchEnvelopes: compile the query (search-compile.ts), order the matches — UID SORT
 * (RFC 5256) when advertised, else fetch the matches' envelopes and sort locally with the shared
 * sortEnvelopes — then page and fetch. `has attachment` anywhere (under OR and NOT too) is
 * split into two exact server searches (shared/search/attachment-split.ts) and decided by the
 * fetched envelopes' BODYSTRUCTURE, so those searches fetch every candidate before paging.
 */
import { sortEnvelopes } from '../../../shared/search/sort.js';
import {
  matchesSplit,
  splitOnAttachment,
  type AttachmentSplit,
  type FixedFilter,
} from '../../../shared/search/attachment-split.js';
import type { Envelope } from '../../../shared/types.js';
import type { ImapConnection } from '../client/connection.js';
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
  const { conn } = await link.select(mailbox);
  const start = (page - 1) * pageSize;
  const split = splitOnAttachment(parsed.filter);
  if (split !== undefined) {
    const all = sortEnvelopes(await attachmentMatches(conn, mailbox, split), parsed.sort);
    return { envelopes: all.slice(start, start + pageSize), page, pageSize, total: all.length };
  }
  const compiled = compileSearch(parsed.filter);
  const charset = compiled.utf8 ? { charset: 'UTF-8' } : {};

  if (conn.hasCapability('SORT')) {
    const uids = await conn.sort(
      sortProgram(parsed.sort, conn.hasCapability('SORT=DISPLAY')),
      compiled.criteria,
      { uid: true, ...charset },
    );
    const envelopes = await fetchEnvelopes(conn, mailbox, uids.slice(start, start + pageSize));
    return { envelopes, page, pageSize, total: uids.length };
  }

  const { ids } = await conn.search(compiled.criteria, { uid: true, ...charset });
  const sorted = sortEnvelopes(await fetchEnvelopes(conn, mailbox, ids), parsed.sort);
  return { envelopes: sorted.slice(start, start + pageSize), page, pageSize, total: sorted.length };
}

/** UIDs the server matches for an attachment-free filter (`true`: all, `false`: none). */
async function uidsMatching(conn: ImapConnection, filter: FixedFilter): Promise<number[]> {
  if (filter === false) return [];
  const compiled = compileSearch(filter === true ? undefined : filter);
  const charset = compiled.utf8 ? { charset: 'UTF-8' } : {};
  return (await conn.search(compiled.criteria, { uid: true, ...charset })).ids;
}

/**
 * Every match of a query with `has attachment` somewhere (attachment-split.ts): two exact
 * server searches, then the fetched envelopes' hasAttachment (BODYSTRUCTURE) picks per half.
 */
async function attachmentMatches(
  conn: ImapConnection,
  mailbox: string,
  split: AttachmentSplit,
): Promise<Envelope[]> {
  const withA = new Set(await uidsMatching(conn, split.withAttachment));
  const withoutA = new Set(await uidsMatching(conn, split.withoutAttachment));
  const candidates = [...new Set([...withA, ...withoutA])].sort((x, y) => x - y);
  const envelopes = await fetchEnvelopes(conn, mailbox, candidates);
  return envelopes.filter((e) =>
    matchesSplit(e, withA.has(Number(e.id)), withoutA.has(Number(e.id))),
  );
}
