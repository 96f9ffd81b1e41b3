/**
 * Fold what one side did to one mailbox since the last run into the state (docs/sync.md
 * "Incremental"): `diffEnvelopes` with the side's saved state gives only the changes (IMAP
 * QRESYNC / CONDSTORE, JMAP Email/changes, local snapshots); a reset (no state, UIDVALIDITY
 * changed, cannotCalculateChanges) gives the full listing, which is re-matched to the known
 * pairs by id *and* content key, so new ids for old messages are re-paired, not re-copied.
 */
import { normalizeFlags } from '../shared/flags.js';
import type { Envelope } from '../shared/types.js';
import { bytesKey, envelopeKey } from './content-key.js';
import { backendOf, callOptions, type SyncContext } from './context.js';
import type { MailboxState, MessagePair } from './state.js';
import {
  addPair,
  boxGone,
  diffStateOf,
  goneOn,
  idOf,
  observeFlags,
  setDiffState,
  setGone,
  setId,
  sideId,
  withKey,
} from './state.js';
import type { Side } from './types.js';

async function keyOf(ctx: SyncContext, side: Side, mailboxId: string, e: Envelope) {
  const key = envelopeKey(e);
  if (key !== undefined) return key;
  // No Message-ID: hash the bytes (Sync checked that both sides have getMessage).
  return bytesKey(await backendOf(ctx, side).getMessage!(mailboxId, e.id, callOptions(ctx)));
}

/**
 * A message this side has that no pair knows by id: pair it with a message the other side
 * has (or a move/copy of ours is waiting for) under the same key, else start a new pair.
 */
function addFresh(ctx: SyncContext, box: MailboxState, side: Side, e: Envelope, key: string) {
  const flags = normalizeFlags(e.flags);
  const same = withKey(box, key);
  const match = same.find((p) => idOf(p, side) === undefined);
  if (match !== undefined) {
    setId(match, side, e.id);
    setGone(match, side, false);
    delete match.wait;
    observeFlags(match, side, flags);
    return;
  }
  if (same.some((p) => idOf(p, side) !== undefined && !goneOn(p, side)))
    ctx.conflicts.push({
      kind: 'duplicate',
      mailbox: box.name,
      key,
      resolution: `a second copy on the ${side} side is synced as its own message`,
    });
  const pair: MessagePair = { k: key, size: e.size };
  if (e.receivedAt !== undefined) pair.at = e.receivedAt.toISOString();
  setId(pair, side, e.id);
  observeFlags(pair, side, flags);
  addPair(box, pair);
}

async function reconcileListing(
  ctx: SyncContext,
  box: MailboxState,
  side: Side,
  mailboxId: string,
  listing: Envelope[],
): Promise<void> {
  const byId = new Map(listing.map((e) => [e.id, e]));
  const keys = new Map<string, string>();
  for (const e of listing) keys.set(e.id, await keyOf(ctx, side, mailboxId, e));
  const lost: MessagePair[] = [];
  for (const pair of box.messages) {
    const id = idOf(pair, side);
    if (id === undefined) continue;
    const e = byId.get(id);
    if (e !== undefined && keys.get(id) === pair.k) {
      observeFlags(pair, side, normalizeFlags(e.flags));
      setGone(pair, side, false);
      byId.delete(id);
    } else {
      setId(pair, side, undefined);
      lost.push(pair);
    }
  }
  for (const e of byId.values()) addFresh(ctx, box, side, e, keys.get(e.id) as string);
  // Known before, not in the listing under any id: removed on this side.
  for (const pair of lost) if (idOf(pair, side) === undefined) setGone(pair, side, true);
}

/**
 * The mailboxes of `boxes` whose diffEnvelopes on `side` would report nothing, by the side's
 * Backend.unchangedMailboxes when it has one (IMAP: one round of STATUS for all of them):
 * observing those is skipped and their saved diff states stay.
 */
export async function unchangedBoxes(
  ctx: SyncContext,
  side: Side,
  boxes: readonly MailboxState[],
): Promise<Set<MailboxState>> {
  const backend = backendOf(ctx, side);
  if (backend.unchangedMailboxes === undefined) return new Set();
  const asked: { box: MailboxState; mailbox: string; state: string }[] = [];
  for (const box of boxes) {
    const mailbox = sideId(box, side);
    const state = diffStateOf(box, side);
    if (mailbox !== undefined && state !== undefined && !boxGone(box, side))
      asked.push({ box, mailbox, state });
  }
  if (asked.length === 0) return new Set();
  const ids = new Set(
    await backend.unchangedMailboxes(
      asked.map(({ mailbox, state }) => ({ mailbox, state })),
      callOptions(ctx),
    ),
  );
  return new Set(asked.filter((a) => ids.has(a.mailbox)).map((a) => a.box));
}

export async function observeMessages(
  ctx: SyncContext,
  box: MailboxState,
  side: Side,
  listing?: Envelope[],
): Promise<void> {
  const mailboxId = side === 'remote' ? box.remote : box.local;
  if (mailboxId === undefined || boxGone(box, side)) return;
  ctx.onScan?.(box.name);
  if (listing !== undefined) {
    await reconcileListing(ctx, box, side, mailboxId, listing);
    return;
  }
  const backend = backendOf(ctx, side);
  const diff = await backend.diffEnvelopes!(mailboxId, diffStateOf(box, side), callOptions(ctx));
  if (diff.reset) {
    await reconcileListing(ctx, box, side, mailboxId, diff.added);
  } else {
    const index = new Map<string, MessagePair>();
    for (const pair of box.messages) {
      const id = idOf(pair, side);
      if (id !== undefined) index.set(id, pair);
    }
    for (const id of diff.removed) {
      const pair = index.get(id);
      if (pair !== undefined) setGone(pair, side, true);
    }
    for (const change of diff.flagsChanged) {
      const pair = index.get(change.id);
      if (pair !== undefined) observeFlags(pair, side, normalizeFlags(change.flags));
    }
    for (const e of diff.added) {
      const pair = index.get(e.id);
      if (pair !== undefined) {
        setGone(pair, side, false); // back after a listing that looked empty (a guard trip)
        observeFlags(pair, side, normalizeFlags(e.flags));
      } else addFresh(ctx, box, side, e, await keyOf(ctx, side, mailboxId, e));
    }
  }
  setDiffState(box, side, diff.state);
}
