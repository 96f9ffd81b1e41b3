/**
 * FETCH / UID FETCH with each response handed to a callback inside the coroutine, as soon as it
 * is decoded (RFC 9051 §6.4.5, §7.5.2): the bulk path of the backend's listings and diffs. No
 * event is yielded and no promise is made per message, so the driver's loop only sees reads
 * and writes; memory stays bounded because the next chunk is read only after `onMessage`
 * returned. VANISHED responses during the command (RFC 7162 §3.2.10) go to `onVanished`.
 *
 * Invariant: the command always runs to its tagged completion. If `onMessage` throws, it is not
 * called again, the rest of the answer is read and discarded, and the error is thrown after
 * the completion, so the connection stays in step.
 */
import type { FetchAttributes, NumberRange } from '../wire/types.js';
import type { ImapSession } from '../session.js';
import { fetchCommand, type FetchItems, type FetchOptions } from './fetch.js';
import type { ImapCoroutine } from './run.js';

/** One FETCH response: the decoder's attributes plus the message sequence number. */
export type FetchedMessage = FetchAttributes & { seq: number };

export interface FetchEachHandlers {
  onMessage: (message: FetchedMessage) => void;
  /** UID ranges of a VANISHED response (QRESYNC), kept as ranges: they may be a superset. */
  onVanished?: (uids: readonly NumberRange[]) => void;
}

/** Returns the number of FETCH responses. */
export function* fetchEach(
  session: ImapSession,
  set: string,
  items: FetchItems,
  handlers: FetchEachHandlers,
  options: FetchOptions = {},
): ImapCoroutine<number> {
  let failure: { error: unknown } | undefined;
  let count = 0;
  yield* fetchCommand(session, set, items, options, (r) => {
    if (r.type === 'vanished') {
      handlers.onVanished?.(r.uids);
      return undefined;
    }
    if (r.type !== 'fetch') return undefined;
    count += 1;
    if (failure !== undefined) return undefined;
    // the decoder's object is fresh and owned by us: tag it instead of copying it
    const message = r.attributes as FetchedMessage;
    message.seq = r.seq;
    try {
      handlers.onMessage(message);
    } catch (error) {
      failure = { error };
    }
    return undefined;
  });
  if (failure !== undefined) throw failure.error;
  return count;
}
