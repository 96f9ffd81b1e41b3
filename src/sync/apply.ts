/**
 * Make the planned changes (docs/sync.md "Run"). Every side effect is preceded by an "intent"
 * record made durable in the journal (group commit: changes in flight share one fdatasync) and
 * followed by a "done" record with the ids it produced; the state is updated by the same
 * `applyResult` a replay uses. Copies run `concurrency` at a time; deletions, flag changes and
 * moves are batched per mailbox into one call. A failing change is reported and retried by the
 * next run (its observation stays in the state); losing the connection or the account stops
 * the run, which then commits what it did.
 */
import { isMailError, MailError } from '../shared/errors.js';
import { normalizeFlags } from '../shared/flags.js';
import type { Flag } from '../shared/types.js';
import { backendOf, callOptions, type SyncContext } from './context.js';
import { pathOf } from './mailbox-names.js';
import { applyResult, type ChangeResult } from './results.js';
import type { StateStore } from './state-store.js';
import type { SyncState } from './state.js';
import { findMailbox, flagsOn, idOf, other, sideId } from './state.js';
import type { Change, ChangeError, Side } from './types.js';
import { canonicalName } from './mailbox-names.js';

const FATAL = new Set(['ERR_ABORTED', 'ERR_AUTH', 'ERR_CONNECTION', 'ERR_CONNECTION_CLOSED']);
const CHECKPOINT_EVERY = 500;

const aborted = (ctx: SyncContext): boolean => ctx.signal?.aborted === true;

export interface ApplyProgress {
  done: number;
  bytes: number;
}

interface Batch {
  changes: Change[];
  /** The flags to add and remove (flag batches). */
  add?: Flag[];
  remove?: Flag[];
}

const lowerSet = (flags: readonly Flag[]) => new Set(flags.map((f) => f.toLowerCase()));

/** Group changes that one call can make: same kind, side, mailbox (and target / flag delta). */
export function batches(state: SyncState, changes: readonly Change[]): Batch[] {
  const out: Batch[] = [];
  const open = new Map<string, Batch>();
  for (const change of changes) {
    let key: string | undefined;
    let extra: Omit<Batch, 'changes'> = {};
    if (change.kind === 'delete') key = `delete|${change.side}|${change.mailbox}`;
    else if (change.kind === 'move') key = `move|${change.side}|${change.mailbox}|${change.to}`;
    else if (change.kind === 'flags') {
      const pair = findMailbox(state, change.mailbox)?.messages.find(
        (p) => p.k === change.key && idOf(p, change.side) === change.id,
      );
      const now = pair === undefined ? [] : (flagsOn(pair, change.side) ?? []);
      const has = lowerSet(now);
      const want = lowerSet(change.flags);
      const add = change.flags.filter((f) => !has.has(f.toLowerCase()));
      const remove = now.filter((f) => !want.has(f.toLowerCase()));
      extra = { add, remove };
      key = `flags|${change.side}|${change.mailbox}|${add.join(' ')}|${remove.join(' ')}`;
    }
    const batch = key === undefined ? undefined : open.get(key);
    if (batch !== undefined) batch.changes.push(change);
    else {
      const fresh: Batch = { changes: [change], ...extra };
      out.push(fresh);
      if (key !== undefined) open.set(key, fresh);
    }
  }
  return out;
}

function boxId(state: SyncState, name: string, side: Side): string {
  const id = sideId(findMailbox(state, name) ?? { name, messages: [] }, side);
  if (id === undefined)
    throw new MailError('ERR_NOT_FOUND', `mailbox ${name} does not exist on the ${side} side`);
  return id;
}

async function perform(ctx: SyncContext, state: SyncState, batch: Batch, progress: ApplyProgress) {
  const first = batch.changes[0] as Change;
  const side = first.side;
  const backend = backendOf(ctx, side);
  const opts = callOptions(ctx);
  switch (first.kind) {
    case 'create-mailbox': {
      const path = pathOf(ctx.names.toSide(first.mailbox, side));
      try {
        return { id: (await backend.createMailbox!(path, opts)).id };
      } catch (error) {
        if (!isMailError(error, 'ERR_EXISTS')) throw error;
        const boxes = await backend.listMailboxes!(opts);
        const wanted = ctx.names.toSide(first.mailbox, side);
        const found = boxes.find((b) => canonicalName(b) === wanted);
        if (found === undefined) throw error;
        return { id: found.id };
      }
    }
    case 'rename-mailbox': {
      const path = pathOf(ctx.names.toSide(first.to, side));
      return {
        id: (await backend.renameMailbox!(boxId(state, first.mailbox, side), path, opts)).id,
      };
    }
    case 'delete-mailbox':
      await backend.deleteMailbox!(boxId(state, first.mailbox, side), opts);
      return {};
    case 'copy': {
      const source = other(side);
      const raw = await backendOf(ctx, source).getMessage!(
        boxId(state, first.mailbox, source),
        first.sourceId,
        opts,
      );
      const pair = findMailbox(state, first.mailbox)?.messages.find(
        (p) => p.k === first.key && idOf(p, source) === first.sourceId,
      );
      const id = await backend.addMessage!(boxId(state, first.mailbox, side), raw, {
        ...opts,
        flags: normalizeFlags(first.flags),
        ...(pair?.at === undefined ? {} : { receivedAt: new Date(pair.at) }),
      });
      progress.bytes += raw.byteLength;
      return { id };
    }
    case 'delete': {
      const ids = batch.changes.map((c) => (c as { id: string }).id);
      await backend.deleteMessages!(boxId(state, first.mailbox, side), ids, opts);
      return {};
    }
    case 'flags': {
      const ids = batch.changes.map((c) => (c as { id: string }).id);
      const mailbox = boxId(state, first.mailbox, side);
      if ((batch.add ?? []).length > 0)
        await backend.storeFlags!(mailbox, ids, 'add', batch.add as Flag[], opts);
      if ((batch.remove ?? []).length > 0)
        await backend.storeFlags!(mailbox, ids, 'remove', batch.remove as Flag[], opts);
      return {};
    }
    case 'move': {
      const ids = batch.changes.map((c) => (c as { id: string }).id);
      const from = boxId(state, first.mailbox, side);
      const ids2 = await backend.moveMessages!(from, ids, boxId(state, first.to, side), opts);
      return { ids: ids2 };
    }
  }
}

export interface ApplyOutcome {
  errors: ChangeError[];
  done: number;
}

/** Run the batches; resolves when all ran, rejects on abort or a fatal error (state updated). */
export async function applyChanges(
  ctx: SyncContext,
  state: SyncState,
  store: StateStore | undefined,
  changes: readonly Change[],
  onProgress: (p: ApplyProgress) => void,
): Promise<ApplyOutcome> {
  const progress: ApplyProgress = { done: 0, bytes: 0 };
  const errors: ChangeError[] = [];
  let sinceCheckpoint = 0;
  const all = batches(state, changes);

  const runBatch = async (batch: Batch): Promise<void> => {
    if (aborted(ctx)) throw new MailError('ERR_ABORTED', 'sync aborted');
    store?.append({ t: 'intent', changes: batch.changes });
    await store?.flush();
    let result: ChangeResult;
    try {
      result = await perform(ctx, state, batch, progress);
    } catch (error) {
      const code = isMailError(error) ? error.code : 'ERR_IO';
      if (FATAL.has(code) || aborted(ctx)) throw error;
      for (const change of batch.changes)
        errors.push({ change, code, message: (error as Error).message });
      return;
    }
    store?.append({ t: 'done', changes: batch.changes, result });
    applyResult(state, batch.changes, result);
    progress.done += batch.changes.length;
    sinceCheckpoint += batch.changes.length;
    if (store !== undefined && sinceCheckpoint >= CHECKPOINT_EVERY) {
      sinceCheckpoint = 0;
      store.commit(state);
    }
    onProgress(progress);
  };

  for (let i = 0; i < all.length;) {
    const batch = all[i] as Batch;
    if (batch.changes[0]?.kind !== 'copy') {
      await runBatch(batch);
      i++;
      continue;
    }
    let end = i;
    while (end < all.length && all[end]?.changes[0]?.kind === 'copy') end++;
    await pool(all.slice(i, end), ctx.concurrency, runBatch);
    i = end;
  }
  return { errors, done: progress.done };
}

/** Run `work` over `items`, `limit` at a time; the first rejection stops new work and rethrows. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  let failed: unknown;
  const worker = async (): Promise<void> => {
    while (failed === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed !== undefined) throw failed;
}
