/**
 * diffEnvelopes (RFC 7162): from a state (diff-state.ts) to now, three strategies —
 * - qresync: the SELECT itself carries the state (§3.2.5: UIDVALIDITY, mod-sequence, known
 *   UIDs) and its answer holds the changed flags and VANISHED (EARLIER) expunges, so a diff
 *   is one round trip plus the envelopes of new messages; where the SELECT was made without
 *   it (watchMailbox), UID FETCH 1:* (FLAGS) (CHANGEDSINCE m VANISHED) asks the same (§3.2.6);
 * - condstore: UID FETCH … (CHANGEDSINCE m) for flags + UID SEARCH ALL against the known set;
 * - plain: UID FETCH 1:* (FLAGS) compared with the state's per-message flag hashes.
 * A different UIDVALIDITY (or no state) is `reset: true` with the full listing. Buckets never
 * overlap. New messages are those with uid ≥ the old UIDNEXT: `n:*` always returns the highest
 * UID even when it is below n (RFC 9051 §6.4.8), so results are filtered, never trusted.
 */
import { MailError } from '../../../shared/errors.js';
import type { Envelope, EnvelopeDiff, FlagChange } from '../../../shared/types.js';
import {
  fetchEach,
  search,
  type FetchedMessage,
  type SelectOptions,
  type SelectResult,
} from '../commands/index.js';
import type { ImapCoroutine } from '../commands/run.js';
import type { ImapSession } from '../session.js';
import { atom } from '../wire/values.js';
import { decodeDiffState, encodeDiffState, flagHash, type DiffState } from './diff-state.js';
import { imapFlags } from './envelope.js';
import { fetchEnvelopes } from './envelopes.js';
import { selectMailbox } from './selection.js';
import { uidsInRanges } from './uid-set.js';
import type { NumberRange } from '../wire/types.js';

export type DiffStrategy = 'auto' | 'qresync' | 'condstore' | 'plain';

type Chosen = 'qresync' | 'condstore' | 'plain';

function choose(
  session: ImapSession,
  info: SelectResult,
  forced: DiffStrategy,
  old: DiffState,
): Chosen {
  const modseqOk = !info.noModseq && info.highestModseq !== undefined && old.modseq !== undefined;
  const qresync = modseqOk && session.enabled.has('QRESYNC');
  const condstore = modseqOk && session.hasCapability('CONDSTORE');
  if (forced === 'qresync' || (forced === 'auto' && qresync)) {
    if (!qresync)
      throw new MailError('ERR_UNSUPPORTED', 'QRESYNC is not available on this server/mailbox', {
        backend: 'imap',
      });
    return 'qresync';
  }
  if (forced === 'condstore' || (forced === 'auto' && condstore)) {
    if (!condstore)
      throw new MailError('ERR_UNSUPPORTED', 'CONDSTORE is not available on this server/mailbox', {
        backend: 'imap',
      });
    return 'condstore';
  }
  return 'plain';
}

function* allUids(session: ImapSession): ImapCoroutine<number[]> {
  const { ids } = yield* search(session, [atom('ALL')], { uid: true });
  return [...ids].sort((a, b) => a - b);
}

/** Flags of every message, by UID (plain strategy). */
function* allFlags(session: ImapSession): ImapCoroutine<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if ((session.selected?.exists ?? 0) === 0) return out;
  const onMessage = (m: FetchedMessage): void => {
    if (m.uid !== undefined) out.set(m.uid, imapFlags(m.flags));
  };
  yield* fetchEach(session, '1:*', { uid: true, flags: true }, { onMessage }, { uid: true });
  return out;
}

/**
 * `seenModseq`: the highest MODSEQ our own CHANGEDSINCE fetch returned. A change made between
 * the SELECT and that fetch is already in this diff; as mod-sequences only grow (RFC 7162
 * §3.1.2), recording it keeps the next diff from reporting the same change again.
 */
function nextState(info: SelectResult, uids: number[], hashes?: string[], seenModseq = 0n): string {
  const state: DiffState = { uidValidity: info.uidValidity ?? 0, uidNext: info.uidNext ?? 0, uids };
  if (!info.noModseq && info.highestModseq !== undefined)
    state.modseq = seenModseq > info.highestModseq ? seenModseq : info.highestModseq;
  if (hashes !== undefined) state.flagHashes = hashes;
  return encodeDiffState(state);
}

function* fullListing(
  session: ImapSession,
  info: SelectResult,
  mailbox: string,
  withHashes: boolean,
): ImapCoroutine<EnvelopeDiff> {
  const uids = yield* allUids(session);
  const added = yield* fetchEnvelopes(session, mailbox, uids);
  const hashes = withHashes ? added.map((e) => flagHash(e.flags)) : undefined;
  const known = added.map((e) => Number(e.id));
  return {
    added,
    removed: [],
    flagsChanged: [],
    reset: true,
    state: nextState(info, known, hashes),
  };
}

/**
 * The UID set of the CHANGEDSINCE fetch. Not `1:*`: `*` is the highest UID *in use*
 * (RFC 9051 §6.4.8), so when the highest messages were expunged `1:*` no longer covers them and
 * a server that limits VANISHED (EARLIER) to the set (Cyrus 3.6, as RFC 7162 §3.2.6 allows)
 * reports none of them. `1:(UIDNEXT-1)` covers every UID ever known.
 */
function changedSet(info: SelectResult, old: DiffState): string {
  const top = Math.max((info.uidNext ?? 0) - 1, old.uidNext - 1, ...old.uids.slice(-1));
  return top >= 1 ? `1:${top}` : '1:*';
}

/** RFC 9051 §9 `nz-number`: the largest UID there can be. */
const MAX_UID = 4294967295;

/**
 * The SELECT's QRESYNC parameters for a diff from `state` (RFC 7162 §3.2.5), or undefined when
 * the qresync strategy cannot apply (QRESYNC not enabled, another strategy forced, a state
 * without a mod-sequence).
 */
function qresyncParameters(
  session: ImapSession,
  state: string | undefined,
  forced: DiffStrategy,
): SelectOptions['qresync'] {
  if (state === undefined || forced === 'condstore' || forced === 'plain') return undefined;
  if (!session.enabled.has('QRESYNC')) return undefined;
  const old = decodeDiffState(state);
  if (old.modseq === undefined || old.modseq < 1n || old.uidValidity < 1) return undefined;
  // Every possible UID, not 1:(UIDNEXT-1): §3.2.5.2 limits the FETCH answers to the known
  // UIDs (Dovecot and Cyrus do), and the new messages must be in them; `*` would be the
  // highest UID in use, which misses expunged top messages on Cyrus (see changedSet).
  return { uidValidity: old.uidValidity, modseq: old.modseq, knownUids: `1:${MAX_UID}` };
}

/**
 * Whether a SELECT with QRESYNC answered in full (RFC 7162 §3.2.5.2: a FETCH with UID, FLAGS
 * and MODSEQ per message changed since the mod-sequence, VANISHED (EARLIER) for the expunged);
 * when a FETCH lacks its UID or FLAGS the diff asks again with a fetch.
 */
const answeredInFull = (info: SelectResult): boolean =>
  info.changed.every(({ attributes: a }) => a.uid !== undefined && a.flags !== undefined);

/**
 * Diff on an already (freshly) selected mailbox: shared by diffEnvelopes and watchMailbox.
 * `selectedWithQresync`: the SELECT carried this state's QRESYNC parameters.
 */
export function* diffSelected(
  session: ImapSession,
  info: SelectResult,
  mailbox: string,
  state: string | undefined,
  forced: DiffStrategy = 'auto',
  selectedWithQresync = false,
): ImapCoroutine<EnvelopeDiff> {
  const plainOnly = forced === 'plain' || !session.hasCapability('CONDSTORE') || info.noModseq;
  if (state === undefined) return yield* fullListing(session, info, mailbox, plainOnly);
  const old = decodeDiffState(state);
  if (old.uidValidity !== info.uidValidity)
    return yield* fullListing(session, info, mailbox, plainOnly);
  const strategy = choose(session, info, forced, old);
  if (strategy === 'plain' && old.flagHashes === undefined)
    return yield* fullListing(session, info, mailbox, true);
  const known = new Set(old.uids);

  const changed = new Map<number, string[]>();
  let current: number[];
  let hashes: string[] | undefined;
  let seenModseq = 0n;
  if (strategy === 'plain') {
    const flags = yield* allFlags(session);
    current = [...flags.keys()].sort((a, b) => a - b);
    const oldHash = new Map(old.uids.map((u, i) => [u, old.flagHashes?.[i] ?? '']));
    hashes = current.map((u) => flagHash(flags.get(u) ?? []));
    current.forEach((u, i) => {
      if (known.has(u) && oldHash.get(u) !== hashes?.[i]) changed.set(u, flags.get(u) ?? []);
    });
  } else {
    // RFC 7162 §3.2.10: VANISHED may name UIDs we never knew (a compact superset), so the
    // ranges are kept as ranges and only tested against known UIDs — never expanded.
    const vanished: NumberRange[] = [];
    if (strategy === 'qresync' && selectedWithQresync && answeredInFull(info)) {
      for (const { attributes: m } of info.changed) {
        changed.set(m.uid as number, imapFlags(m.flags));
        if (m.modseq !== undefined && m.modseq > seenModseq) seenModseq = m.modseq;
      }
      for (const r of info.vanished) vanished.push(r);
    } else if ((session.selected?.exists ?? 0) > 0 || strategy === 'qresync') {
      const options = {
        uid: true,
        changedSince: old.modseq ?? 0n,
        vanished: strategy === 'qresync',
      };
      yield* fetchEach(
        session,
        changedSet(info, old),
        { uid: true, flags: true },
        {
          onMessage: (m) => {
            if (m.uid === undefined) return;
            changed.set(m.uid, imapFlags(m.flags));
            if (m.modseq !== undefined && m.modseq > seenModseq) seenModseq = m.modseq;
          },
          onVanished: (uids) => {
            for (const r of uids) vanished.push(r);
          },
        },
        options,
      );
    }
    if (strategy === 'qresync') {
      const gone = new Set(uidsInRanges(old.uids, vanished));
      const fresh = [...changed.keys()].filter((u) => !known.has(u) && u >= old.uidNext);
      current = [...old.uids.filter((u) => !gone.has(u)), ...fresh].sort((a, b) => a - b);
    } else {
      // A new message always has a MODSEQ above the old state's, so it is in `changed`; one
      // that is not arrived after the fetch and belongs to the next diff (or it would be
      // reported as added now and as a flag change next time).
      current = (yield* allUids(session)).filter((u) => known.has(u) || changed.has(u));
    }
  }

  const now = new Set(current);
  const removed = old.uids.filter((u) => !now.has(u));
  const addedUids = current.filter((u) => !known.has(u));
  const added: Envelope[] = yield* fetchEnvelopes(session, mailbox, addedUids);
  const flagsChanged: FlagChange[] = [];
  for (const [uid, flags] of [...changed].sort((a, b) => a[0] - b[0]))
    if (known.has(uid) && now.has(uid)) flagsChanged.push({ id: String(uid), flags });
  return {
    added,
    removed: removed.map(String),
    flagsChanged,
    reset: false,
    state: nextState(info, current, hashes, seenModseq),
  };
}

export function* diffEnvelopes(
  session: ImapSession,
  mailbox: string,
  state: string | undefined,
  forced: DiffStrategy | undefined,
): ImapCoroutine<EnvelopeDiff> {
  if (state !== undefined) decodeDiffState(state); // a bad state fails before any I/O
  const qresync = qresyncParameters(session, state, forced ?? 'auto');
  const info = yield* selectMailbox(session, mailbox, true, qresync);
  return yield* diffSelected(
    session,
    info,
    mailbox,
    state,
    forced ?? 'auto',
    qresync !== undefined,
  );
}
