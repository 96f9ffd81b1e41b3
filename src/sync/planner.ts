/**
 * From a settled state to the list of changes (docs/sync.md "Plan"). Pure: the same state
 * gives the same plan, which is what a dry run prints and what a run applies. Order: mailbox
 * creations and renames, then per mailbox moves, copies, flag changes and deletions, then
 * mailbox deletions. Conflicts are reported with the rule that decided them.
 */
import { flows, type SyncContext } from './context.js';
import { mergeFlags } from './flag-merge.js';
import type { MailboxState, MessagePair, SyncState } from './state.js';
import { boxGone, flagsOn, goneOn, idOf, other, renamedOn, sameFlagSet } from './state.js';
import { sideId, SIDES } from './state.js';
import type { Change, Conflict, Plan, Side } from './types.js';

interface Fresh {
  box: MailboxState;
  pair: MessagePair;
}

/** Messages one side has that the other does not, by side and key: move targets. */
function freshIndex(state: SyncState): Record<Side, Map<string, Fresh[]>> {
  const index = { remote: new Map<string, Fresh[]>(), local: new Map<string, Fresh[]>() };
  for (const box of state.mailboxes)
    for (const pair of box.messages)
      for (const side of SIDES) {
        if (idOf(pair, side) === undefined || idOf(pair, other(side)) !== undefined) continue;
        if (pair.wait !== undefined || goneOn(pair, side)) continue;
        const list = index[side].get(pair.k) ?? [];
        list.push({ box, pair });
        index[side].set(pair.k, list);
      }
  return index;
}

/** Messages the mailbox holds on a side (known, not gone). */
const heldOn = (box: MailboxState, side: Side): number =>
  box.messages.filter((p) => idOf(p, side) !== undefined && !goneOn(p, side)).length;

export function countChanges(changes: readonly Change[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of changes) counts[`${c.kind}:${c.side}`] = (counts[`${c.kind}:${c.side}`] ?? 0) + 1;
  return counts;
}

export function plan(ctx: SyncContext, state: SyncState): Plan {
  const conflicts: Conflict[] = [...ctx.conflicts];
  const head: Change[] = [];
  const body: Change[] = [];
  const tail: Change[] = [];
  const fresh = freshIndex(state);
  const moved = new Set<MessagePair>();
  const active: MailboxState[] = [];

  for (const box of state.mailboxes) {
    if (!ctx.names.selected(box.name)) continue;
    // A mailbox deleted on one side (settle kept it: the other side still has it).
    const deletedOn = SIDES.find((s) => boxGone(box, s));
    if (deletedOn !== undefined) {
      const o = other(deletedOn);
      if (heldOn(box, o) === 0 || ctx.force) {
        tail.push({ kind: 'delete-mailbox', side: o, mailbox: box.name });
        continue;
      }
      conflicts.push({
        kind: 'mailbox-delete-refused',
        mailbox: box.name,
        resolution: `deleted on the ${deletedOn} side but not empty on the ${o} side: recreated (use force to delete)`,
      });
      head.push({ kind: 'create-mailbox', side: deletedOn, mailbox: box.name });
      for (const pair of box.messages) {
        const id = idOf(pair, o);
        if (id === undefined || goneOn(pair, o)) continue;
        const flags = flagsOn(pair, o) ?? [];
        body.push({
          kind: 'copy',
          side: deletedOn,
          mailbox: box.name,
          sourceId: id,
          key: pair.k,
          flags,
          ...(pair.size === undefined ? {} : { size: pair.size }),
        });
      }
      continue;
    }
    const rRenamed = renamedOn(box, 'remote');
    const lRenamed = renamedOn(box, 'local');
    if (rRenamed !== undefined && lRenamed !== undefined && rRenamed !== lRenamed) {
      conflicts.push({
        kind: 'rename-vs-rename',
        mailbox: box.name,
        resolution: `renamed to ${rRenamed} on the remote side and ${lRenamed} on the local side: the remote name wins`,
      });
      head.push({ kind: 'rename-mailbox', side: 'local', mailbox: box.name, to: rRenamed });
    } else if (rRenamed !== undefined && lRenamed === undefined && flows(ctx, 'remote')) {
      head.push({ kind: 'rename-mailbox', side: 'local', mailbox: box.name, to: rRenamed });
    } else if (lRenamed !== undefined && rRenamed === undefined && flows(ctx, 'local')) {
      head.push({ kind: 'rename-mailbox', side: 'remote', mailbox: box.name, to: lRenamed });
    }
    for (const side of SIDES)
      if (sideId(box, side) === undefined && flows(ctx, other(side)))
        head.push({ kind: 'create-mailbox', side, mailbox: box.name });
    active.push(box);
  }
  // Removals first over every mailbox, so a move's target is known before copies are planned.
  const removals = active.map((box) => planRemovals(ctx, box, fresh, moved, conflicts));
  active.forEach((box, i) => {
    const { moves, deletes } = removals[i] as Removals;
    body.push(...moves, ...planTransfers(ctx, box, moved, conflicts), ...deletes);
  });
  const changes = [...head, ...body, ...tail];
  return { changes, conflicts, counts: countChanges(changes) };
}

interface Removals {
  moves: Change[];
  deletes: Change[];
}

/** Messages gone on one side: moved (they appeared in another mailbox there) or deleted. */
function planRemovals(
  ctx: SyncContext,
  box: MailboxState,
  fresh: Record<Side, Map<string, Fresh[]>>,
  moved: Set<MessagePair>,
  conflicts: Conflict[],
): Removals {
  const moves: Change[] = [];
  const deletes: Change[] = [];
  for (const pair of box.messages) {
    for (const side of SIDES) {
      const o = other(side);
      const oId = idOf(pair, o);
      // Gone on `side`, still on the other: a move (it appeared elsewhere on `side`) or a delete.
      if (goneOn(pair, side) && oId !== undefined && !goneOn(pair, o)) {
        if (!flows(ctx, side)) continue;
        const target = fresh[side].get(pair.k)?.find((f) => f.box !== box && !moved.has(f.pair));
        if (target !== undefined && sideId(target.box, o) !== undefined) {
          moved.add(target.pair);
          moves.push({
            kind: 'move',
            side: o,
            mailbox: box.name,
            id: oId,
            key: pair.k,
            to: target.box.name,
          });
          continue;
        }
        if ((o === 'remote' ? pair.rf : pair.lf) !== undefined)
          conflicts.push({
            kind: 'delete-vs-flags',
            mailbox: box.name,
            key: pair.k,
            resolution: `deleted on the ${side} side, flags changed on the ${o} side: the deletion wins`,
          });
        deletes.push({ kind: 'delete', side: o, mailbox: box.name, id: oId, key: pair.k });
      }
    }
  }
  return { moves, deletes };
}

/** Messages one side lacks (copies) and flags that differ (the three-way merge). */
function planTransfers(
  ctx: SyncContext,
  box: MailboxState,
  moved: Set<MessagePair>,
  conflicts: Conflict[],
): Change[] {
  const copies: Change[] = [];
  const flagChanges: Change[] = [];
  for (const pair of box.messages) {
    if (moved.has(pair) || pair.wait !== undefined) continue;
    for (const side of SIDES) {
      const o = other(side);
      const id = idOf(pair, side);
      if (id === undefined || goneOn(pair, side) || idOf(pair, o) !== undefined || goneOn(pair, o))
        continue;
      if (!flows(ctx, side)) continue;
      copies.push({
        kind: 'copy',
        side: o,
        mailbox: box.name,
        sourceId: id,
        key: pair.k,
        flags: flagsOn(pair, side) ?? [],
        ...(pair.size === undefined ? {} : { size: pair.size }),
      });
    }
    if (pair.r === undefined || pair.l === undefined || pair.rg || pair.lg) continue;
    const r = flagsOn(pair, 'remote') ?? [];
    const l = flagsOn(pair, 'local') ?? [];
    if (pair.f !== undefined && pair.rf === undefined && pair.lf === undefined) continue;
    const merged = mergeFlags(pair.f, r, l, ctx.direction);
    if (merged.conflict)
      conflicts.push({
        kind: 'flags-without-base',
        mailbox: box.name,
        key: pair.k,
        resolution: `no last-synced flags: kept the union (${merged.flags.join(' ') || 'none'})`,
      });
    if (!sameFlagSet(r, merged.flags))
      flagChanges.push({
        kind: 'flags',
        side: 'remote',
        mailbox: box.name,
        id: pair.r,
        key: pair.k,
        flags: merged.flags,
      });
    if (!sameFlagSet(l, merged.flags))
      flagChanges.push({
        kind: 'flags',
        side: 'local',
        mailbox: box.name,
        id: pair.l,
        key: pair.k,
        flags: merged.flags,
      });
  }
  return [...copies, ...flagChanges];
}
