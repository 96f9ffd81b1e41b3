/**
 * The state directory (docs/sync.md "State and crash safety"), the one part of sync that does
 * file I/O of its own — it is the sync's driver for its state, as fs-performer is the local
 * stores'. Three files:
 *
 * - `lock`: hard-linked into place (atomic, never half-written), holding `pid host`; a second run is refused (ERR_LOCKED)
 *   while that process lives; a lock left by a dead process on this host is taken over.
 * - `state.json`: the last committed state, replaced by write + fsync + rename + fsync(dir).
 * - `journal`: JSON lines appended before each side effect ("intent") and after it ("done",
 *   with the ids it produced). A run that starts with a journal replays its "done" records
 *   over the snapshot (those numbered after the snapshot's `seq`), then commits. A torn last
 *   line — a crash mid-write — is ignored: its side effect is re-matched by content key.
 */
import { closeSync, fdatasync, fsyncSync, ftruncateSync, mkdirSync, openSync } from 'node:fs';
import { linkSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname, homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { MailError } from '../shared/errors.js';
import { emptyState, STATE_VERSION, type SyncState } from './state.js';

export interface JournalRecord {
  n: number;
  t: 'intent' | 'done';
  [field: string]: unknown;
}

interface Snapshot {
  seq: number;
  state: SyncState;
}

export function defaultStateDir(account: string): string {
  const base = process.env['XDG_STATE_HOME'] ?? join(homedir(), '.local', 'state');
  const safe = account.replace(/[^A-Za-z0-9._@-]+/g, '_').slice(0, 120);
  return join(base, 'mailroom', 'sync', safe === '' ? 'default' : safe);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The lock is written to a private file and hard-linked into place: link() fails with EEXIST
 * atomically, and the lock is never seen half-written (a process killed between create and
 * write would otherwise leave an empty lock nobody could prove stale).
 */
function takeLock(path: string): void {
  const mine = `${path}.${process.pid}.tmp`;
  writeFileSync(mine, `${process.pid} ${hostname()}\n`);
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(mine, path);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const [pid, host] = (readText(path) ?? '').trim().split(' ');
        const holder = Number(pid);
        const stale = host === hostname() && Number.isInteger(holder) && !alive(holder);
        if (!stale || attempt > 0)
          throw new MailError('ERR_LOCKED', `another sync holds ${path}`, {
            details: { pid: holder, host },
            hint: 'wait for it to finish; if no sync runs, delete the lock file',
          });
        unlinkSync(path);
      }
    }
  } finally {
    unlinkSync(mine);
    removeStaleLockFiles(path);
  }
}

/** `lock.<pid>.tmp` files of processes killed before they linked them. */
function removeStaleLockFiles(path: string): void {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -4));
    if (Number.isInteger(pid) && !alive(pid)) rmSync(join(dir, name), { force: true });
  }
}

export class StateStore {
  private journalFd: number | undefined;
  private seq = 0;
  private syncing: Promise<void> | undefined;
  private dirty = false;
  private locked = false;
  /** The snapshot text last read or written: an unchanged state is not rewritten. */
  private committed: string | undefined;
  private journalEmpty = false;

  private constructor(readonly dir: string) {}

  /** Open the directory, take the lock. */
  static open(dir: string): StateStore {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const store = new StateStore(dir);
    takeLock(join(dir, 'lock'));
    store.locked = true;
    return store;
  }

  /** Read without locking (a dry run). */
  static peek(dir: string): StateStore {
    return new StateStore(dir);
  }

  /** The committed state and the journal's records after it. */
  load(): { state: SyncState; journal: JournalRecord[] } {
    const text = readText(join(this.dir, 'state.json'));
    this.committed = text;
    let snapshot: Snapshot = { seq: 0, state: emptyState() };
    if (text !== undefined) {
      try {
        const parsed = JSON.parse(text) as Snapshot;
        if (parsed.state?.version !== STATE_VERSION) throw new Error('unknown state version');
        snapshot = parsed;
      } catch {
        // A corrupt state is rebuilt: every message is re-matched by content key.
        snapshot = { seq: 0, state: emptyState() };
      }
    }
    this.seq = snapshot.seq;
    const journal: JournalRecord[] = [];
    const journalText = readText(join(this.dir, 'journal')) ?? '';
    this.journalEmpty = journalText === '';
    for (const line of journalText.split('\n')) {
      if (line === '') continue;
      try {
        const record = JSON.parse(line) as JournalRecord;
        if (record.n > snapshot.seq) journal.push(record);
        this.seq = Math.max(this.seq, record.n);
      } catch {
        break; // the torn tail of a crash mid-write
      }
    }
    return { state: snapshot.state, journal };
  }

  /** Append a record (returns its number). Durable once `flush()` resolves. */
  append(record: Omit<JournalRecord, 'n'>): number {
    if (this.journalFd === undefined) this.journalFd = openSync(join(this.dir, 'journal'), 'a');
    const n = ++this.seq;
    writeSync(this.journalFd, `${JSON.stringify({ n, ...record })}\n`);
    this.dirty = true;
    this.journalEmpty = false;
    return n;
  }

  /** fdatasync the journal; concurrent callers share one sync (group commit). */
  async flush(): Promise<void> {
    while (this.syncing !== undefined) await this.syncing;
    if (!this.dirty || this.journalFd === undefined) return;
    const fd = this.journalFd;
    this.dirty = false;
    this.syncing = new Promise<void>((resolve, reject) =>
      fdatasync(fd, (error) => (error === null ? resolve() : reject(error))),
    ).finally(() => {
      this.syncing = undefined;
    });
    await this.syncing;
  }

  /** Replace the snapshot atomically, then empty the journal (mbsync's commit order). */
  commit(state: SyncState): void {
    const path = join(this.dir, 'state.json');
    const text = JSON.stringify({ seq: this.seq, state } satisfies Snapshot);
    if (text === this.committed && this.journalEmpty) return; // a run that changed nothing
    const temp = `${path}.new`;
    const fd = openSync(temp, 'w', 0o600);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, path);
    const dirFd = openSync(this.dir, 'r');
    fsyncSync(dirFd);
    closeSync(dirFd);
    if (this.journalFd === undefined) this.journalFd = openSync(join(this.dir, 'journal'), 'a');
    ftruncateSync(this.journalFd, 0);
    fsyncSync(this.journalFd);
    this.dirty = false;
    this.committed = text;
    this.journalEmpty = true;
  }

  close(): void {
    if (this.journalFd !== undefined) closeSync(this.journalFd);
    this.journalFd = undefined;
    if (this.locked) {
      try {
        unlinkSync(join(this.dir, 'lock'));
      } catch {
        // already gone
      }
      this.locked = false;
    }
  }
}
