/**
 * watchMailbox on a real directory, with changes made behind the backend's back the way other
 * Maildir clients make them: a flag change (rename inside cur/, or new/ → cur/) is exactly one
 * flags-changed event, never an added + removed pair; the iterator ends on abort.
 */
import { mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MaildirBackend } from '../../../src/backends/maildir/index.js';
import type { WatchEvent } from '../../../src/shared/types.js';

let root = '';
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Resolves once `events` holds `count` events (the watcher saw the previous change). */
function eventCount(events: WatchEvent[], count: number, wake: { notify?: () => void }) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no event #${count} within 5 s`)), 5000);
    const check = (): void => {
      if (events.length < count) return;
      clearTimeout(timer);
      resolve();
    };
    wake.notify = check;
    check();
  });
}

describe('watchMailbox', () => {
  it('correlates renames by unique name and ends on abort', async () => {
    root = await mkdtemp(join(tmpdir(), 'mailroom-watch-'));
    const b = new MaildirBackend({ root, create: true });
    const controller = new AbortController();
    const events: WatchEvent[] = [];
    const wake: { notify?: () => void } = {};
    let onReady: () => void = () => undefined;
    const ready = new Promise<void>((r) => (onReady = r));
    const done = (async () => {
      for await (const e of b.watchMailbox('INBOX', { signal: controller.signal, onReady })) {
        events.push(e);
        wake.notify?.();
      }
    })();
    await ready;
    // Each change waits for the event of the one before: the debounce never merges two.
    const msg = 'Subject: watched\r\nFrom: a@b.c\r\n\r\nhi\r\n';
    await writeFile(join(root, 'tmp', '100.w.host'), msg);
    await rename(join(root, 'tmp', '100.w.host'), join(root, 'new', '100.w.host'));
    await eventCount(events, 1, wake);
    await rename(join(root, 'new', '100.w.host'), join(root, 'cur', '100.w.host:2,S'));
    await eventCount(events, 2, wake);
    await rename(join(root, 'cur', '100.w.host:2,S'), join(root, 'cur', '100.w.host:2,FS'));
    await eventCount(events, 3, wake);
    await unlink(join(root, 'cur', '100.w.host:2,FS'));
    await eventCount(events, 4, wake);
    controller.abort();
    await done;
    expect(
      events.map((e) =>
        e.type === 'added'
          ? [e.type, e.envelope.subject]
          : e.type === 'flags-changed'
            ? [e.type, e.flags]
            : [e.type],
      ),
    ).toEqual([
      ['added', 'watched'],
      ['flags-changed', ['seen']],
      ['flags-changed', ['seen', 'flagged']],
      ['removed'],
    ]);
  }, 15_000);
});

describe('watchMailbox onReady', () => {
  it('a throwing onReady ends the watch with that error', async () => {
    root = await mkdtemp(join(tmpdir(), 'mailroom-watch-'));
    const b = new MaildirBackend({ root, create: true });
    const boom = new Error('caller failed');
    const watch = b.watchMailbox('INBOX', {
      onReady: () => {
        throw boom;
      },
    });
    await expect(watch[Symbol.asyncIterator]().next()).rejects.toBe(boom);
  });
});
