/**
 * Continuous sync (docs/sync.md "Watch"): run once, then run again when either side reports a
 * change (watchMailbox: IMAP IDLE, JMAP push or polling, a file watcher on Maildir/m2dir),
 * after `debounceMs` of quiet, or every `intervalMs` regardless. Like state-store.ts this is
 * sync's own driver: the only sync file with timers. Our own changes wake the watchers too; the
 * run they cause finds nothing to do, and then it is quiet.
 */
import type { Backend } from '../shared/backend.js';
import type { Mailbox } from '../shared/types.js';
import { canonicalName } from './mailbox-names.js';
import type { SyncEvent, SyncOptions, SyncReport, WatchSyncOptions } from './types.js';
import type { RunOptions } from './types.js';

interface Runner {
  run(options: RunOptions): Promise<SyncReport>;
}

class Wakeup {
  private waiter: (() => void) | undefined;
  pending = false;
  poke = (): void => {
    this.pending = true;
    this.waiter?.();
  };
  wait(signal: AbortSignal, ms: number): Promise<'change' | 'interval'> {
    if (this.pending) return Promise.resolve('change');
    return new Promise((resolve) => {
      const done = (why: 'change' | 'interval') => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waiter = undefined;
        resolve(why);
      };
      const onAbort = () => done('interval');
      const timer = setTimeout(() => done('interval'), ms);
      this.waiter = () => done('change');
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

const quiet = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Watch these mailboxes of one backend until `signal` aborts; every event pokes. */
async function watchBackend(
  backend: Backend,
  limit: number,
  signal: AbortSignal,
  poke: () => void,
) {
  if (backend.watchMailbox === undefined || backend.listMailboxes === undefined) return;
  let boxes: Mailbox[];
  try {
    boxes = await backend.listMailboxes({ signal });
  } catch {
    return;
  }
  boxes.sort((a, b) => Number(canonicalName(b) === 'INBOX') - Number(canonicalName(a) === 'INBOX'));
  await Promise.all(
    boxes.slice(0, limit).map(async (box) => {
      try {
        for await (const _event of backend.watchMailbox!(box.id, { signal })) poke();
      } catch {
        // A watch that cannot start or dies is covered by the interval run.
      }
    }),
  );
}

export async function* watchSync(
  runner: Runner,
  sync: SyncOptions,
  options: WatchSyncOptions,
): AsyncGenerator<SyncEvent> {
  const outer = options.signal ?? new AbortController().signal;
  const intervalMs = options.intervalMs ?? 300_000;
  const debounceMs = options.debounceMs ?? 300;
  const wake = new Wakeup();
  const watchers = new AbortController();
  const stop = () => watchers.abort();
  outer.addEventListener('abort', stop, { once: true });
  const runOptions: RunOptions = {
    signal: outer,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  };
  try {
    yield { type: 'synced', report: await runner.run(runOptions), trigger: 'start' };
    const watching = Promise.all([
      watchBackend(sync.remote, options.remoteWatchLimit ?? 4, watchers.signal, wake.poke),
      watchBackend(sync.local, 64, watchers.signal, wake.poke),
    ]);
    while (!outer.aborted) {
      const trigger = await wake.wait(outer, intervalMs);
      if (outer.aborted) break;
      if (trigger === 'change') await quiet(debounceMs, outer);
      if (outer.aborted) break;
      wake.pending = false;
      try {
        yield { type: 'synced', report: await runner.run(runOptions), trigger };
      } catch (error) {
        if (outer.aborted) break;
        yield { type: 'error', error: error as Error };
      }
    }
    watchers.abort();
    await watching;
  } finally {
    watchers.abort();
    outer.removeEventListener('abort', stop);
  }
}
