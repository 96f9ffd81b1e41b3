/**
 * IDLE (RFC 2177, RFC 9051 §6.3.13). Untagged data arriving while idling is applied to the
 * session (so it reaches listeners as events). The command is re-issued before `refreshMs`
 * (servers may drop an IDLE after 30 minutes of inactivity, RFC 9051 §5.4), and DONE ends it
 * when the driver reports a stop request (an abort, or another queued command).
 */
import { MailError } from '../../../shared/errors.js';
import type { ImapSession } from '../session.js';
import { commandFailed } from '../session.js';
import { encode } from '../wire-io.js';
import { EOF_ERROR, readResponse, type ImapCoroutine } from './run.js';

/** Default refresh: 25 minutes, safely under the 29-minute ceiling. */
export const IDLE_REFRESH_MS = 25 * 60 * 1000;

/** Reply to an `idleRead` request: bytes, or why the wait ended without any. */
export type IdleReadReply = Uint8Array | 'timeout' | 'stop';

const DONE = new TextEncoder().encode('DONE\r\n');

function* idleOnce(session: ImapSession, refreshMs: number): ImapCoroutine<'stop' | 'refresh'> {
  // The tag is completed when its tagged answer is read; an error before that leaves the
  // stream out of step (session.inStep) and the driver closes the connection.
  const tag = session.nextTag();
  for (const segment of encode(tag, 'IDLE', [], session.encoderCapabilities()).segments)
    yield { type: 'write', bytes: session.outgoing(segment.bytes) };
  // wait for "+ idling"
  for (;;) {
    const r = yield* readResponse(session);
    if (r.kind === 'continuation') break;
    if (r.kind === 'tagged') {
      if (r.tag !== tag) continue;
      session.complete(tag);
      session.applyCompletion(r);
      throw commandFailed('IDLE', r);
    }
    session.apply(r);
  }
  const started = (yield { type: 'now' }) as number;
  let outcome: 'stop' | 'refresh' = 'refresh';
  for (;;) {
    for (let r = session.takeResponse(); r !== undefined; r = session.takeResponse()) {
      if (r.kind === 'untagged') session.apply(r);
      else if (r.kind === 'tagged' && r.tag === tag) {
        session.complete(tag);
        throw commandFailed('IDLE', r); // the server ended it
      }
    }
    const now = (yield { type: 'now' }) as number;
    const left = refreshMs - (now - started);
    if (left <= 0) break;
    const reply = (yield { type: 'idleRead', ms: left }) as IdleReadReply;
    if (reply === 'timeout') break;
    if (reply === 'stop') {
      outcome = 'stop';
      break;
    }
    if (reply.length === 0) throw EOF_ERROR();
    session.feed(reply);
  }
  yield { type: 'write', bytes: DONE };
  for (;;) {
    const r = yield* readResponse(session);
    if (r.kind === 'tagged') {
      if (r.tag !== tag) continue;
      session.complete(tag);
      session.applyCompletion(r);
      if (r.status !== 'OK') throw commandFailed('IDLE', r);
      return outcome;
    }
    if (r.kind === 'untagged') session.apply(r);
  }
}

/** Idle until the driver asks to stop, refreshing every `refreshMs`. */
export function* idle(session: ImapSession, refreshMs = IDLE_REFRESH_MS): ImapCoroutine<void> {
  if (session.state !== 'selected' && session.state !== 'authenticated')
    throw new MailError('ERR_PROTOCOL', 'IDLE needs an authenticated connection');
  while ((yield* idleOnce(session, refreshMs)) === 'refresh') {
    // re-issue (RFC 2177 §3: clients should re-issue at least every 29 minutes)
  }
}
