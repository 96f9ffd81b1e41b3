/**
 * BODYSTRUCTURE reduced to one boolean, `hasAttachment`, for listings that need nothing else
 * (DecodeOptions.bodyStructure = 'hasAttachment'): a body whose disposition type (RFC 2183,
 * RFC 9051 body-fld-dsp) is "attachment", or a multipart with such a part at any depth; the
 * parts of an encapsulated message/rfc822 belong to that message, not to this one, and do not
 * count.
 */
import type { BodyStructure } from '../types.js';
import { bodystructure } from './bodystructure.js';
import type { Reader } from './reader.js';

/** hasAttachment of a decoded body structure (see the file comment). */
export function bodyHasAttachment(body: BodyStructure): boolean {
  const type = body.disposition?.type;
  if (type !== undefined && type.length === 10 && type.toLowerCase() === 'attachment') return true;
  return body.multipart ? body.parts.some(bodyHasAttachment) : false;
}

/**
 * `body` at the cursor → hasAttachment; the cursor ends after the body, as bodystructure().
 * The one BODYSTRUCTURE grammar decodes it and the tree is dropped at once. A second,
 * allocation-free grammar for this answer was removed: on a 10k listing from Dovecot it saved
 * 4% wall (0.747 vs 0.778 s median of 4 interleaved bench/imap-backend runs), 4.5% CPU and
 * 6 MB of 101 MB RSS; decoding alone, 16 ms per 20k messages
 * (bench/imap-parser/decode-has-attachment.mjs) — under the 5% a second copy needs.
 */
export function bodyStructureHasAttachment(r: Reader): boolean {
  return bodyHasAttachment(bodystructure(r));
}
