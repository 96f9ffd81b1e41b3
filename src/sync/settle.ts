/**
 * Decisions that need no side effect, taken on the state before planning (docs/sync.md):
 * forget what is gone on both sides, settle flags both sides already agree on, and — for a
 * one-way sync — undo the destination's own deletions in the state so the source's copy is
 * restored (one-way makes the destination a mirror of what the source has).
 */
import { flows, type SyncContext } from './context.js';
import type { MailboxState, MessagePair, SyncState } from './state.js';
import { flagsOn, goneOn, other, sameFlagSet, setDiffState, setGone, setId } from './state.js';
import { boxGone, setBoxGone, settleFlags, setSideId, sideId, SIDES } from './state.js';
import type { Side } from './types.js';

/** Forget one side of a mailbox: its messages there become copies to make again. */
export function forgetSide(box: MailboxState, side: Side): void {
  setSideId(box, side, undefined);
  setDiffState(box, side, undefined);
  setBoxGone(box, side, false);
  for (const pair of box.messages) {
    setId(pair, side, undefined);
    setGone(pair, side, false);
    if (side === 'remote') delete pair.rf;
    else delete pair.lf;
    delete pair.wait;
  }
}

function freshKeys(state: SyncState): Map<string, string> {
  const keys = new Map<string, string>();
  for (const box of state.mailboxes)
    for (const pair of box.messages)
      if ((pair.r === undefined) !== (pair.l === undefined)) keys.set(pair.k, box.name);
  return keys;
}

function settlePair(
  ctx: SyncContext,
  box: MailboxState,
  pair: MessagePair,
  fresh: Map<string, string>,
): boolean {
  const rGone = goneOn(pair, 'remote') || pair.r === undefined;
  const lGone = goneOn(pair, 'local') || pair.l === undefined;
  if (rGone && lGone && pair.wait === undefined) {
    const movedTo = fresh.get(pair.k);
    if (
      (goneOn(pair, 'remote') || goneOn(pair, 'local')) &&
      movedTo !== undefined &&
      movedTo !== box.name
    )
      ctx.conflicts.push({
        kind: 'delete-vs-move',
        mailbox: box.name,
        key: pair.k,
        resolution: `deleted on one side, moved to ${movedTo} on the other: the moved copy is kept`,
      });
    return false;
  }
  for (const side of SIDES) {
    if (goneOn(pair, side) && !flows(ctx, side)) {
      // One-way: the destination deleted it; the source's copy is restored.
      setGone(pair, side, false);
      setId(pair, side, undefined);
    }
  }
  if (pair.r !== undefined && pair.l !== undefined && !pair.rg && !pair.lg) {
    const r = flagsOn(pair, 'remote');
    const l = flagsOn(pair, 'local');
    if (r !== undefined && l !== undefined && sameFlagSet(r, l) && (pair.rf || pair.lf || !pair.f))
      settleFlags(pair, r);
  }
  return true;
}

export function settle(ctx: SyncContext, state: SyncState): void {
  const fresh = freshKeys(state);
  state.mailboxes = state.mailboxes.filter((box) => {
    if (!ctx.names.selected(box.name)) return true;
    for (const side of SIDES) {
      if (!boxGone(box, side)) continue;
      const o = other(side);
      if (sideId(box, o) === undefined || boxGone(box, o)) return false;
      if (!flows(ctx, side)) forgetSide(box, side);
    }
    if (sideId(box, 'remote') === undefined && sideId(box, 'local') === undefined) return false;
    box.messages = box.messages.filter((pair) => settlePair(ctx, box, pair, fresh));
    return true;
  });
}
