/**
 * Make the planned changes (docs/sync.md "Run"). Every side effect is preceded by an "intent"
 * record made durable in the journal (group commit: changes in flight share one fdatasync; a
 * group of copies writes all its intents, then syncs once, before its first copy) and
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
import { pool } from './pool.js';
import { applyResult, type ChangeResult } from './results.js';
import type { StateStore } from './state-store.js';
import type { SyncState } from './state.js';
import { findMailbox, flagsOn, idOf, other, sideId, withKey } from './state.js';
import type { Change, ChangeError, Side } from './types.js';
import { canonicalName } from './mailbox-names.js';

const FATAL = new Set(['ERR_ABORTED', 'ERR_AUTH', 'ERR_CONNECTION', 'ERR_CONNECTION_CLOSED']);
// A snapshot rewrites the whole state (JSON, fsync): every 500 changes cost 0.47 s CPU of a 10k pull.
const CHECKPOINT_EVERY = 2_000;

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
  /** copy: the message's bytes, when a batch read fetched them already. */
  raw?: Uint8Array;
}

/**
 * Copies read together from the source: at most this many, or this many bytes. 500 rather than
 * 100: through 25 ms of latency each way a 10k pull took 7.1 / 8.8 s instead of 12.1 / 10.5 s
 * (two alternated runs each; one round trip per batch), for ~40 MB more peak RSS.
 */
const READ_BATCH = 500;
const READ_BATCH_BYTES = 16 << 20;
/**
 * Copy groups read and written at once, within a byte budget: small groups of many mailboxes
 * go 4 at a time (their reads overlap on an IMAP pool), big groups of one mailbox 2 at a time
 * (one written while the next is read), so a 10k pull buffers no more than before.
 */
const GROUPS_IN_FLIGHT = 4;
const IN_FLIGHT_BYTES = READ_BATCH_BYTES;

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
      const box = findMailbox(state, change.mailbox);
      const pair =
        box === undefined
          ? undefined
          : withKey(box, change.key).find((p) => idOf(p, change.side) === change.id);
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
      const raw =
        batch.raw ??
        (await backendOf(ctx, source).getMessage!(
          boxId(state, first.mailbox, source),
          first.sourceId,
          opts,
        ));
      const box = findMailbox(state, first.mailbox);
      const pair =
        box === undefined
          ? undefined
          : withKey(box, first.key).find((p) => idOf(p, source) === first.sourceId);
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

/**
 * The order batches run in: mailboxes created and renamed first, then moves, flag changes and
 * deletions, then every copy of every mailbox together (so copies of many mailboxes are read in
 * parallel, not one mailbox after another), then mailboxes deleted. Within a phase the plan's
 * order stays. Batches of different phases never touch the same message: a copy is of a
 * message the other side lacks, every other message change is of a pair both sides hold.
 */
const PHASE: Record<Change['kind'], number> = {
  'create-mailbox': 0,
  'rename-mailbox': 0,
  move: 1,
  flags: 1,
  delete: 1,
  copy: 2,
  'delete-mailbox': 3,
};

function inPhases(all: Batch[]): Batch[] {
  const phase = (b: Batch) => PHASE[(b.changes[0] as Change).kind];
  return all
    .map((batch, i) => ({ batch, i }))
    .sort((a, b) => phase(a.batch) - phase(b.batch) || a.i - b.i)
    .map((x) => x.batch);
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
  const all = inPhases(batches(state, changes));

  const runBatch = async (batch: Batch, intentWritten = false): Promise<void> => {
    if (aborted(ctx)) throw new MailError('ERR_ABORTED', 'sync aborted');
    if (!intentWritten) {
      store?.append({ t: 'intent', changes: batch.changes });
      await store?.flush();
    }
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
    const kind = (all[i] as Batch).changes[0]?.kind as Change['kind'];
    let end = i;
    while (end < all.length && PHASE[all[end]?.changes[0]?.kind as Change['kind']] === PHASE[kind])
      end++;
    const phase = all.slice(i, end);
    if (kind === 'copy') await copyAll(ctx, state, phase, runBatch, store);
    else if (PHASE[kind] === 1) await inLanes(ctx, phase, runBatch);
    else for (const batch of phase) await runBatch(batch);
    i = end;
  }
  return { errors, done: progress.done };
}

/**
 * Moves, flag changes and deletions: the batches of one mailbox on one side run in plan order
 * (a flag added and a flag removed on one Maildir file must not race), those of different
 * mailboxes or sides `concurrency` at a time; their journal syncs are shared (group commit).
 */
async function inLanes(
  ctx: SyncContext,
  all: Batch[],
  runBatch: (batch: Batch) => Promise<void>,
): Promise<void> {
  const lanes = new Map<string, Batch[]>();
  for (const batch of all) {
    const c = batch.changes[0] as Change;
    const key = `${c.side}|${c.mailbox}`;
    const lane = lanes.get(key);
    if (lane === undefined) lanes.set(key, [batch]);
    else lane.push(batch);
  }
  await pool([...lanes.values()], ctx.concurrency, async (lane) => {
    for (const batch of lane) await runBatch(batch);
  });
}

/**
 * Copies, in groups read from the source in one call where it has a batch read
 * (Backend.getMessages: one UID FETCH on IMAP instead of a round trip per message); several
 * groups are in flight at once, `concurrency` writes at a time in all.
 */
async function copyAll(
  ctx: SyncContext,
  state: SyncState,
  copies: Batch[],
  runBatch: (batch: Batch, intentWritten: boolean) => Promise<void>,
  store: StateStore | undefined,
): Promise<void> {
  const groups: { batches: Batch[]; bytes: number }[] = [];
  let group: Batch[] = [];
  let bytes = 0;
  for (const batch of copies) {
    const c = batch.changes[0] as Change & { kind: 'copy' };
    const head = group[0]?.changes[0];
    if (
      group.length >= READ_BATCH ||
      bytes + (c.size ?? 0) > READ_BATCH_BYTES ||
      (head !== undefined && (head.side !== c.side || head.mailbox !== c.mailbox))
    ) {
      groups.push({ batches: group, bytes });
      group = [];
      bytes = 0;
    }
    group.push(batch);
    bytes += c.size ?? 0;
  }
  if (group.length > 0) groups.push({ batches: group, bytes });

  const read = async (g: Batch[]): Promise<void> => {
    const c = g[0]?.changes[0] as Change & { kind: 'copy' };
    const source = backendOf(ctx, other(c.side));
    if (source.getMessages === undefined || g.length < 2) return;
    const ids = g.map((b) => (b.changes[0] as Change & { kind: 'copy' }).sourceId);
    const raws = await source.getMessages(
      boxId(state, c.mailbox, other(c.side)),
      ids,
      callOptions(ctx),
    );
    for (const b of g) {
      const raw = raws.get((b.changes[0] as Change & { kind: 'copy' }).sourceId);
      if (raw !== undefined) b.raw = raw;
    }
  };
  // Up to GROUPS_IN_FLIGHT groups at once, each read then written: over an IMAP pool the reads
  // of several mailboxes (or of one mailbox's next groups) overlap, and the writes share
  // `concurrency` between them.
  const buffered = limiter(IN_FLIGHT_BYTES);
  const writes = limiter(ctx.concurrency); // write slots shared by the groups in flight
  await pool(groups, GROUPS_IN_FLIGHT, async (g) => {
    await buffered.take(g.bytes);
    try {
      await copyGroup(g.batches);
    } finally {
      buffered.give(g.bytes);
    }
  });

  async function copyGroup(current: Batch[]): Promise<void> {
    await read(current).catch(() => undefined); // a failed batch read: one read per message
    // The group's intents, durable before its first copy (one write and one fdatasync per group).
    for (const b of current) store?.append({ t: 'intent', changes: b.changes });
    await store?.flush();
    await pool(current, ctx.concurrency, async (b) => {
      await writes.take(1);
      try {
        await runBatch(b, true);
      } finally {
        writes.give(1);
        delete b.raw;
      }
    });
  }
}

/**
 * At most `limit` units (bytes, slots) taken at once; a take bigger than the limit waits until
 * none is out.
 */
function limiter(limit: number) {
  let out = 0;
  let waiting: (() => void)[] = [];
  return {
    async take(units: number): Promise<void> {
      while (out > 0 && out + units > limit) await new Promise<void>((r) => waiting.push(r));
      out += units;
    },
    give(units: number): void {
      out -= units;
      const wake = waiting;
      waiting = [];
      for (const r of wake) r();
    },
  };
}
