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
): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  const timer = setTimeout(() => controller.abort(), 5000);
  for await (const e of iterable) {
    events.push(e);
    if (until(events)) controller.abort();
  }
  clearTimeout(timer);
  return events;
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 300));

describe('watchMailbox', () => {
  it('reports added (full envelope), flags-changed (one per flags write) and removed', async () => {
    const { root, store } = await tempStore();
    const controller = new AbortController();
    const events = collect(
      store.watchMailbox('INBOX', { signal: controller.signal }),
      controller,
      (es) => es.some((e) => e.type === 'removed'),
    );
    await settle();
    const id = await store.addMessage(
      'INBOX',
      message('watched', 'Mon, 05 Jan 2026 09:00:00 +0000'),
    );
    await settle();
    await store.storeFlags('INBOX', [id], 'add', ['seen']);
    await settle();
    // an external tool rewriting the flags file atomically is one change too
    await writeFile(join(root, 'INBOX', '.meta', '.ext.tmp'), '$flagged\n$seen\n');
    await rename(
      join(root, 'INBOX', '.meta', '.ext.tmp'),
      join(root, 'INBOX', '.meta', `${id}.flags`),
    );
    await settle();
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
    const watch = store.watchMailbox('INBOX', { signal: controller.signal });
    const iterator = watch[Symbol.asyncIterator]();
    const next = iterator.next();
    await settle();
    controller.abort();
    expect(await next).toEqual({ done: true, value: undefined });
    await rejectsWith(store.watchMailbox('Nope')[Symbol.asyncIterator]().next(), 'ERR_NOT_FOUND');
  });
});
