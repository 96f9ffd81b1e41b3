import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../../src/shared/types.js';
import { message, rejectsWith, tempStore } from './helpers.js';

/** Collect events until `until` says stop or the timeout passes, then abort the watch. */
async function collect(
  iterable: AsyncIterable<WatchEvent>,
  controller: AbortController,
  until: (events: WatchEvent[]) => boolean,
  events: WatchEvent[] = [],
): Promise<WatchEvent[]> {
  const timer = setTimeout(() => controller.abort(), 5000);
  for await (const e of iterable) {
    events.push(e);
    if (until(events)) controller.abort();
  }
  clearTimeout(timer);
  return events;
}

/** onReady for a watch, and a promise it resolves. */
function readiness(): { onReady: () => void; ready: Promise<void> } {
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  return { onReady, ready };
}

/** Resolves once `events` (filled by collect) holds `count` events of `type`. */
async function eventCount(
  events: WatchEvent[],
  type: WatchEvent['type'],
  count: number,
): Promise<void> {
  const deadline = Date.now() + 5000;
  while (events.filter((e) => e.type === type).length < count) {
    if (Date.now() > deadline) throw new Error(`no ${type} event #${count} within 5 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('watchMailbox', () => {
  it('reports added (full envelope), flags-changed (one per flags write) and removed', async () => {
    const { root, store } = await tempStore();
    const controller = new AbortController();
    const { onReady, ready } = readiness();
    const seen: WatchEvent[] = [];
    const events = collect(
      store.watchMailbox('INBOX', { signal: controller.signal, onReady }),
      controller,
      (es) => es.some((e) => e.type === 'removed'),
      seen,
    );
    await ready;
    const id = await store.addMessage(
      'INBOX',
      message('watched', 'Mon, 05 Jan 2026 09:00:00 +0000'),
    );
    await eventCount(seen, 'added', 1);
    await store.storeFlags('INBOX', [id], 'add', ['seen']);
    await eventCount(seen, 'flags-changed', 1);
    // an external tool rewriting the flags file atomically is one change too
    await writeFile(join(root, 'INBOX', '.meta', '.ext.tmp'), '$flagged\n$seen\n');
    await rename(
      join(root, 'INBOX', '.meta', '.ext.tmp'),
      join(root, 'INBOX', '.meta', `${id}.flags`),
    );
    await eventCount(seen, 'flags-changed', 2);
    await store.deleteMessages('INBOX', [id]);
    const got = await events;
    expect(got[0]).toMatchObject({
      type: 'added',
      mailbox: 'INBOX',
      envelope: { id, subject: 'watched', from: [{ email: 'alice@example.org' }] },
    });
    const flagEvents = got.filter((e) => e.type === 'flags-changed');
    expect(flagEvents).toEqual([
      { type: 'flags-changed', mailbox: 'INBOX', id, flags: ['seen'] },
      { type: 'flags-changed', mailbox: 'INBOX', id, flags: ['seen', 'flagged'] },
    ]);
    expect(got[got.length - 1]).toEqual({ type: 'removed', mailbox: 'INBOX', id });
  });

  it('ends when the signal aborts, and refuses unknown mailboxes', async () => {
    const { store } = await tempStore();
    const controller = new AbortController();
    const { onReady, ready } = readiness();
    const watch = store.watchMailbox('INBOX', { signal: controller.signal, onReady });
    const iterator = watch[Symbol.asyncIterator]();
    const next = iterator.next();
    await ready;
    controller.abort();
    expect(await next).toEqual({ done: true, value: undefined });
    await rejectsWith(store.watchMailbox('Nope')[Symbol.asyncIterator]().next(), 'ERR_NOT_FOUND');
  });

  it('onReady comes after the baseline: a message there before is not reported as added', async () => {
    const { store } = await tempStore();
    const old = await store.addMessage('INBOX', message('old', 'Mon, 05 Jan 2026 08:00:00 +0000'));
    const controller = new AbortController();
    const { onReady, ready } = readiness();
    const seen: WatchEvent[] = [];
    const events = collect(
      store.watchMailbox('INBOX', { signal: controller.signal, onReady }),
      controller,
      (es) => es.some((e) => e.type === 'removed'),
      seen,
    );
    await ready;
    await store.deleteMessages('INBOX', [old]);
    expect(await events).toEqual([{ type: 'removed', mailbox: 'INBOX', id: old }]);
  });

  it('a throwing onReady ends the watch with that error', async () => {
    const { store } = await tempStore();
    const boom = new Error('caller failed');
    const watch = store.watchMailbox('INBOX', {
      onReady: () => {
        throw boom;
      },
    });
    await expect(watch[Symbol.asyncIterator]().next()).rejects.toBe(boom);
  });
});
