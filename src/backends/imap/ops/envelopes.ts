/**
 * listEnvelopes: newest first — UID SORT (REVERSE DATE REVERSE ARRIVAL) when SORT is advertised
 * (RFC 5256), else UID SEARCH ALL in reverse (arrival order) — then one page of UIDs is
 * fetched with UID FETCH. Envelope id = UID as a decimal string.
 */
import type { Envelope, EnvelopePage, ListEnvelopesOptions } from '../../../shared/types.js';
import { MailError } from '../../../shared/errors.js';
import type { ImapConnection } from '../client/connection.js';
import { atom } from '../wire/values.js';
import { envelopeItems, toEnvelope } from './envelope.js';
import type { ImapLink } from './link.js';
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
async function fetchSet(conn: ImapConnection, mailbox: string, set: string): Promise<Envelope[]> {
  const out: Envelope[] = [];
  const items = envelopeItems(conn);
  await conn.fetchEach(
    set,
    items,
    (m) => {
      if (m.uid !== undefined) out.push(toEnvelope(mailbox, m));
    },
    { uid: true },
  );
  return out;
}

/** UID FETCH the envelopes of `uids`, returned in the order of `uids` (missing ones dropped). */
export async function fetchEnvelopes(
  conn: ImapConnection,
  mailbox: string,
  uids: readonly number[],
): Promise<Envelope[]> {
  if (uids.length === 0) return [];
  const byUid = new Map<string, Envelope>();
  for (const e of await fetchSet(conn, mailbox, compactUids(uids))) byUid.set(e.id, e);
  const out: Envelope[] = [];
  for (const uid of uids) {
    const e = byUid.get(String(uid));
    if (e !== undefined) out.push(e);
  }
  return out;
}

/** Every UID of the selected mailbox, newest first. */
export async function uidsNewestFirst(conn: ImapConnection): Promise<number[]> {
  if (conn.hasCapability('SORT'))
    return conn.sort(
      [
        { key: 'DATE', reverse: true },
        { key: 'ARRIVAL', reverse: true },
      ],
      [atom('ALL')],
      { uid: true },
    );
  const { ids } = await conn.search([atom('ALL')], { uid: true });
  return [...ids].sort((a, b) => b - a);
}

/**
 * The whole mailbox (UID FETCH 1:*), the first `limit` envelopes in the order UID SORT
 * (REVERSE DATE REVERSE ARRIVAL) gives (RFC 5256 §3: the Date header, or INTERNALDATE when it
 * is missing or unparsable; then arrival, i.e. UID). The sort keys are taken while the
 * envelopes are built, not read back from them per comparison.
 */
async function fetchAllSorted(
  conn: ImapConnection,
  mailbox: string,
  limit: number,
): Promise<{ envelopes: Envelope[]; total: number }> {
  const envelopes: Envelope[] = [];
  const time: number[] = [];
  const uid: number[] = [];
  const items = envelopeItems(conn);
  await conn.fetchEach(
    '1:*',
    items,
    (m) => {
      if (m.uid === undefined) return;
      const e = toEnvelope(mailbox, m);
      envelopes.push(e);
      time.push((e.date ?? e.receivedAt)?.getTime() ?? 0);
      uid.push(m.uid);
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

export async function listEnvelopes(
  link: ImapLink,
  mailbox: string,
  options: ListEnvelopesOptions = {},
): Promise<EnvelopePage> {
  const { page, pageSize } = pageBounds(options);
  const { conn } = await link.select(mailbox);
  // The first page holds the whole mailbox: fetch 1:* and order it as SORT would, locally —
  // one command instead of two, and no server-side sort of every message.
  const exists = conn.selected?.exists;
  if (page === 1 && exists !== undefined && exists <= pageSize && conn.hasCapability('SORT')) {
    const all =
      exists === 0 ? { envelopes: [], total: 0 } : await fetchAllSorted(conn, mailbox, pageSize);
    return { envelopes: all.envelopes, page, pageSize, total: all.total };
  }
  const uids = await uidsNewestFirst(conn);
  const slice = uids.slice((page - 1) * pageSize, page * pageSize);
  const envelopes = await fetchEnvelopes(conn, mailbox, slice);
  return { envelopes, page, pageSize, total: uids.length };
}
