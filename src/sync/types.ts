/**
 * The public vocabulary of `mailroom/sync` (docs/sync.md): options, the plan a dry run returns,
 * the report a run returns, conflicts and progress. Everything here is JSON-serialisable.
 */
import type { Backend } from '../shared/backend.js';
import type { Flag } from '../shared/types.js';

/** Which side a change is made on. `remote` is the server (IMAP/JMAP), `local` the mirror. */
export type Side = 'remote' | 'local';

/** both (default): changes flow both ways; pull: remote → local only; push: local → remote only. */
export type Direction = 'both' | 'pull' | 'push';

export interface DeleteGuard {
  /** Refuse when one run would delete more than this share of a side's synced messages. */
  share: number;
  /** …but only once the count is above this (small mailboxes may be emptied freely). */
  minimum: number;
  /** Refuse above this many deletions on one side whatever the share. */
  maximum: number;
}

export interface SyncOptions {
  remote: Backend;
  local: Backend;
  /** The state directory; default `$XDG_STATE_HOME/mailroom/sync/<account>`. */
  stateDir?: string;
  /** Names the default state directory (one per account pair). Needed when `stateDir` is not. */
  account?: string;
  direction?: Direction;
  /** Glob patterns over canonical names (`INBOX`, `Archive/2026`; `*` within a level, `**` any). */
  include?: readonly string[];
  exclude?: readonly string[];
  /**
   * Map a mailbox's canonical name on one side to the name on the other (default: identity;
   * the inbox is `INBOX` on every side, other names are path components joined with `/`).
   */
  mapName?: (name: string, from: Side) => string;
  /** Allow mass deletions and deleting non-empty mailboxes. */
  force?: boolean;
  deleteGuard?: Partial<DeleteGuard>;
  /** Transfers in flight at once (default 8). */
  concurrency?: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  /** Overrides SyncOptions.force for this run. */
  force?: boolean;
}

export interface SyncProgress {
  phase: 'scan' | 'apply' | 'done';
  /** Mailbox being scanned or changed (canonical name). */
  mailbox?: string;
  /** Changes applied so far / planned in total (apply phase). */
  done: number;
  total: number;
  /** Message bytes copied so far / to copy in total (as far as sizes are known). */
  bytes: number;
  totalBytes: number;
}

interface ChangeBase {
  /** Where the change is made. */
  side: Side;
  /** Canonical mailbox name (on the remote side's naming). */
  mailbox: string;
}

export type Change =
  | (ChangeBase & { kind: 'create-mailbox' })
  | (ChangeBase & { kind: 'rename-mailbox'; to: string })
  | (ChangeBase & { kind: 'delete-mailbox' })
  | (ChangeBase & {
      kind: 'copy';
      /** The message's id on the side it is copied from. */
      sourceId: string;
      key: string;
      flags: Flag[];
      size?: number;
    })
  | (ChangeBase & { kind: 'delete'; id: string; key: string })
  | (ChangeBase & { kind: 'flags'; id: string; key: string; flags: Flag[] })
  | (ChangeBase & { kind: 'move'; id: string; key: string; to: string });

export type ChangeKind = Change['kind'];

export type ConflictKind =
  | 'flags-without-base'
  | 'delete-vs-flags'
  | 'delete-vs-move'
  | 'mailbox-delete-refused'
  | 'rename-vs-rename'
  | 'both-created'
  | 'duplicate';

export interface Conflict {
  kind: ConflictKind;
  mailbox: string;
  /** What was decided, in words (docs/sync.md "Conflicts" has the rules). */
  resolution: string;
  key?: string;
}

export interface Plan {
  changes: Change[];
  conflicts: Conflict[];
  /** Changes per kind and side, e.g. `{ 'copy:local': 12 }`. */
  counts: Record<string, number>;
}

export interface ChangeError {
  change: Change;
  code: string;
  message: string;
}

export interface SyncReport extends Plan {
  /** Changes that failed; they are retried by the next run. */
  errors: ChangeError[];
  /** The journal of an interrupted run was replayed first. */
  recovered: boolean;
  durationMs: number;
}

export type SyncEvent =
  | { type: 'synced'; report: SyncReport; trigger: 'start' | 'change' | 'interval' }
  | { type: 'error'; error: Error };

export interface WatchSyncOptions {
  signal?: AbortSignal;
  /** A full run at least this often even without events (default 300 000 ms). */
  intervalMs?: number;
  /** Wait this long after an event for more before running (default 300 ms). */
  debounceMs?: number;
  /** Remote mailboxes watched live (IMAP holds one connection each; default 4, INBOX first). */
  remoteWatchLimit?: number;
  onProgress?: (progress: SyncProgress) => void;
}
