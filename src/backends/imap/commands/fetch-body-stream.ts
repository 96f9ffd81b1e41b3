/**
 * UID FETCH uid (BODY.PEEK[section], or BINARY.PEEK[section] of RFC 3516) with the body literal streamed: the framer hands the
 * literal over in pieces as they arrive (wire/framing.ts, streaming mode) and each piece is
 * yielded as a `bodyChunk` event, so the driver can apply backpressure per piece and memory
 * stays bounded by one transport read, whatever the message size. BODY.PEEK never sets \Seen
 * (RFC 9051 §6.4.5). The command always runs to its tagged completion — a consumer that stops
 * early only makes the driver discard pieces — so the framing is never corrupted.
 *
 * Which streamed literal is ours: the first whose response head (`* n FETCH (... BODY[s] {n}`)
 * names our section and, if the UID came first, our UID. The decoded response must then confirm
 * it (RFC 9051 §6.4.8: UID FETCH responses carry the UID); otherwise the stream fails.
 */
import { MailError } from '../../../shared/errors.js';
import { commandFailed, type ImapSession } from '../session.js';
import { encode } from '../wire-io.js';
import type { LiteralChunk, LiteralEnd, LiteralStart } from '../wire/framing-types.js';
import type { UntaggedResponse } from '../wire/types.js';
import { atom, list, sequenceSet, token } from './args.js';
import { checkSection } from './fetch.js';
import { EOF_ERROR, type ImapCoroutine, type ImapRequest } from './run.js';

/** Literals above this many bytes are streamed; smaller ones arrive as one piece. */
export const DEFAULT_STREAM_ABOVE = 64 * 1024;

export interface BodyStreamOptions {
  /** Section between the brackets; default '' (the whole message). */
  section?: string;
  /** BINARY.PEEK (RFC 3516): the server removes the transfer encoding; a part number only. */
  binary?: boolean;
  /** Stream literals larger than this (bytes). Default DEFAULT_STREAM_ABOVE. */
  streamAbove?: number;
}

export interface BodyStreamResult {
  /** False when the server sent no FETCH for the UID (expunged or never existed). */
  found: boolean;
  /** Bytes delivered as `bodyChunk` events. */
  size: number;
}

const HEAD = /^\* \d+ FETCH \((.*)(?:BODY|BINARY)\[([^\]]*)\](?:<\d+>)? ~?\{\d+\+?\}\r\n$/is;

function headMatches(head: Uint8Array, uid: number, section: string): boolean {
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1');
  const m = HEAD.exec(text);
  if (m === null || (m[2] ?? '').toUpperCase() !== section.toUpperCase()) return false;
  const before = /(?:^|[ (])UID (\d+)/i.exec(m[1] ?? '');
  return before === null || Number(before[1]) === uid;
}

const chunkEvent = (bytes: Uint8Array): ImapRequest => ({
  type: 'event',
  event: { type: 'bodyChunk', bytes },
});

export function* fetchBodyStream(
  session: ImapSession,
  uid: number,
  options: BodyStreamOptions = {},
): ImapCoroutine<BodyStreamResult> {
  if (!Number.isSafeInteger(uid) || uid < 1 || uid > 0xffffffff)
    throw new MailError('ERR_INVALID_ARGUMENT', `not a UID: ${String(uid).slice(0, 20)}`);
  const section = options.section ?? '';
  checkSection(section);
  const binary = options.binary === true;
  if (binary && !/^[1-9]\d*(?:\.[1-9]\d*)*$/.test(section))
    throw new MailError('ERR_INVALID_ARGUMENT', 'BINARY takes a part number (RFC 3516 §4.1)');
  const item = token(`${binary ? 'BINARY' : 'BODY'}.PEEK[${section}]`);
  const tag = session.nextTag();
  const pending: Uint8Array[] = [];
  let ours = 0; // stream id of our literal once its head matched
  let streamedBytes = 0;
  let ended = false;
  const sink = (e: LiteralStart | LiteralChunk | LiteralEnd): void => {
    if (e.kind === 'literalStart') {
      if (ours === 0 && headMatches(e.head, uid, section)) ours = e.id;
    } else if (e.id === ours) {
      if (e.kind === 'literalChunk') {
        pending.push(e.bytes);
        streamedBytes += e.bytes.length;
      } else ended = true;
    }
  };
  const result: BodyStreamResult = { found: false, size: 0 };
  let mismatch: MailError | undefined;
  session.streamLiterals(options.streamAbove ?? DEFAULT_STREAM_ABOVE, sink);
  try {
    const args = [atom('FETCH'), sequenceSet(String(uid)), list([item])];
    for (const s of encode(tag, 'UID', args, session.encoderCapabilities()).segments)
      yield { type: 'write', bytes: session.outgoing(s.bytes) };
    for (;;) {
      const response = session.takeResponse();
      // pieces precede the response that contains them; hand them over first, in order
      while (pending.length > 0) {
        const bytes = pending.shift() as Uint8Array;
        result.size += bytes.length;
        yield chunkEvent(bytes);
      }
      if (response === undefined) {
        const chunk = yield { type: 'read' };
        if (!(chunk instanceof Uint8Array) || chunk.length === 0) throw EOF_ERROR();
        session.feed(chunk);
        continue;
      }
      if (response.kind === 'tagged' && response.tag === tag) {
        session.complete(tag); // in step (session.inStep)
        session.applyCompletion(response);
        if (response.status !== 'OK') throw commandFailed('UID FETCH', response);
        break;
      }
      if (response.kind !== 'untagged') {
        session.emit({ type: 'protocolError', message: `ignored an unexpected ${response.kind}` });
        continue;
      }
      const mine = response.type === 'fetch' && response.attributes.uid === uid;
      session.apply(response, mine);
      if (response.type !== 'fetch' || response.attributes.uid !== uid || result.found) continue;
      const problem = yield* deliver(response, section, binary, ours, ended, result);
      mismatch ??= problem;
    }
  } finally {
    session.streamLiterals(Number.POSITIVE_INFINITY, undefined);
  }
  if (mismatch !== undefined) throw mismatch;
  if (ours !== 0 && !result.found)
    throw new MailError('ERR_PROTOCOL', 'UID FETCH: a streamed body had no matching response');
  if (result.size !== streamedBytes && result.found && ours !== 0)
    throw new MailError('ERR_PROTOCOL', 'UID FETCH: streamed body length mismatch');
  return result;
}

/** Our FETCH response: confirm the streamed literal, or deliver a buffered (small) body. */
function* deliver(
  response: Extract<UntaggedResponse, { type: 'fetch' }>,
  section: string,
  binary: boolean,
  ours: number,
  ended: boolean,
  result: BodyStreamResult,
): ImapCoroutine<MailError | undefined> {
  const a = response.attributes;
  const sections = (binary ? a.binarySections : a.bodySections) ?? [];
  const data = sections.find((s) => s.section.toUpperCase() === section.toUpperCase());
  if (data === undefined) return undefined; // e.g. a FLAGS-only FETCH for the same message
  result.found = true;
  if (data.streamed !== undefined) {
    if (data.streamed.id !== ours || !ended)
      return new MailError('ERR_PROTOCOL', 'UID FETCH: streamed body did not match the response');
    return undefined;
  }
  if (data.data !== null && data.data.length > 0) {
    result.size += data.data.length;
    yield chunkEvent(data.data);
  }
  return undefined;
}
