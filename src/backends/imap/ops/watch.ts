/**
 * watchMailbox: a dedicated connection per watch. With IDLE (RFC 2177) it idles (the core
 * re-issues IDLE before the server's 30-minute inactivity limit, RFC 9051 §5.4); without it,
 * NOOP every `pollIntervalMs` (RFC 9051 §6.1.2: NOOP is how a client polls for updates).
 *
 * Invariants:
 * - Every report comes from a diff (diff.ts) between the last reported state and a fresh
 *   SELECT, so nothing is reported twice and nothing is missed, whatever the notifications.
 * - A change notification (EXISTS / EXPUNGE / non-EARLIER VANISHED / unsolicited FETCH) that
 *   lands while a diff runs is remembered, so the next wait returns at once: a notification
 *   is never lost between the end of a diff and the start of the next IDLE. A response the
 *   framing layer had to skip while selected (it may have been such a notification; the
 *   selection is then stale, selected.ts) counts as one: the re-SELECT and diff find out.
 * - After a dropped connection it reconnects with exponential backoff (reset once a
 *   reconnect succeeds); the first diff after the reconnect reports what changed meanwhile.
 *   A failure on the very first connection (bad config, wrong password, no such mailbox) is
 *   thrown, not retried.
 * - `onReady` runs once, after the first SELECT and baseline diff and before the first wait:
 *   a change made after it is either announced during that wait (an untagged EXISTS / EXPUNGE
 *   / FETCH at IDLE start or on the next NOOP, RFC 9051 §5.2, §7) or found by the re-SELECT
 *   and diff that follow. Never again on a reconnect.
 * Aborting `options.signal` (or breaking out of the loop) ends the iteration and logs out.
 */
import { MailError, isMailError } from '../../../shared/errors.js';
import type { ImapConfig } from '../../../shared/config.js';
import type { EnvelopeDiff, WatchEvent, WatchOptions } from '../../../shared/types.js';
import type { ImapEvent } from '../events.js';
import type { ImapConnection } from '../client/connection.js';
import { openConnection } from './connect.js';
import { diffSelected } from './diff.js';
import { selectMailbox } from './selection.js';

export const FIRST_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 60_000;
const DEFAULT_POLL_MS = 30_000;

/** Errors after which a new connection may succeed (network, server restart, silence). */
const RETRYABLE = new Set(['ERR_CONNECTION', 'ERR_CONNECTION_CLOSED', 'ERR_TIMEOUT', 'ERR_TLS']);

/** Also `[UNAVAILABLE]` (RFC 5530 §3: a temporary failure), e.g. auth while a server starts. */
function retryable(error: unknown): boolean {
  if (!isMailError(error)) return false;
  return RETRYABLE.has(error.code) || error.details['code'] === 'UNAVAILABLE';
}

export type OpenConnection = () => Promise<ImapConnection>;

function isChange(e: ImapEvent): boolean {
  if (e.type === 'vanished') return !e.earlier; // VANISHED (EARLIER) answers our own diff
  return e.type === 'exists' || e.type === 'expunge' || e.type === 'fetch';
}

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

/** Change notifications of one connection, remembered until the next SELECT takes them in. */
class ChangeFlag {
  pending = false;
  onChange: (() => void) | undefined;
  readonly off: () => void;

  constructor(conn: ImapConnection) {
    this.off = conn.on('*', (e) => {
      if (!isChange(e) && !(e.type === 'protocolError' && conn.selected?.stale === true)) return;
      this.pending = true;
      this.onChange?.();
    });
  }
}

interface Watched {
  conn: ImapConnection;
  changes: ChangeFlag;
}

/** Wait until the server reports a change (IDLE) or a NOOP poll turns one up. */
async function waitForChange(
  { conn, changes }: Watched,
  pollMs: number,
  idleMs: number | undefined,
  signal: AbortSignal | undefined,
): Promise<void> {
  // A function, not a narrowed property: the signal can abort while we await.
  const aborted = (): boolean => signal?.aborted === true;
  if (!conn.hasCapability('IDLE')) {
    while (!changes.pending && !aborted()) {
      await sleep(pollMs, signal);
      if (!aborted()) await conn.noop();
    }
    return;
  }
  if (changes.pending || aborted()) return;
  // Queuing any command ends the IDLE (the core sends DONE when a call is waiting), which
  // also covers a notification that lands before the IDLE's first read.
  let woken = false;
  const wake = (): void => {
    if (woken) return;
    woken = true;
    conn.noop().catch(() => undefined);
  };
  changes.onChange = wake;
  signal?.addEventListener('abort', wake, { once: true });
  try {
    await conn.idle(idleMs === undefined ? {} : { refreshMs: idleMs });
  } finally {
    changes.onChange = undefined;
    signal?.removeEventListener('abort', wake);
  }
}

function* eventsOf(mailbox: string, diff: EnvelopeDiff): Generator<WatchEvent> {
  if (diff.reset) yield { type: 'reset', mailbox };
  for (const envelope of diff.added) yield { type: 'added', mailbox, envelope };
  for (const id of diff.removed) yield { type: 'removed', mailbox, id };
  for (const c of diff.flagsChanged)
    yield { type: 'flags-changed', mailbox, id: c.id, flags: c.flags };
}

async function connect(open: OpenConnection): Promise<Watched> {
  const conn = await open();
  return { conn, changes: new ChangeFlag(conn) };
}

/** SELECT afresh, then diff from `state`; notifications seen before the SELECT are taken in. */
async function selectAndDiff(
  { conn, changes }: Watched,
  mailbox: string,
  state: string | undefined,
  config: ImapConfig,
): Promise<EnvelopeDiff> {
  return conn.run(
    (function* () {
      const info = yield* selectMailbox(conn.session, mailbox, true);
      changes.pending = false;
      return yield* diffSelected(conn.session, info, mailbox, state, config.diff ?? 'auto');
    })(),
  );
}

async function dispose(watched: Watched | undefined, graceful: boolean): Promise<void> {
  if (watched === undefined) return;
  watched.changes.off();
  if (watched.conn.closed) return;
  // A connection that failed is not worth a polite wait: a short LOGOUT closes it either way.
  await watched.conn.logout({ timeoutMs: graceful ? 2000 : 200 }).catch(() => undefined);
}

export async function* watchMailbox(
  config: ImapConfig,
  mailbox: string,
  options: WatchOptions = {},
  open: OpenConnection = () => openConnection(config),
): AsyncGenerator<WatchEvent> {
  const { signal } = options;
  const pollMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
  if (!Number.isFinite(pollMs) || pollMs <= 0)
    throw new MailError('ERR_INVALID_ARGUMENT', 'pollIntervalMs must be a positive number', {
      backend: 'imap',
    });
  const idleMs = config.timeouts?.idleMs;
  let state: string | undefined;
  let watched: Watched | undefined;
  let backoff = FIRST_BACKOFF_MS;
  let announceReady = false;
  const aborted = (): boolean => signal?.aborted === true;
  try {
    while (!aborted()) {
      // Outside the retry handler: an error thrown by the caller's onReady ends the watch.
      if (announceReady) {
        announceReady = false;
        options.onReady?.();
      }
      try {
        if (watched === undefined || watched.conn.closed) {
          await dispose(watched, false);
          watched = undefined;
          watched = await connect(open);
          const diff = await selectAndDiff(watched, mailbox, state, config);
          backoff = FIRST_BACKOFF_MS;
          // The first listing is the baseline; after a reconnect, report what changed meanwhile.
          const baseline = state === undefined;
          state = diff.state;
          if (!baseline) yield* eventsOf(mailbox, diff);
          else {
            // Selected with the baseline taken: a later change is announced to this
            // connection, which the wait below picks up (IDLE start, or the next NOOP).
            announceReady = true;
            continue;
          }
        }
        await waitForChange(watched, pollMs, idleMs, signal);
        if (aborted()) break;
        const diff = await selectAndDiff(watched, mailbox, state, config);
        state = diff.state;
        yield* eventsOf(mailbox, diff);
      } catch (error) {
        if (aborted()) break;
        // Never connected yet: the caller's config or mailbox is wrong, say so at once.
        if (state === undefined || !retryable(error)) throw error;
        await dispose(watched, false);
        watched = undefined;
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  } finally {
    await dispose(watched, true);
  }
}
