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
import type { RunOptions, Side } from './types.js';

interface Runner {
  run(options: RunOptions): Promise<SyncReport>;
  /** Is this mailbox of this side synced (include/exclude)? */
  selects(mailbox: Mailbox, side: Side): boolean;
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

/** Watch the synced mailboxes of one side (INBOX first, up to `limit`) until `signal` aborts. */
async function watchBackend(
  runner: Runner,
  side: Side,
  backend: Backend,
  limit: number,
  signal: AbortSignal,
  poke: () => void,
  onReady: () => void,
): Promise<void> {
  if (backend.watchMailbox === undefined || backend.listMailboxes === undefined) return onReady();
  let boxes: Mailbox[];
  try {
    boxes = await backend.listMailboxes({ signal });
  } catch {
    return onReady();
  }
  boxes = boxes.filter((box) => runner.selects(box, side));
  boxes.sort((a, b) => Number(canonicalName(b) === 'INBOX') - Number(canonicalName(a) === 'INBOX'));
  boxes = boxes.slice(0, limit);
  let waiting = boxes.length;
  const oneReady = () => {
    if (--waiting === 0) onReady();
  };
  if (waiting === 0) onReady();
  await Promise.all(
    boxes.map(async (box) => {
      let ready = false;
      try {
        const events = backend.watchMailbox!(box.id, {
          signal,
          onReady: () => ((ready = true), oneReady()),
        });
        for await (const _event of events) poke();
      } catch {
        // A watch that cannot start or dies is covered by the interval run.
      } finally {
        if (!ready) oneReady();
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
  let watching: Promise<unknown> = Promise.resolve();
  const runOptions: RunOptions = {
    signal: outer,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  };
  try {
    // Watchers first, the first run once they listen: a change made after that run's
    // observation is then always announced (WatchOptions.onReady).
    let ready = 0;
    const listening = new Promise<void>((resolve) => {
      const one = () => ++ready === 2 && resolve();
      watching = Promise.all([
        watchBackend(
          runner,
          'remote',
          sync.remote,
          options.remoteWatchLimit ?? 4,
          watchers.signal,
          wake.poke,
          one,
        ),
        watchBackend(runner, 'local', sync.local, 64, watchers.signal, wake.poke, one),
      ]);
    });
    await Promise.race([
      listening,
      new Promise((resolve) => outer.addEventListener('abort', resolve, { once: true })),
    ]);
    wake.pending = false;
    yield { type: 'synced', report: await runner.run(runOptions), trigger: 'start' };
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
