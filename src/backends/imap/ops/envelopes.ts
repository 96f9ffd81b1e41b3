/**
 * listEnvelopes: newest first — UID SORT (REVERSE DATE REVERSE ARRIVAL) when SORT is advertised
 * (RFC 5256), else UID SEARCH ALL in reverse (arrival order) — then one page of UIDs is
 * fetched with UID FETCH. Envelope id = UID as a decimal string. I/O-free: a coroutine over
 * one session (ops/selection.ts, docs/coroutines.md).
 */
import type { Envelope, EnvelopePage, ListEnvelopesOptions } from '../../../shared/types.js';
import { MailError } from '../../../shared/errors.js';
import { fetchEach, search, sort } from '../commands/index.js';
import type { ImapCoroutine } from '../commands/run.js';
import type { ImapSession } from '../session.js';
import { atom } from '../wire/values.js';
import { envelopeItems, toEnvelope } from './envelope.js';
import { selectMailbox } from './selection.js';
import { compactUids } from './uid-set.js';

export function pageBounds(options: ListEnvelopesOptions): { page: number; pageSize: number } {
  const page = options.page ?? 1;
  const pageSize = options.pageSize ?? 50;
  if (!Number.isSafeInteger(page) || page < 1 || !Number.isSafeInteger(pageSize) || pageSize < 1)
    throw new MailError('ERR_INVALID_ARGUMENT', 'page and pageSize must be positive integers', {
      backend: 'imap',
    });
  return { page, pageSize };
}

/** UID FETCH the envelopes of the UID set `set`, in the order the server sends them. */
function* fetchSet(session: ImapSession, mailbox: string, set: string): ImapCoroutine<Envelope[]> {
  const out: Envelope[] = [];
  yield* fetchEach(
    session,
    set,
    envelopeItems(session),
    {
      onMessage: (m) => {
        if (m.uid !== undefined) out.push(toEnvelope(mailbox, m));
      },
    },
    { uid: true },
  );
  return out;
}

/** UID FETCH the envelopes of `uids`, returned in the order of `uids` (missing ones dropped). */
export function* fetchEnvelopes(
  session: ImapSession,
  mailbox: string,
  uids: readonly number[],
): ImapCoroutine<Envelope[]> {
  if (uids.length === 0) return [];
  const byUid = new Map<string, Envelope>();
  for (const e of yield* fetchSet(session, mailbox, compactUids(uids))) byUid.set(e.id, e);
  const out: Envelope[] = [];
  for (const uid of uids) {
    const e = byUid.get(String(uid));
    if (e !== undefined) out.push(e);
  }
  return out;
}

/** Every UID of the selected mailbox, newest first. */
export function* uidsNewestFirst(session: ImapSession): ImapCoroutine<number[]> {
  if (session.hasCapability('SORT'))
    return yield* sort(
      session,
      [
        { key: 'DATE', reverse: true },
        { key: 'ARRIVAL', reverse: true },
      ],
      [atom('ALL')],
      { uid: true },
    );
  const { ids } = yield* search(session, [atom('ALL')], { uid: true });
  return [...ids].sort((a, b) => b - a);
}

/**
 * The whole mailbox (UID FETCH 1:*), the first `limit` envelopes in the order UID SORT
 * (REVERSE DATE REVERSE ARRIVAL) gives (RFC 5256 §3: the Date header, or INTERNALDATE when it
 * is missing or unparsable; then arrival, i.e. UID). The sort keys are taken while the
 * envelopes are built, not read back from them per comparison.
 */
function* fetchAllSorted(
  session: ImapSession,
  mailbox: string,
  limit: number,
): ImapCoroutine<{ envelopes: Envelope[]; total: number }> {
  const envelopes: Envelope[] = [];
  const time: number[] = [];
  const uid: number[] = [];
  yield* fetchEach(
    session,
    '1:*',
    envelopeItems(session),
    {
      onMessage: (m) => {
        if (m.uid === undefined) return;
        const e = toEnvelope(mailbox, m);
        envelopes.push(e);
        time.push((e.date ?? e.receivedAt)?.getTime() ?? 0);
        uid.push(m.uid);
      },
    },
    { uid: true },
  );
  const order: number[] = [];
  for (let i = 0; i < envelopes.length; i++) order.push(i);
  order.sort((a, b) => time[b]! - time[a]! || uid[b]! - uid[a]!);
  const page: Envelope[] = [];
  for (let i = 0; i < order.length && i < limit; i++) page.push(envelopes[order[i]!]!);
  return { envelopes: page, total: envelopes.length };
}

/** One page of `mailbox`, newest first: SELECT (unless selected), then SORT + FETCH. */
export function* listEnvelopes(
  session: ImapSession,
  mailbox: string,
  options: ListEnvelopesOptions = {},
): ImapCoroutine<EnvelopePage> {
  const { page, pageSize } = pageBounds(options);
  yield* selectMailbox(session, mailbox);
  // The first page holds the whole mailbox: fetch 1:* and order it as SORT would, locally —
  // one command instead of two, and no server-side sort of every message.
  const exists = session.selected?.exists;
  if (page === 1 && exists !== undefined && exists <= pageSize && session.hasCapability('SORT')) {
    const all =
      exists === 0
        ? { envelopes: [], total: 0 }
        : yield* fetchAllSorted(session, mailbox, pageSize);
    return { envelopes: all.envelopes, page, pageSize, total: all.total };
  }
  const uids = yield* uidsNewestFirst(session);
  const slice = uids.slice((page - 1) * pageSize, page * pageSize);
  const envelopes = yield* fetchEnvelopes(session, mailbox, slice);
  return { envelopes, page, pageSize, total: uids.length };
}
