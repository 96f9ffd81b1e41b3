/**
 * Fold each side's mailbox list into the state (docs/sync.md "Mailboxes"). A mailbox is known
 * by its id on each side. An id that kept its place under a new name was renamed (JMAP); an id
 * that vanished while a new id appeared holding mostly the same messages (by content key) was
 * renamed on a store whose ids are names (IMAP, Maildir, m2dir); an id that vanished otherwise
 * was deleted. A new mailbox whose name the other side also has is paired with it.
 */
import type { Envelope, Mailbox } from '../shared/types.js';
import { envelopeKey } from './content-key.js';
import { backendOf, callOptions, type SyncContext } from './context.js';
import type { MailboxState, SyncState } from './state.js';
import { idOf, setBoxGone, setDiffState, setRenamedOn, setSideId, sideId } from './state.js';
import type { Side } from './types.js';

/** The share of a new mailbox's messages that must be known from a vanished one to be a rename. */
const RENAME_OVERLAP = 0.5;

export interface ObservedListing {
  box: MailboxState;
  side: Side;
  envelopes: Envelope[];
}

async function fullListing(ctx: SyncContext, side: Side, id: string): Promise<Envelope[]> {
  const diff = await backendOf(ctx, side).diffEnvelopes!(id, undefined, callOptions(ctx));
  return diff.added;
}

function overlap(box: MailboxState, side: Side, listing: Envelope[]): number {
  if (listing.length === 0) return 0;
  const known = new Set(box.messages.filter((p) => idOf(p, side) !== undefined).map((p) => p.k));
  let hits = 0;
  for (const e of listing) {
    const key = envelopeKey(e);
    if (key !== undefined && known.has(key)) hits++;
  }
  return hits / listing.length;
}

/**
 * Returns the full listings it had to take (rename detection), so that observing the
 * messages of those mailboxes does not list them again.
 */
export async function observeMailboxes(
  ctx: SyncContext,
  state: SyncState,
  side: Side,
  current: readonly Mailbox[],
  createdNow: Set<MailboxState>,
): Promise<ObservedListing[]> {
  const listings: ObservedListing[] = [];
  const byId = new Map<string, MailboxState>();
  for (const box of state.mailboxes) {
    const id = sideId(box, side);
    if (id !== undefined) byId.set(id, box);
  }
  const present = new Set<string>();
  const fresh: { mailbox: Mailbox; name: string }[] = [];
  for (const mailbox of current) {
    const name = ctx.names.fromSide(mailbox, side);
    const box = byId.get(mailbox.id);
    if (box !== undefined) {
      present.add(mailbox.id);
      setRenamedOn(box, side, name === box.name ? undefined : name);
    } else if (ctx.names.selected(name)) fresh.push({ mailbox, name });
  }
  const vanished = state.mailboxes.filter((box) => {
    const id = sideId(box, side);
    return id !== undefined && !present.has(id);
  });

  for (const { mailbox, name } of fresh) {
    const named = state.mailboxes.find((b) => b.name === name && sideId(b, side) === undefined);
    if (named !== undefined) {
      if (createdNow.has(named) && !ctx.firstRun && name !== 'INBOX')
        ctx.conflicts.push({
          kind: 'both-created',
          mailbox: name,
          resolution: 'both sides created it: the two are merged into one',
        });
      setSideId(named, side, mailbox.id);
      continue;
    }
    if (vanished.length > 0) {
      const envelopes = await fullListing(ctx, side, mailbox.id);
      let best: MailboxState | undefined;
      let bestShare = 0;
      for (const box of vanished) {
        const share = overlap(box, side, envelopes);
        if (share > bestShare) [best, bestShare] = [box, share];
      }
      if (best !== undefined && bestShare >= RENAME_OVERLAP) {
        vanished.splice(vanished.indexOf(best), 1);
        setSideId(best, side, mailbox.id);
        setDiffState(best, side, undefined);
        setRenamedOn(best, side, name);
        listings.push({ box: best, side, envelopes });
        continue;
      }
      const box: MailboxState = { name, messages: [] };
      setSideId(box, side, mailbox.id);
      state.mailboxes.push(box);
      createdNow.add(box);
      listings.push({ box, side, envelopes });
      continue;
    }
    const box: MailboxState = { name, messages: [] };
    setSideId(box, side, mailbox.id);
    state.mailboxes.push(box);
    createdNow.add(box);
  }
  for (const box of vanished) setBoxGone(box, side, true);
  return listings;
}
