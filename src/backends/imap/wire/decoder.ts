/**
 * decodeResponse: one framed server message → one typed ImapResponse (RFC 9051 §7, §9
 * `response-data` / `response-tagged` / `continue-req`). The productions live in decoder/*.ts,
 * named after the ABNF. Errors are MailError ERR_PARSE with the offending offset; the framer
 * has already isolated the message, so the stream stays in sync.
 */
import { MailError } from '../../../shared/errors.js';
import type { FramedMessage } from './framing-types.js';
import type { DecodeOptions, ImapResponse } from './types.js';

export type { DecodeOptions } from './types.js';

export function decodeResponse(
  message: FramedMessage | Uint8Array,
  options: DecodeOptions = {},
): ImapResponse {
  void message;
  void options;
  throw new MailError('ERR_PARSE', 'decoder not implemented yet', { backend: 'imap' });
}
