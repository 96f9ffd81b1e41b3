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
import { toSearchQuery } from '../../../shared/search/validate.js';
import { DEFAULT_SORT, type SearchQuery, type SortKey } from '../../../shared/search/ast.js';
import type { EnvelopePage, SearchEnvelopesOptions } from '../../../shared/types.js';
import {
  search,
  sort,
  type SortCriterion,
  type SortKey as ImapSortKey,
} from '../commands/index.js';
import type { ImapCoroutine } from '../commands/run.js';
import type { ImapSession } from '../session.js';
import { compileSearch } from './search-compile.js';
import { fetchEnvelopes, pageBounds } from './envelopes.js';
import { selectMailbox } from './selection.js';

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

export function* searchEnvelopes(
  session: ImapSession,
  mailbox: string,
  query: string | SearchQuery,
  options: SearchEnvelopesOptions = {},
): ImapCoroutine<EnvelopePage> {
  const parsed = toSearchQuery(query);
  const { page, pageSize } = pageBounds(options);
  yield* selectMailbox(session, mailbox);
  const start = (page - 1) * pageSize;
  const split = splitOnAttachment(parsed.filter);
  if (split !== undefined) {
    const all = sortEnvelopes(yield* attachmentMatches(session, mailbox, split), parsed.sort);
    return { envelopes: all.slice(start, start + pageSize), page, pageSize, total: all.length };
  }
  const compiled = compileSearch(parsed.filter);
  const charset = compiled.utf8 ? { charset: 'UTF-8' } : {};

  if (session.hasCapability('SORT')) {
    const uids = yield* sort(
      session,
      sortProgram(parsed.sort, session.hasCapability('SORT=DISPLAY')),
      compiled.criteria,
      { uid: true, ...charset },
    );
    const envelopes = yield* fetchEnvelopes(session, mailbox, uids.slice(start, start + pageSize));
    return { envelopes, page, pageSize, total: uids.length };
  }

  const { ids } = yield* search(session, compiled.criteria, { uid: true, ...charset });
  const sorted = sortEnvelopes(yield* fetchEnvelopes(session, mailbox, ids), parsed.sort);
  return { envelopes: sorted.slice(start, start + pageSize), page, pageSize, total: sorted.length };
}

/** UIDs the server matches for an attachment-free filter (`true`: all, `false`: none). */
function* uidsMatching(session: ImapSession, filter: FixedFilter): ImapCoroutine<number[]> {
  if (filter === false) return [];
  const compiled = compileSearch(filter === true ? undefined : filter);
  const charset = compiled.utf8 ? { charset: 'UTF-8' } : {};
  return (yield* search(session, compiled.criteria, { uid: true, ...charset })).ids;
}

/**
 * Every match of a query with `has attachment` somewhere (attachment-split.ts): two exact
 * server searches, then the fetched envelopes' hasAttachment (BODYSTRUCTURE) picks per half.
 */
function* attachmentMatches(
  session: ImapSession,
  mailbox: string,
  split: AttachmentSplit,
): ImapCoroutine<Envelope[]> {
  const withA = new Set(yield* uidsMatching(session, split.withAttachment));
  const withoutA = new Set(yield* uidsMatching(session, split.withoutAttachment));
  const candidates = [...new Set([...withA, ...withoutA])].sort((x, y) => x - y);
  const envelopes = yield* fetchEnvelopes(session, mailbox, candidates);
  return envelopes.filter((e) =>
    matchesSplit(e, withA.has(Number(e.id)), withoutA.has(Number(e.id))),
  );
}
