/**
 * decodeResponse: one framed server message → one typed ImapResponse (RFC 9051 §7, §9
 * `response`). The productions live in decoder/*.ts, named after the ABNF. Errors are MailError
 * ERR_PARSE with the offending line and column; the framer has already isolated the message, so
 * the stream stays in sync. Byte arrays returned (literals) are views into the message buffer.
 */
import { MailError } from '../../../shared/errors.js';
import { ALL_QUIRKS, Reader } from './decoder/reader.js';
import { response } from './decoder/response.js';
import { ImapFramer } from './framing.js';
import type { FramedMessage, LiteralSpan } from './framing-types.js';
import type { DecodeOptions, ImapResponse } from './types.js';

export type { DecodeOptions, DecoderQuirks } from './types.js';

const DEFAULT_MAX_DEPTH = 64;

/**
 * Decodes one message from the framer. A bare Uint8Array is framed first and must hold exactly
 * one complete response (convenient for tests and tools).
 */
export function decodeResponse(
  message: FramedMessage | Uint8Array,
  options: DecodeOptions = {},
): ImapResponse {
  const framed = message instanceof Uint8Array ? frameOne(message) : message;
  const quirks = options.quirks === undefined ? ALL_QUIRKS : { ...ALL_QUIRKS, ...options.quirks };
  let bytes = framed.bytes;
  let spans = framed.literals;
  if (quirks.nulPadding && bytes.indexOf(0) >= 0) [bytes, spans] = stripNul(bytes, spans);
  const r = new Reader(
    bytes,
    spans,
    quirks,
    options.utf8Accept ?? false,
    options.maxDepth ?? DEFAULT_MAX_DEPTH,
  );
  if (options.bodyStructure === 'hasAttachment') r.bodyStructure = 'hasAttachment';
  try {
    return response(r);
  } catch (error) {
    if (error instanceof MailError) throw error;
    // e.g. RangeError from a pathological input: still a parse failure of this message only
    throw new MailError('ERR_PARSE', 'IMAP response could not be decoded', {
      backend: 'imap',
      cause: error,
    });
  }
}

function frameOne(bytes: Uint8Array): FramedMessage {
  const framer = new ImapFramer();
  const events = framer.feed(bytes);
  const first = events[0];
  if (events.length !== 1 || first === undefined || first.kind !== 'message' || framer.hasPending) {
    const err = first?.kind === 'error' ? first.error : undefined;
    throw (
      err ??
      new MailError('ERR_PARSE', 'expected exactly one complete IMAP response', { backend: 'imap' })
    );
  }
  return first;
}

/** NUL padding quirk: drop NUL bytes outside literals (a literal's bytes are data). */
function stripNul(bytes: Uint8Array, spans: readonly LiteralSpan[]): [Uint8Array, LiteralSpan[]] {
  const out = new Uint8Array(bytes.length);
  const moved: LiteralSpan[] = [];
  let o = 0;
  let i = 0;
  for (const s of spans) {
    for (; i < s.start; i++) if (bytes[i] !== 0) out[o++] = bytes[i]!;
    const start = o;
    out.set(bytes.subarray(s.start, s.end), o);
    o += s.end - s.start;
    i = s.end;
    moved.push({ ...s, start, end: o });
  }
  for (; i < bytes.length; i++) if (bytes[i] !== 0) out[o++] = bytes[i]!;
  return [out.subarray(0, o), moved];
}
