/**
 * The command engine every command generator uses: write the tagged command (waiting for `+`
 * before each synchronising literal, RFC 9051 §4.3 / §7.5), read responses until the one
 * carrying OUR tag, route untagged data to the session, and turn NO/BAD into ERR_PROTOCOL.
 * A tagged response with any other tag is reported and skipped: the framing is intact, so the
 * connection stays in sync (imapflow tag-correlation, go-imap strict tags).
 */
import { MailError } from '../../../shared/errors.js';
import type { StreamRequest } from '../../../shared/coroutine.js';
import { commandFailed, type ImapSession } from '../session.js';
import type { ImapEvent } from '../events.js';
import { encode } from '../wire-io.js';
import type {
  CommandValue,
  ContinuationRequest,
  ImapResponse,
  TaggedResponse,
  UntaggedResponse,
} from '../wire/types.js';

/**
 * Wait for input for at most `ms` (IDLE). reply: the next chunk (empty = EOF), or `null` when
 * the time ran out or the caller asked IDLE to stop.
 */
export interface IdleReadRequest {
  type: 'idleRead';
  ms: number;
}

/** Payload of `event` requests a command yields for streamed results (FETCH, IDLE). */
export type CommandEvent =
  | {
      readonly type: 'fetchResult';
      readonly response: Extract<UntaggedResponse, { type: 'fetch' }>;
    }
  /** A piece of a streamed body literal (commands/fetch-body-stream.ts), in order. */
  | { readonly type: 'bodyChunk'; readonly bytes: Uint8Array }
  | ImapEvent;

export type ImapRequest = StreamRequest<CommandEvent> | IdleReadRequest;
export type ImapCoroutine<T> = Generator<ImapRequest, T, unknown>;

export const EOF_ERROR = (): MailError =>
  new MailError('ERR_CONNECTION_CLOSED', 'the server closed the connection');

function asChunk(reply: unknown): Uint8Array {
  if (reply instanceof Uint8Array) return reply;
  throw new MailError('ERR_PROTOCOL', 'driver answered a read with something other than bytes');
}

const READ: ImapRequest = Object.freeze({ type: 'read' });

/** The next response, reading as many chunks as it takes. */
export function* readResponse(session: ImapSession): ImapCoroutine<ImapResponse> {
  for (;;) {
    const response = session.takeResponse();
    if (response !== undefined) return response;
    const chunk = asChunk(yield READ);
    if (chunk.length === 0) throw EOF_ERROR();
    session.feed(chunk);
  }
}

export interface CommandHandlers {
  /** Untagged data while the command runs (after the session recorded it). May return a request to yield. */
  untagged?: (response: UntaggedResponse) => ImapRequest | undefined;
  /** `+` after the command was sent (SASL, IDLE): bytes to send back, or undefined to stop listening. */
  continuation?: (response: ContinuationRequest) => Uint8Array | undefined;
  /** Treat FETCH responses as this command's results (no unsolicited `fetch` event). */
  solicitsFetch?: boolean;
  /** Command name for error messages when it differs from the wire name (never an argument). */
  label?: string;
  /**
   * Whether a response skipped while the command ran fails it (see `droppedDuring`). Default:
   * true exactly when the command consumes untagged data (`untagged` or `solicitsFetch`).
   */
  failOnDrop?: boolean;
}

/**
 * The drop rule, in one place. Invariant: a result (or a selected-mailbox state) built from
 * untagged data is complete or is an error — a response the framing layer skipped (over a
 * limit, undecodable; wire/framing.ts) may have been a FETCH, SEARCH, LIST, STATUS, VANISHED
 * or EXPUNGE the result needed, so such a command fails with the drop's code once its tagged
 * completion is read (the connection stays in step). A command that only reports success
 * (NOOP, APPEND, COPY: failing after the server did the work would invite a duplicating retry)
 * tolerates drops; session.ts marks the selection stale instead, so whoever trusts it next
 * re-SELECTs (ops/link.ts, ops/watch.ts).
 */
export function failsOnDrop(handlers: CommandHandlers): boolean {
  return (
    handlers.failOnDrop ?? (handlers.solicitsFetch === true || handlers.untagged !== undefined)
  );
}

/** The error for `dropped` responses skipped during `label`, after its tagged completion. */
export function droppedDuring(session: ImapSession, label: string, dropped: number): MailError {
  const cause = session.lastDropError;
  return new MailError(
    cause?.code ?? 'ERR_PARSE',
    `${label}: ${dropped} response(s) could not be read: ${cause?.message ?? ''}`,
    { backend: 'imap', ...(cause === undefined ? {} : { cause }), details: { dropped } },
  );
}

function strayTag(session: ImapSession, response: TaggedResponse): void {
  session.emit({
    type: 'protocolError',
    message: `ignored a tagged ${response.status} for unknown tag ${JSON.stringify(response.tag.slice(0, 32))}`,
  });
}

/** Route one non-tagged response; returns a request to yield (or undefined). */
function* route(
  session: ImapSession,
  response: UntaggedResponse | ContinuationRequest,
  handlers: CommandHandlers,
): ImapCoroutine<void> {
  if (response.kind === 'continuation') {
    const reply = handlers.continuation?.(response);
    if (reply === undefined) {
      session.emit({
        type: 'protocolError',
        message: 'ignored an unexpected continuation request',
      });
      return;
    }
    yield { type: 'write', bytes: reply };
    return;
  }
  session.apply(response, handlers.solicitsFetch === true);
  const request = handlers.untagged?.(response);
  if (request !== undefined) yield request;
}

/** Send the segments, honouring synchronising literals (wait for `+` or fail on our NO/BAD). */
function* sendSegments(
  session: ImapSession,
  tag: string,
  segments: readonly { bytes: Uint8Array; waitForContinuation: boolean }[],
  handlers: CommandHandlers,
): ImapCoroutine<TaggedResponse | undefined> {
  for (const segment of segments) {
    yield { type: 'write', bytes: session.outgoing(segment.bytes) };
    if (!segment.waitForContinuation) continue;
    for (;;) {
      const response = yield* readResponse(session);
      if (response.kind === 'continuation') break;
      if (response.kind === 'tagged') {
        if (response.tag === tag) return response; // literal refused: the command is over
        strayTag(session, response);
        continue;
      }
      const { continuation: _ignored, ...rest } = handlers;
      yield* route(session, response, rest);
    }
  }
  return undefined;
}

/**
 * Run one command to its tagged completion. Returns the OK response; throws ERR_PROTOCOL
 * (details: status, text, response code) on NO/BAD.
 */
export function* execute(
  session: ImapSession,
  name: string,
  args: readonly CommandValue[],
  handlers: CommandHandlers = {},
): ImapCoroutine<TaggedResponse> {
  const tag = session.nextTag();
  const label = handlers.label ?? name;
  const droppedBefore = session.droppedResponses;
  let encoded;
  try {
    encoded = encode(tag, name, args, session.encoderCapabilities());
  } catch (error) {
    session.complete(tag); // nothing was sent: still in step
    throw error;
  }
  // Until our tagged response is read, an error leaves the tag in flight: the stream is out of
  // step (session.inStep) and the driver closes the connection. (The decoder settles the tag
  // itself when it cannot decode our completion: session.takeResponse.)
  let done = yield* sendSegments(session, tag, encoded.segments, handlers);
  const solicitsFetch = handlers.solicitsFetch === true;
  // Hot loop (one pass per FETCH response): no nested generators, no per-read allocation.
  while (done === undefined) {
    const response = session.takeResponse();
    if (response === undefined) {
      const chunk = asChunk(yield READ);
      if (chunk.length === 0) throw EOF_ERROR();
      session.feed(chunk);
    } else if (response.kind === 'untagged') {
      session.apply(response, solicitsFetch);
      const request = handlers.untagged?.(response);
      if (request !== undefined) yield request;
    } else if (response.kind === 'tagged') {
      if (response.tag === tag) done = response;
      else strayTag(session, response);
    } else {
      yield* route(session, response, handlers);
    }
  }
  // In step from here: every error below is about the command's answer, not the framing.
  session.complete(tag);
  session.applyCompletion(done);
  if (done.status !== 'OK') throw commandFailed(label, done);
  const dropped = session.droppedResponses - droppedBefore;
  if (dropped > 0 && failsOnDrop(handlers)) throw droppedDuring(session, label, dropped);
  return done;
}
