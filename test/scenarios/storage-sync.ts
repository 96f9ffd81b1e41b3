/**
 * Synchronisation scenarios: diffEnvelopes (each change once, in the right bucket; a second
 * diff is empty) and watchMailbox (added / flags-changed events, abort ends the iteration, a
 * change made right after onReady is reported: no sleep anywhere, onReady is the guarantee).
 */
import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../src/shared/types.js';
import type { Scenario } from './context.js';
import { flagKey } from './context.js';
import { extraMessage } from './messages.js';

const WATCH_DEADLINE_MS = 10_000;

export function registerSyncScenarios(s: Scenario): void {
  describe('sync', () => {
    it('diffEnvelopes without a state lists everything', async () => {
      const box = await s.mailbox('diff-initial');
      const ids = await s.seed(box.id, ['report', 'lunch']);
      const diff = await s.store.diffEnvelopes(box.id);
      expect(diff.reset).toBe(true);
      expect(diff.added.map((e) => e.id).sort()).toEqual(Object.values(ids).sort());
      expect(diff.removed).toEqual([]);
      expect(diff.flagsChanged).toEqual([]);
      expect(typeof diff.state).toBe('string');
    });

    it('diffEnvelopes reports an add, a delete and a flag change exactly once', async () => {
      const box = await s.mailbox('diff');
      const ids = await s.seed(box.id, ['report', 'lunch', 'minutes']);
      const { state } = await s.store.diffEnvelopes(box.id);

      const addedId = await s.store.addMessage(
        box.id,
        extraMessage(s.runId, 'diff addition', '2026-02-01T10:00:00Z'),
        { flags: ['seen'] },
      );
      await s.store.deleteMessages(box.id, [ids['lunch'] as string]);
      await s.store.storeFlags(box.id, [ids['report'] as string], 'add', ['flagged']);

      const diff = await s.store.diffEnvelopes(box.id, state);
      if (!(diff.reset && s.quirks.diffMayReset === true)) {
        expect(diff.reset).toBe(false);
        expect(diff.added.map((e) => e.id)).toEqual([addedId]);
        expect(diff.added[0]?.subject).toBe('diff addition');
        expect(diff.added[0]?.flags).toEqual(['seen']);
        expect(diff.removed).toEqual([ids['lunch']]);
        expect(diff.flagsChanged).toEqual([{ id: ids['report'], flags: ['flagged'] }]);
      }

      const again = await s.store.diffEnvelopes(box.id, diff.state);
      if (again.reset && s.quirks.diffMayReset === true) return;
      expect(again.reset).toBe(false);
      expect(again.added).toEqual([]);
      expect(again.removed).toEqual([]);
      expect(again.flagsChanged).toEqual([]);
    });

    it('diffEnvelopes reports the removal of the newest message', async () => {
      // On IMAP `1:*` stops at the highest UID in use; once the newest message is expunged a
      // CHANGEDSINCE fetch over `1:*` no longer covers it (Cyrus then reports no VANISHED).
      const box = await s.mailbox('diff-newest');
      await s.seed(box.id, ['report']);
      const newest = await s.store.addMessage(
        box.id,
        extraMessage(s.runId, 'newest of all', '2026-02-02T10:00:00Z'),
      );
      const { state } = await s.store.diffEnvelopes(box.id);
      await s.store.deleteMessages(box.id, [newest]);
      const diff = await s.store.diffEnvelopes(box.id, state);
      if (diff.reset && s.quirks.diffMayReset === true) return;
      expect(diff.removed).toEqual([newest]);
      expect(diff.added).toEqual([]);
    });

    it(
      'watchMailbox reports added and flags-changed, and ends on abort',
      { timeout: 40_000 },
      async (t) => {
        if (s.quirks.noWatch === true) t.skip('backend has no watchMailbox (quirks.noWatch)');
        const box = await s.mailbox('watch');
        const controller = new AbortController();
        const ready = readySignal();
        const watch = s.store.watchMailbox(box.id, {
          signal: controller.signal,
          pollIntervalMs: 200,
          onReady: ready.resolve,
        });
        const events = watch[Symbol.asyncIterator]();
        // Start the iteration (the watch begins on the first next()); changes count from onReady.
        let pending = events.next();
        await ready.promise;

        const subject = `watched ${s.runId}`;
        const id = await s.store.addMessage(
          box.id,
          extraMessage(s.runId, subject, '2026-03-01T10:00:00Z'),
          { flags: [] },
        );
        const added = await nextMatching(
          events,
          pending,
          (e) => e.type === 'added' && e.envelope.id === id,
        );
        expect(added.type === 'added' && added.envelope.subject).toBe(subject);
        expect(added.mailbox).toBe(box.id);

        await s.store.storeFlags(box.id, [id], 'add', ['flagged']);
        pending = events.next();
        const changed = await nextMatching(
          events,
          pending,
          (e) => e.type === 'flags-changed' && e.id === id,
        );
        expect(changed.type === 'flags-changed' && flagKey(changed.flags)).toEqual(['flagged']);

        controller.abort();
        const end = await withDeadline(drain(events), 5_000, 'the watch did not end on abort');
        expect(end).toBe('done');
        expect(ready.calls()).toBe(1);
      },
    );

    it('a change made right after onReady is reported', { timeout: 40_000 }, async (t) => {
      if (s.quirks.noWatch === true) t.skip('backend has no watchMailbox (quirks.noWatch)');
      const box = await s.mailbox('watch-ready');
      const before = await s.seed(box.id, ['report']);
      const controller = new AbortController();
      let change: Promise<string> | undefined;
      const subject = `right after ready ${s.runId}`;
      const ready = readySignal(() => {
        // Started inside onReady itself: the tightest "after" a caller can manage.
        change = s.store.addMessage(
          box.id,
          extraMessage(s.runId, subject, '2026-03-02T10:00:00Z'),
          { flags: [] },
        );
      });
      const watch = s.store.watchMailbox(box.id, {
        signal: controller.signal,
        pollIntervalMs: 200,
        onReady: ready.resolve,
      });
      const events = watch[Symbol.asyncIterator]();
      const seen: WatchEvent[] = [];
      const pending = events.next();
      await ready.promise;
      const id = await (change as Promise<string>);
      const added = await nextMatching(events, pending, (e) => {
        seen.push(e);
        return e.type === 'added' && e.envelope.id === id;
      });
      expect(added.type === 'added' && added.envelope.subject).toBe(subject);
      // The message there before the watch is part of the baseline, not an addition.
      const seededId = before['report'];
      expect(seen.filter((e) => e.type === 'added' && e.envelope.id === seededId)).toEqual([]);
      controller.abort();
      expect(await withDeadline(drain(events), 5_000, 'the watch did not end on abort')).toBe(
        'done',
      );
      expect(ready.calls()).toBe(1);
    });
  });
}

/** A promise onReady resolves (bounded: a backend that never calls it fails the scenario). */
function readySignal(onCall?: () => void): {
  resolve: () => void;
  promise: Promise<void>;
  calls: () => number;
} {
  let calls = 0;
  let resolve: () => void = () => undefined;
  const called = new Promise<void>((r) => (resolve = r));
  return {
    resolve: () => {
      calls += 1;
      onCall?.();
      resolve();
    },
    promise: withDeadline(called, WATCH_DEADLINE_MS, 'onReady was not called'),
    calls: () => calls,
  };
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Wait (up to the deadline) for the first event matching `match`, skipping others. */
async function nextMatching(
  events: AsyncIterator<WatchEvent>,
  first: Promise<IteratorResult<WatchEvent>>,
  match: (e: WatchEvent) => boolean,
): Promise<WatchEvent> {
  const search = async (): Promise<WatchEvent> => {
    let step = await first;
    while (step.done !== true) {
      if (match(step.value)) return step.value;
      step = await events.next();
    }
    throw new Error('the watch ended before the expected event');
  };
  return withDeadline(search(), WATCH_DEADLINE_MS, 'expected watch event did not arrive');
}

/** Consume the rest after abort: the iteration must end normally. */
async function drain(events: AsyncIterator<WatchEvent>): Promise<'done'> {
  for (;;) {
    const step = await events.next();
    if (step.done === true) return 'done';
  }
}
