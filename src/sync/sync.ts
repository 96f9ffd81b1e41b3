/**
 * `Sync`: keep a remote account and a local mirror (any two storage backends) consistent
 * (docs/sync.md). One run: take the lock, replay an interrupted run's journal, observe both
 * sides (O(changes) where the backend's diffEnvelopes is), settle, plan, guard, apply
 * (journaled), commit. `plan()` does the same up to the plan and writes nothing.
 */
import type { Backend, StorageOperation } from '../shared/backend.js';
import type { Mailbox } from '../shared/types.js';
import { MailError } from '../shared/errors.js';
import { applyChanges } from './apply.js';
import { callOptions, type SyncContext } from './context.js';
import { checkDeleteGuard, DEFAULT_GUARD } from './guard.js';
import { MailboxNames } from './mailbox-names.js';
import { observeMailboxes, type ObservedListing } from './observe-mailboxes.js';
import { observeMessages, unchangedBoxes } from './observe-messages.js';
import { plan } from './planner.js';
import { pool } from './pool.js';
import { applyResult, type ChangeResult } from './results.js';
import { settle } from './settle.js';
import { defaultStateDir, StateStore, type JournalRecord } from './state-store.js';
import type { MailboxState, SyncState } from './state.js';
import type { Change, Plan, RunOptions, SyncOptions, SyncProgress, SyncReport } from './types.js';
import type { Side, SyncEvent, WatchSyncOptions } from './types.js';
import { watchSync } from './watch.js';

const REQUIRED: readonly StorageOperation[] = [
  'listMailboxes',
  'diffEnvelopes',
  'getMessage',
  'addMessage',
  'deleteMessages',
  'storeFlags',
];

function replay(state: SyncState, journal: readonly JournalRecord[]): boolean {
  for (const record of journal)
    if (record.t === 'done')
      applyResult(state, record['changes'] as Change[], record['result'] as ChangeResult);
  return journal.length > 0;
}

export class Sync {
  readonly stateDir: string;
  private readonly names: MailboxNames;

  constructor(private readonly options: SyncOptions) {
    for (const [side, backend] of [
      ['remote', options.remote],
      ['local', options.local],
    ] as const)
      for (const op of REQUIRED)
        if (typeof (backend as Backend)[op] !== 'function')
          throw new MailError(
            'ERR_UNSUPPORTED',
            `the ${side} backend '${backend.name}' has no ${op}`,
          );
    if (options.stateDir === undefined && options.account === undefined)
      throw new MailError('ERR_CONFIG', 'Sync needs a stateDir or an account name', {
        hint: 'pass { stateDir } or { account } (state then lives under $XDG_STATE_HOME/mailroom/sync)',
      });
    this.stateDir = options.stateDir ?? defaultStateDir(options.account as string);
    this.names = new MailboxNames(options);
  }

  private context(run: RunOptions, firstRun: boolean): SyncContext {
    return {
      remote: this.options.remote,
      local: this.options.local,
      names: this.names,
      direction: this.options.direction ?? 'both',
      force: run.force ?? this.options.force ?? false,
      guard: { ...DEFAULT_GUARD, ...this.options.deleteGuard },
      concurrency: Math.max(1, this.options.concurrency ?? 8),
      firstRun,
      conflicts: [],
      ...(run.signal === undefined ? {} : { signal: run.signal }),
      ...(run.onProgress === undefined
        ? {}
        : {
            onScan: (mailbox: string) =>
              run.onProgress?.({
                phase: 'scan',
                mailbox,
                done: 0,
                total: 0,
                bytes: 0,
                totalBytes: 0,
              }),
          }),
    };
  }

  /** Fold both sides' changes since the last run into `state`. */
  private async observe(ctx: SyncContext, state: SyncState): Promise<void> {
    const opts = callOptions(ctx);
    const [remoteBoxes, localBoxes] = await Promise.all([
      ctx.remote.listMailboxes!(opts),
      ctx.local.listMailboxes!(opts),
    ]);
    const createdNow = new Set<MailboxState>();
    const listings: ObservedListing[] = [
      ...(await observeMailboxes(ctx, state, 'remote', remoteBoxes, createdNow)),
      ...(await observeMailboxes(ctx, state, 'local', localBoxes, createdNow)),
    ];
    const boxes = state.mailboxes.filter((box) => this.names.selected(box.name));
    const listed = (box: MailboxState, side: 'remote' | 'local') =>
      listings.find((l) => l.box === box && l.side === side)?.envelopes;
    // Mailboxes the side can tell are unchanged (one STATUS round on IMAP) are not observed;
    // the others `concurrency` at a time, so over an IMAP pool (poolSize) their round trips
    // overlap instead of adding up.
    await Promise.all(
      (['remote', 'local'] as const).map(async (side) => {
        const fresh = boxes.filter((box) => listed(box, side) === undefined);
        const idle = await unchangedBoxes(ctx, side, fresh);
        const todo = boxes.filter((box) => !idle.has(box));
        await pool(todo, ctx.concurrency, (box) =>
          observeMessages(ctx, box, side, listed(box, side)),
        );
      }),
    );
  }

  /**
   * Observe again every mailbox side this run changed, so the saved diff states are taken
   * after our own changes: a later change that undoes one of ours (a copied message deleted
   * before the next run) is then seen. What else changed meanwhile is observed, not lost.
   */
  private async absorb(ctx: SyncContext, state: SyncState, changes: readonly Change[]) {
    const touched = new Map<string, Set<'remote' | 'local'>>();
    const mark = (name: string, side: 'remote' | 'local') =>
      touched.set(name, (touched.get(name) ?? new Set()).add(side));
    for (const c of changes) {
      if (c.kind === 'delete-mailbox') continue;
      mark(c.kind === 'rename-mailbox' ? c.to : c.mailbox, c.side);
      if (c.kind === 'move') mark(c.to, c.side);
    }
    const again: [MailboxState, 'remote' | 'local'][] = [];
    for (const [name, sides] of touched) {
      const box = state.mailboxes.find((b) => b.name === name);
      if (box !== undefined) for (const side of sides) again.push([box, side]);
    }
    await pool(again, ctx.concurrency, ([box, side]) => observeMessages(ctx, box, side));
    settle(ctx, state);
  }

  /**
   * The state as of now: the snapshot, the journal's "done" records replayed over it, then both
   * sides observed and settled. What plan() shows and run() applies.
   */
  private async current(store: StateStore, options: RunOptions) {
    const { state, journal } = store.load();
    const ctx = this.context(options, state.mailboxes.length === 0);
    const recovered = replay(state, journal);
    await this.observe(ctx, state);
    settle(ctx, state);
    return { state, ctx, recovered };
  }

  /** A dry run: every change a run would make now, and the conflicts. Writes nothing. */
  async plan(options: Omit<RunOptions, 'onProgress'> = {}): Promise<Plan> {
    const { state, ctx } = await this.current(StateStore.peek(this.stateDir), options);
    return plan(ctx, state);
  }

  /** Apply every change; resolves with what was done. Rejects with ERR_LOCKED, ERR_SYNC_GUARD, … */
  async run(options: RunOptions = {}): Promise<SyncReport> {
    const started = Date.now();
    const store = StateStore.open(this.stateDir);
    try {
      // Until this commit the journal is kept: a run that fails while observing replays it again.
      const { state, ctx, recovered } = await this.current(store, options);
      store.commit(state);
      const planned = plan(ctx, state);
      if (!ctx.force) checkDeleteGuard(state, planned.changes, ctx.guard);
      const totalBytes = planned.changes.reduce(
        (sum, c) => sum + (c.kind === 'copy' ? (c.size ?? 0) : 0),
        0,
      );
      const report = (p: Omit<SyncProgress, 'total' | 'totalBytes'>) =>
        options.onProgress?.({ ...p, total: planned.changes.length, totalBytes });
      if (planned.changes.length === 0) {
        // nothing to apply: the state committed above is the final one (no second snapshot)
        report({ phase: 'done', done: 0, bytes: 0 });
        return { ...planned, errors: [], recovered, durationMs: Date.now() - started };
      }
      let outcome;
      try {
        outcome = await applyChanges(ctx, state, store, planned.changes, (p) =>
          report({ phase: 'apply', done: p.done, bytes: p.bytes }),
        );
        await this.absorb(ctx, state, planned.changes);
      } finally {
        store.commit(state);
      }
      report({ phase: 'done', done: outcome.done, bytes: 0 });
      return { ...planned, errors: outcome.errors, recovered, durationMs: Date.now() - started };
    } finally {
      store.close();
    }
  }

  /** Is this mailbox of `side` synced (include/exclude over its canonical name)? */
  selects(mailbox: Mailbox, side: Side): boolean {
    return this.names.selected(this.names.fromSide(mailbox, side));
  }

  /** Sync now, then again whenever either side changes (or every intervalMs), until aborted. */
  watch(options: WatchSyncOptions = {}): AsyncGenerator<SyncEvent> {
    return watchSync(this, this.options, options);
  }
}
