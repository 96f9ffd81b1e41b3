/** What every sync step is given: the two sides, the name rules and the run's options. */
import type { Backend } from '../shared/backend.js';
import type { MailboxNames } from './mailbox-names.js';
import type { Conflict, DeleteGuard, Direction, Side } from './types.js';

export interface SyncContext {
  remote: Backend;
  local: Backend;
  names: MailboxNames;
  direction: Direction;
  force: boolean;
  guard: DeleteGuard;
  concurrency: number;
  signal?: AbortSignal;
  /** The state held no mailbox: the first run (mailboxes on both sides are not a conflict). */
  firstRun: boolean;
  /** Conflicts noticed while observing (the planner adds its own). */
  conflicts: Conflict[];
  onScan?: (mailbox: string) => void;
}

export const backendOf = (ctx: SyncContext, side: Side): Backend =>
  side === 'remote' ? ctx.remote : ctx.local;

/** May changes observed on `from` be applied to the other side? */
export const flows = (ctx: SyncContext, from: Side): boolean =>
  ctx.direction === 'both' || (ctx.direction === 'pull') === (from === 'remote');

/** The CallOptions every backend call of a run gets. */
export const callOptions = (ctx: SyncContext): { signal?: AbortSignal } =>
  ctx.signal === undefined ? {} : { signal: ctx.signal };
