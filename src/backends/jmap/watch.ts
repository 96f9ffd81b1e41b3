/**
 * watchMailbox over the JMAP event source (RFC 8620 §7.3): each StateChange that touches Email
 * state runs the mailbox-scoped diff and yields full-envelope events. A dropped connection is
 * reopened with Last-Event-ID, and a diff right after reconnecting catches what was missed.
 *
 * `onReady` (once, never on a reconnect): the baseline is taken before the event source opens,
 * so once it answers 2xx a catch-up diff reports what changed in between, then onReady runs —
 * a later change arrives as a StateChange on the open stream. Polling: right after the baseline.
 */
import { MailError } from '../../shared/errors.js';
import type { WatchEvent } from '../../shared/types.js';
import type { EnvelopeDiff } from '../../shared/types.js';
import { baselineState, diffFrom, type MailboxState } from './diff.js';
import type { JmapDriver } from './driver.js';
import { checkStatus } from './http.js';
import { resolveMailbox } from './mailboxes.js';
import type { JmapContext } from './request.js';
import { stateChangeSchema } from './schemas.js';
import { SseParser, type SseEvent } from './sse.js';
import { expandTemplate } from './uri-template.js';

export interface WatchParams {
  driver: Pick<JmapDriver, 'run' | 'stream' | 'perform'>;
  session: () => Promise<JmapContext>;
  mailbox: string;
  signal: AbortSignal | undefined;
  /** Delay before reconnecting after a dropped stream (ms). */
  reconnectMs?: number;
  /** Poll interval when the server has no event source (ms). */
  pollIntervalMs?: number | undefined;
  /** Server keep-alive ping interval requested (s). */
  pingSeconds?: number;
  /** See WatchOptions.onReady; an error it throws ends the watch with that error. */
  onReady?: (() => void) | undefined;
}

export function eventsOf(diff: EnvelopeDiff, mailbox: string): WatchEvent[] {
  const events: WatchEvent[] = [];
  if (diff.reset) events.push({ type: 'reset', mailbox });
  for (const envelope of diff.added) events.push({ type: 'added', mailbox, envelope });
  for (const id of diff.removed) events.push({ type: 'removed', mailbox, id });
  for (const { id, flags } of diff.flagsChanged)
    events.push({ type: 'flags-changed', mailbox, id, flags });
  return events;
}

/** True when the event is a StateChange for `accountId` that includes Email state. */
export function touchesEmail(event: SseEvent, accountId: string): boolean {
  if (event.event !== 'state' && event.event !== 'message') return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(event.data);
  } catch {
    return false;
  }
  const change = stateChangeSchema.safeParse(parsed);
  return change.success && change.data.changed[accountId]?.Email !== undefined;
}

export async function* watchMailbox(params: WatchParams): AsyncGenerator<WatchEvent> {
  const { driver, signal } = params;
  const ctx = await params.session();
  const template = ctx.session.eventSourceUrl;
  const box = await driver.run(resolveMailbox(ctx, params.mailbox), signal);
  let state: MailboxState = await driver.run(baselineState(ctx, box.id), signal);
  const aborted = (): boolean => signal?.aborted === true;
  const catchUp = async function* (): AsyncGenerator<WatchEvent> {
    const next = await driver.run(diffFrom(ctx, box.id, state), signal);
    state = next.state;
    yield* eventsOf(next.diff, box.id);
  };
  if (template === undefined) {
    // No push on this server: poll the same diff (RFC 8620 §7 push is optional).
    params.onReady?.();
    while (!aborted()) {
      await driver
        .perform({ type: 'wait', ms: params.pollIntervalMs ?? 30_000 }, signal)
        .catch(() => undefined);
      if (aborted()) return;
      yield* catchUp();
    }
    return;
  }
  const url = expandTemplate(template, {
    types: 'Email',
    closeafter: 'no',
    ping: String(params.pingSeconds ?? 30),
  });
  let lastEventId: string | undefined;
  let announced = false;
  // Set when the caller's onReady threw: that error ends the watch, it is not a dropped stream.
  let readyFailure: { error: unknown } | undefined;
  const announceReady = (): void => {
    announced = true;
    try {
      params.onReady?.();
    } catch (error) {
      readyFailure = { error };
      throw error;
    }
  };

  while (!aborted()) {
    const headers: Record<string, string> = {
      authorization: ctx.authorization,
      accept: 'text/event-stream',
    };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    let response: Awaited<ReturnType<WatchParams['driver']['stream']>> | undefined;
    try {
      response = await driver.stream({ method: 'GET', url, headers }, signal);
      if (response.status < 200 || response.status >= 300) {
        response.cancel();
        checkStatus(
          { status: response.status, headers: response.headers, body: new Uint8Array() },
          'JMAP event source',
        );
      }
      // First connection: changes between the baseline and the stream opening.
      yield* catchUp();
      if (aborted()) return;
      if (!announced) announceReady();
      const parser = new SseParser();
      for await (const chunk of response.body) {
        for (const event of parser.feed(chunk)) {
          if (event.id !== undefined) lastEventId = event.id;
          if (touchesEmail(event, ctx.session.accountId)) yield* catchUp();
        }
      }
    } catch (error) {
      if (readyFailure !== undefined) throw readyFailure.error;
      if (aborted()) return;
      if (
        error instanceof MailError &&
        (error.code === 'ERR_AUTH' || error.code === 'ERR_NOT_FOUND')
      )
        throw error;
    } finally {
      response?.cancel();
    }
    if (aborted()) return;
    await driver
      .perform({ type: 'wait', ms: params.reconnectMs ?? 1000 }, signal)
      .catch(() => undefined);
  }
}
