/**
 * What the framer emits. A server response is one or more lines joined by literals (RFC 9051
 * §4.3: `{n}\r\n`, `{n+}\r\n`, literal8 `~{n}\r\n` from RFC 3516); the framer cuts messages by
 * byte count only and never interprets literal bytes.
 */
import type { MailError } from '../../../shared/errors.js';

export interface FramingLimits {
  /** Longest protocol line (excluding literals), CRLF included. Default 1 MiB. */
  maxLineBytes: number;
  /** Largest literal buffered into a message. Default 64 MiB. */
  maxLiteralBytes: number;
  /** Largest whole buffered message (lines + buffered literals). Default 128 MiB. */
  maxResponseBytes: number;
}

export const DEFAULT_FRAMING_LIMITS: Readonly<FramingLimits> = Object.freeze({
  maxLineBytes: 1024 * 1024,
  maxLiteralBytes: 64 * 1024 * 1024,
  maxResponseBytes: 128 * 1024 * 1024,
});

/** Where a literal sits inside `FramedMessage.bytes` (`end - start` bytes; 0 when streamed). */
export interface LiteralSpan {
  readonly start: number;
  readonly end: number;
  /** The size the server declared. */
  readonly size: number;
  /** literal8 (`~{n}`, RFC 3516). */
  readonly binary: boolean;
  /** Set when the bytes went to the streaming hook instead of this buffer. */
  readonly streamId?: number;
}

export interface FramedMessage {
  readonly kind: 'message';
  /**
   * The complete response as on the wire (lines with their CRLF, literal bytes inline).
   * May be a view into a pushed chunk: do not mutate chunks after pushing them.
   */
  readonly bytes: Uint8Array;
  /** Literals in order of appearance. */
  readonly literals: readonly LiteralSpan[];
}

/**
 * A message that could not be framed into a buffer (limit exceeded, line too long): it was
 * skipped by byte count and framing continues, unless `fatal` (the stream cannot be resynced,
 * e.g. a literal size above 2^63-1).
 */
export interface FramingError {
  readonly kind: 'error';
  readonly error: MailError;
  readonly fatal: boolean;
  /** Tag of the dropped message when it was recognisable (`*`, `+` or a command tag). */
  readonly tag?: string;
}

/**
 * Streaming hook events: a large literal delivered in chunks, in order, before its message.
 * The message may still end as a FramingError (a later limit): consumers discard the stream then.
 */
export interface LiteralStart {
  readonly kind: 'literalStart';
  readonly id: number;
  readonly size: number;
  readonly binary: boolean;
  /** The message's bytes so far (up to and including `{n}\r\n`), to route the stream. */
  readonly head: Uint8Array;
}
export interface LiteralChunk {
  readonly kind: 'literalChunk';
  readonly id: number;
  /** A view into the pushed chunk (zero-copy). */
  readonly bytes: Uint8Array;
}
export interface LiteralEnd {
  readonly kind: 'literalEnd';
  readonly id: number;
}

export type FrameEvent = FramedMessage | FramingError | LiteralStart | LiteralChunk | LiteralEnd;

export interface FramerOptions {
  limits?: Partial<FramingLimits>;
  /**
   * Literals larger than this are streamed (LiteralStart/Chunk/End events) instead of buffered;
   * the message then carries an empty span with `streamId`. Default: never stream.
   */
  streamLiteralsAbove?: number;
}
