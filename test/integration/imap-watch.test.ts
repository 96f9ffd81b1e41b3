/**
 * watchMailbox against Dovecot (IDLE): (a) changes made by a second connection — an APPEND, a
 * flag change, an expunge — each arrive exactly once in the right bucket; (b) Dovecot is
 * restarted mid-watch, changes are made while the watcher is away, and after reconnecting
 * (with backoff) it reports exactly those changes, once. Every wait has a deadline.
 */
import { exec } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ImapBackend, type ImapConfig } from '../../src/backends/imap/index.js';
import { openConnection } from '../../src/backends/imap/ops/connect.js';
import { FIRST_BACKOFF_MS, watchMailbox } from '../../src/backends/imap/ops/watch.js';
import { MailError } from '../../src/shared/errors.js';
import type { WatchEvent } from '../../src/shared/types.js';
import { servers } from '../servers/coordinates.js';

const run = promisify(exec);
const DEADLINE_MS = 15_000;
/** How long "nothing else arrives" is watched for after the expected events. */

function config(): ImapConfig {
  const { host, dovecot } = servers();
  const [user] = dovecot.users;
  return {
    url: `imap://${host}:${dovecot.imapPort}`,
    auth: { user: user.user, password: user.password },
    tls: { ca: readFileSync(dovecot.caFile, 'utf8'), servername: 'localhost' },
    timeouts: { connectMs: 5000, greetingMs: 5000, commandMs: 8000 },
  };
}

const message = (subject: string, tag: string): string =>
  `From: a@example.org\r\nTo: b@example.org\r\nSubject: ${subject}\r\n` +
  `Message-ID: <${subject}.${tag}@example.org>\r\nDate: Sat, 21 Nov 2026 10:00:00 +0000\r\n\r\nbody\r\n`;

async function until(what: string, ok: () => boolean, ms = DEADLINE_MS): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Pump a watch in the background into `events`; `failure` holds what ended it badly. */
function collect(iterable: AsyncIterable<WatchEvent>) {
  const out = { events: [] as WatchEvent[], failure: undefined as unknown, done: false };
  void (async () => {
    try {
      for await (const e of iterable) out.events.push(e);
    } catch (error) {
      out.failure = error;
    } finally {
      out.done = true;
    }
  })();
  return out;
}

type Collected = ReturnType<typeof collect>;

const summary = (e: WatchEvent): string => {
  if (e.type === 'added') return `added ${e.envelope.id} ${e.envelope.subject}`;
  if (e.type === 'removed') return `removed ${e.id}`;
  if (e.type === 'flags-changed') return `flags ${e.id} ${e.flags.join(',')}`;
  return 'reset';
};

/** onReady for a watch, counting its calls, and a bounded wait for the first. */
function readiness() {
  let calls = 0;
  return {
    onReady: (): void => void (calls += 1),
    calls: (): number => calls,
    /** onReady guarantees every later change is reported: no probe or sleep needed. */
    wait: (c: Collected) =>
      until('onReady', () => {
        if (c.failure !== undefined) throw c.failure;
        return calls > 0;
      }),
  };
}

/**
 * The events once the watcher has caught up, minus the transient \Deleted flag of a removed id.
 * "Caught up" is an event, not a pause: after the expected events, `sentinel` makes one more
 * change (an APPEND) and we wait for its `added` event. The watcher reports in the order the
 * server tells it, so a duplicate or stray event for the earlier changes would come before it.
 */
async function settled(
  c: Collected,
  expected: number,
  sentinel: () => Promise<string>,
  ms = DEADLINE_MS,
): Promise<string[]> {
  await until(
    `${expected} events`,
    () => {
      if (c.failure !== undefined) throw c.failure;
      return transientFree(c.events).length >= expected;
    },
    ms,
  );
  const id = await sentinel();
  const isSentinel = (e: WatchEvent): boolean => e.type === 'added' && e.envelope.id === id;
  await until('the sentinel event', () => c.events.some(isSentinel), ms);
  return transientFree(c.events.filter((e) => !isSentinel(e))).map(summary);
}

/**
 * deleteMessages is STORE +\Deleted then UID EXPUNGE; a watcher that diffs between the two
 * legitimately sees `\Deleted` on a message that is removed right after. Only that event is
 * dropped; anything else extra (a duplicate, a wrong bucket) still fails the comparison.
 */
function transientFree(events: WatchEvent[]): WatchEvent[] {
  const removed = new Set(events.flatMap((e) => (e.type === 'removed' ? [e.id] : [])));
  return events.filter(
    (e) => !(e.type === 'flags-changed' && removed.has(e.id) && e.flags.includes('deleted')),
  );
}

describe('imap watchMailbox on Dovecot', () => {
  const store = new ImapBackend(config());
  const boxes: string[] = [];
  afterAll(async () => {
    const cleaner = new ImapBackend(config());
    for (const id of boxes) await cleaner.deleteMailbox(id).catch(() => undefined);
    await cleaner.close();
    await store.close();
  });

  it('reports an APPEND, a flag change and an expunge by another connection, each once', async () => {
    const tag = `w-${Date.now().toString(36)}`;
    const box = await store.createMailbox([`mr-watch-${tag}`]);
    boxes.push(box.id);
    const a = await store.addMessage(box.id, message('a', tag));
    const b = await store.addMessage(box.id, message('b', tag));
    const watcher = new ImapBackend(config());
    const controller = new AbortController();
    const ready = readiness();
    const c = collect(
      watcher.watchMailbox(box.id, { signal: controller.signal, onReady: ready.onReady }),
    );
    try {
      await ready.wait(c);
      const added = await store.addMessage(box.id, message('new', tag), { flags: ['seen'] });
      await until('the added event', () => c.events.length > 0);
      await store.storeFlags(box.id, [a], 'add', ['flagged']);
      await until('the flag event', () => c.events.length > 1);
      await store.deleteMessages(box.id, [b]);
      expect(await settled(c, 3, () => store.addMessage(box.id, message('end', tag)))).toEqual([
        `added ${added} new`,
        `flags ${a} flagged`,
        `removed ${b}`,
      ]);
      const envelope = c.events.find((e) => e.type === 'added');
      expect(envelope?.type === 'added' && envelope.envelope.flags).toEqual(['seen']);
    } finally {
      controller.abort();
      await until('the watch to end on abort', () => c.done, 5000);
      await watcher.close();
    }
    expect(c.failure).toBeUndefined();
  });

  it(
    'after a Dovecot restart it reconnects with backoff and reports what happened meanwhile, once',
    { timeout: 120_000 },
    async () => {
      const tag = `r-${Date.now().toString(36)}`;
      const box = await store.createMailbox([`mr-watch-${tag}`]);
      boxes.push(box.id);
      const a = await store.addMessage(box.id, message('a', tag));
      const b = await store.addMessage(box.id, message('b', tag));
      const cfg = config();
      // The opener stays "down" after the restart until the changes are made, so the watcher is
      // provably away while they happen; its failed attempts show the backoff.
      let down = false;
      let opens = 0;
      const attempts: number[] = [];
      const open = () => {
        if (down) {
          attempts.push(Date.now());
          return Promise.reject(new MailError('ERR_CONNECTION', 'test: server still down'));
        }
        opens += 1;
        return openConnection(cfg);
      };
      const controller = new AbortController();
      const ready = readiness();
      const c = collect(
        watchMailbox(cfg, box.id, { signal: controller.signal, onReady: ready.onReady }, open),
      );
      try {
        await ready.wait(c);
        expect(opens).toBe(1);
        down = true;
        await run(servers().dovecot.restartCommand, { timeout: 60_000 });
        // Dovecot's old session processes outlive the restart for a while (here ~9 s until they
        // close the socket) and keep serving; only once the watcher has seen the close and tried
        // to reconnect is it provably away. The changes are made then.
        await until('the watcher to notice the drop', () => attempts.length >= 1, 40_000);
        const changer = new ImapBackend(cfg);
        const added = await changer.addMessage(box.id, message('meanwhile', tag));
        await changer.storeFlags(box.id, [a], 'add', ['answered', 'seen']);
        await changer.deleteMessages(box.id, [b]);
        await changer.close();
        await until('three failed reconnect attempts', () => attempts.length >= 3, 20_000);
        expect(c.events).toEqual([]);
        down = false;
        // On a loaded machine more attempts may have failed meanwhile; the next one comes after
        // at most the current backoff, which doubles per attempt.
        const nextAttemptMs = FIRST_BACKOFF_MS * 2 ** attempts.length;
        expect(
          await settled(
            c,
            3,
            () => store.addMessage(box.id, message('end', tag)),
            DEADLINE_MS + nextAttemptMs,
          ),
        ).toEqual([`added ${added} meanwhile`, `removed ${b}`, `flags ${a} seen,answered`]);
        expect(opens).toBe(2);
        expect(ready.calls()).toBe(1); // not again after the reconnect
        // exponential backoff: each wait is at least twice the one before (timers never fire early)
        const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] ?? t));
        gaps.forEach((gap, i) =>
          expect(gap).toBeGreaterThanOrEqual(FIRST_BACKOFF_MS * 2 ** (i + 1) - 20),
        );
      } finally {
        controller.abort();
        await until('the watch to end on abort', () => c.done, 5000);
      }
      expect(c.failure).toBeUndefined();
    },
  );
});
