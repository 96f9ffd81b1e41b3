/**
 * watchMailbox: a dedicated connection per watch. With IDLE (RFC 2177) it idles, re-issuing
 * IDLE before the 29-minute server timeout (RFC 2177 §3: "at least every 29 minutes"); without
 * it, NOOP polling every `pollIntervalMs`. Any EXISTS / EXPUNGE / VANISHED / FETCH wakes it up
 * and a diff from the last state (diff.ts) turns into added / removed / flags-changed events,
 * so nothing is reported twice and nothing is missed. After a dropped connection it reconnects
 * with exponential backoff and the next diff reports what changed meanwhile. Aborting
 * `options.signal` ends the iteration.
 */
import { isMailError } from '../../../shared/errors.js';
import type { ImapConfig } from '../../../shared/config.js';
import type { WatchEvent, WatchOptions } from '../../../shared/types.js';
import type { ImapConnection } from '../client/connection.js';
import { openConnection } from './connect.js';
import { diffSelected } from './diff.js';
import { mailboxError } from './errors.js';

const IDLE_REFRESH_MS = 28 * 60 * 1000;
const MAX_BACKOFF_MS = 60_000;

const RETRYABLE = new Set(['ERR_CONNECTION', 'ERR_CONNECTION_CLOSED', 'ERR_TIMEOUT']);
const WAKE_EVENTS = new Set(['exists', 'expunge', 'vanished', 'fetch']);

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Wait for a change notification (IDLE) or one poll interval (NOOP), whichever applies. */
async function waitForChange(
  conn: ImapConnection,
  pollMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (!conn.hasCapability('IDLE')) {
    await sleep(pollMs, signal);
    if (signal?.aborted !== true) await conn.noop();
    return;
  }
  // Queuing any command ends the IDLE (the core sends DONE when a call is waiting), which
  // also covers a wake-up that lands between two reads of the IDLE loop.
  let woken = false;
  const wake = (): void => {
    if (woken) return;
    woken = true;
    conn.noop().catch(() => undefined);
  };
  const off = conn.on('*', (e) => {
    if (WAKE_EVENTS.has(e.type)) wake();
  });
  signal?.addEventListener('abort', wake, { once: true });
  const refresh = setTimeout(wake, IDLE_REFRESH_MS);
  try {
    if (signal?.aborted !== true) await conn.idle();
  } finally {
    clearTimeout(refresh);
    off();
    signal?.removeEventListener('abort', wake);
  }
}

function* eventsOf(
  mailbox: string,
  diff: Awaited<ReturnType<typeof diffSelected>>,
): Generator<WatchEvent> {
  if (diff.reset) yield { type: 'reset', mailbox };
  for (const envelope of diff.added) yield { type: 'added', mailbox, envelope };
  for (const id of diff.removed) yield { type: 'removed', mailbox, id };
  for (const c of diff.flagsChanged)
    yield { type: 'flags-changed', mailbox, id: c.id, flags: c.flags };
}

export async function* watchMailbox(
  config: ImapConfig,
  mailbox: string,
  options: WatchOptions = {},
): AsyncGenerator<WatchEvent> {
  const { signal } = options;
  const pollMs = options.pollIntervalMs ?? 30_000;
  let state: string | undefined;
  let conn: ImapConnection | undefined;
  let backoff = 500;
  const aborted = (): boolean => signal?.aborted === true;
  try {
    while (!aborted()) {
      try {
        if (conn === undefined || conn.closed) {
          conn = await openConnection(config);
          const info = await conn.select(mailbox).catch((e: unknown) => {
            throw mailboxError(e, mailbox);
          });
          const diff = await diffSelected(conn, info, mailbox, state, config.diff ?? 'auto');
          // The first listing is the baseline; after a reconnect, report what changed meanwhile.
          if (state !== undefined) yield* eventsOf(mailbox, diff);
          state = diff.state;
          backoff = 500;
        }
        await waitForChange(conn, pollMs, signal);
        if (aborted()) break;
        const info = await conn.select(mailbox);
        const diff = await diffSelected(conn, info, mailbox, state, config.diff ?? 'auto');
        state = diff.state;
        yield* eventsOf(mailbox, diff);
      } catch (error) {
        if (aborted()) break;
        if (!isMailError(error) || !RETRYABLE.has(error.code)) throw error;
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  } finally {
    if (conn !== undefined && !conn.closed)
      await conn.logout({ timeoutMs: 2000 }).catch(() => undefined);
  }
}
