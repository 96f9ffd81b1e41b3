/**
 * The seam between the session and the wire layer (framer + decoder + encoder): the only file
 * that knows their exact call shapes. Tracks bytes received versus bytes consumed so that
 * STARTTLS can refuse anything buffered after the tagged OK (RFC 9051 §11.1 / USENIX '21).
 */
import { MailError } from '../../shared/errors.js';
import { ImapFramer } from './wire/framing.js';
import { decodeResponse } from './wire/decoder.js';
export { encodeCommand as encode } from './wire/encoder.js';
import type { FramingError, LiteralChunk, LiteralEnd, LiteralStart } from './wire/framing-types.js';
import type { DecodeOptions, ImapResponse } from './wire/types.js';

export type DecodeResult =
  | { kind: 'response'; response: ImapResponse }
  | { kind: 'error'; error: MailError; fatal: boolean; tag?: string };

/** Receives streamed literal pieces, in wire order, before the response that contains them. */
export type LiteralSink = (event: LiteralStart | LiteralChunk | LiteralEnd) => void;

export interface ResponseDecoder {
  push(chunk: Uint8Array): void;
  next(): DecodeResult | undefined;
  /** Bytes received that are not yet consumed as complete responses. */
  readonly hasPending: boolean;
  /**
   * Stream literals larger than `above` bytes to `sink` instead of buffering them (the
   * response then carries an empty section with `streamed`). `undefined` stops streaming;
   * pieces of a literal that arrive with no sink are discarded, never read as protocol.
   */
  streamLiterals(above: number, sink: LiteralSink | undefined): void;
  /** What BODYSTRUCTURE decodes to from now on (DecodeOptions.bodyStructure). */
  decodeBodyStructureAs(mode: BodyStructureMode): void;
}

export type BodyStructureMode = NonNullable<DecodeOptions['bodyStructure']>;

/** Tag of a framed line, for routing a response that failed to decode. */
function leadingTag(bytes: Uint8Array): string | undefined {
  let end = 0;
  while (end < bytes.length && end < 64 && bytes[end] !== 0x20 && bytes[end] !== 0x0d) end += 1;
  if (end === 0 || end >= bytes.length) return undefined;
  return new TextDecoder().decode(bytes.subarray(0, end));
}

export function createDecoder(utf8Accept: () => boolean): ResponseDecoder {
  const framer = new ImapFramer();
  let sink: LiteralSink | undefined;
  let bodyStructure: BodyStructureMode = 'tree';
  return {
    decodeBodyStructureAs(mode) {
      bodyStructure = mode;
    },
    streamLiterals(above, to) {
      sink = to;
      framer.streamLiteralsAbove = to === undefined ? Number.POSITIVE_INFINITY : above;
    },
    push(chunk) {
      framer.push(chunk);
    },
    get hasPending() {
      return framer.hasPending;
    },
    next() {
      for (;;) {
        const event = framer.next();
        if (event === undefined) return undefined;
        if (event.kind === 'error') {
          const e: FramingError = event;
          return {
            kind: 'error',
            error: e.error,
            fatal: e.fatal,
            ...(e.tag === undefined ? {} : { tag: e.tag }),
          };
        }
        if (event.kind !== 'message') {
          sink?.(event);
          continue;
        }
        try {
          return {
            kind: 'response',
            response: decodeResponse(event, { utf8Accept: utf8Accept(), bodyStructure }),
          };
        } catch (error) {
          const tag = leadingTag(event.bytes);
          const wrapped =
            error instanceof MailError
              ? error
              : new MailError('ERR_PARSE', 'undecodable server response', { cause: error });
          return {
            kind: 'error',
            error: wrapped,
            fatal: false,
            ...(tag === undefined ? {} : { tag }),
          };
        }
      }
    },
  };
}
