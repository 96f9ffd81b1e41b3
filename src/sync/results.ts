/**
 * What a change that was made does to the state. The one function both a live run and a
 * journal replay call (docs/sync.md "State and crash safety"), so a replayed run ends in the
 * state the interrupted run would have reached for every change whose "done" record survived.
 * Invariant: applying a result twice is harmless (lookups by key and id find nothing twice).
 */
import type { IdMap } from '../shared/types.js';
import { forgetSide } from './settle.js';
import type { MailboxState, SyncState } from './state.js';
import { findMailbox, flagsOn, idOf, observeFlags, other, sameFlagSet, withKey } from './state.js';
import {
  boxGone,
  setDiffState,
  setId,
  setRenamedOn,
  setSideId,
  settleFlags,
  sideId,
} from './state.js';
import type { Change } from './types.js';

export interface ChangeResult {
  /** create-mailbox / rename-mailbox: the mailbox id; copy: the new message id. */
  id?: string;
  /** move: old id → new id, as far as the store told. */
  ids?: IdMap;
}

function settleIfEqual(pair: Parameters<typeof settleFlags>[0]): void {
  const r = flagsOn(pair, 'remote');
  const l = flagsOn(pair, 'local');
  if (pair.r !== undefined && pair.l !== undefined && r !== undefined && l !== undefined)
    if (sameFlagSet(r, l)) settleFlags(pair, r);
}

function applyOne(state: SyncState, box: MailboxState, change: Change, result: ChangeResult) {
  const side = change.side;
  const o = other(side);
  switch (change.kind) {
    case 'create-mailbox':
      if (result.id === undefined) return;
      if (sideId(box, side) === result.id && !boxGone(box, side)) return;
      forgetSide(box, side);
      setSideId(box, side, result.id);
      return;
    case 'rename-mailbox': {
      if (result.id !== undefined && result.id !== sideId(box, side)) {
        setSideId(box, side, result.id);
        setDiffState(box, side, undefined);
      }
      box.name = change.to;
      setRenamedOn(box, 'remote', undefined);
      setRenamedOn(box, 'local', undefined);
      return;
    }
    case 'delete-mailbox':
      state.mailboxes = state.mailboxes.filter((b) => b !== box);
      return;
    case 'copy': {
      const pair = withKey(box, change.key).find((p) => idOf(p, o) === change.sourceId);
      if (pair === undefined || result.id === undefined) return;
      setId(pair, side, result.id);
      settleFlags(pair, change.flags);
      return;
    }
    case 'delete':
      box.messages = box.messages.filter(
        (p) => !(p.k === change.key && idOf(p, side) === change.id),
      );
      return;
    case 'flags': {
      const pair = withKey(box, change.key).find((p) => idOf(p, side) === change.id);
      if (pair === undefined) return;
      observeFlags(pair, side, change.flags);
      settleIfEqual(pair);
      return;
    }
    case 'move': {
      const source = withKey(box, change.key).find((p) => idOf(p, side) === change.id);
      const target = findMailbox(state, change.to);
      if (source === undefined || target === undefined) return;
      box.messages = box.messages.filter((p) => p !== source);
      const pair = withKey(target, change.key).find((p) => idOf(p, side) === undefined);
      if (pair === undefined) return;
      const newId = result.ids?.[change.id];
      if (newId === undefined) pair.wait = side;
      else setId(pair, side, newId);
      const flags = flagsOn(source, side);
      if (flags !== undefined) observeFlags(pair, side, flags);
      settleIfEqual(pair);
      return;
    }
  }
}

export function applyResult(state: SyncState, changes: readonly Change[], result: ChangeResult) {
  if (changes.length > 1 && changes.every((c) => c.kind === 'delete')) {
    // One filter for a whole deletion batch (one mailbox, one side: apply.ts `batches`).
    const box = findMailbox(state, (changes[0] as Change).mailbox);
    const side = (changes[0] as Change).side;
    const gone = new Set(
      changes.map((c) => `${(c as { id: string }).id}\n${(c as { key: string }).key}`),
    );
    if (box !== undefined)
      box.messages = box.messages.filter((p) => !gone.has(`${idOf(p, side)}\n${p.k}`));
    return;
  }
  for (const change of changes) {
    const box = findMailbox(state, change.mailbox);
    if (box !== undefined) applyOne(state, box, change, result);
  }
}
