/**
 * Reading from a whole message held as bytes: what the local stores do with the file and what
 * any backend that only has `getMessage` falls back to (docs/reading.md). One parse of the
 * structure (shared/mime/structure.ts); only the wanted parts are transfer-decoded.
 */
import { MailError } from '../errors.js';
import { findPart } from '../mime/part.js';
import { parseMimeStructure, type LocatedPart } from '../mime/structure.js';
import { decodeTransfer } from '../mime/transfer-encoding.js';
import type { Envelope, Message, ReadMessageOptions } from '../types.js';
import { bodyParts } from './body-parts.js';
import { assembleMessage, wantedBodyParts } from './message.js';

export function readMessageFromBytes(
  envelope: Envelope,
  raw: Uint8Array,
  options: ReadMessageOptions = {},
): Message {
  const structure = parseMimeStructure(raw);
  const header = raw.subarray(0, structure.bodyStart);
  if (options.bodies === false) return assembleMessage({ envelope, header, structure }, options);
  const bodies = new Map<string, Uint8Array>();
  for (const part of wantedBodyParts(bodyParts(structure)) as LocatedPart[])
    bodies.set(
      part.partId,
      decodeTransfer(raw.subarray(part.bodyStart, part.bodyEnd), part.encoding),
    );
  return assembleMessage({ envelope, header, structure, bodies }, options);
}

/** The leaf part `partId` of a message, or ERR_NOT_FOUND. */
export function locatePart(raw: Uint8Array, partId: string, where: string): LocatedPart {
  const part = findPart(parseMimeStructure(raw, { sizes: false }), partId) as
    LocatedPart | undefined;
  if (part === undefined || part.parts !== undefined)
    throw new MailError(
      'ERR_NOT_FOUND',
      `no part ${JSON.stringify(partId.slice(0, 40))} in ${where}`,
    );
  return part;
}

/** One part's content, transfer-decoded. */
export function attachmentFromBytes(raw: Uint8Array, partId: string, where: string): Uint8Array {
  const part = locatePart(raw, partId, where);
  return decodeTransfer(raw.subarray(part.bodyStart, part.bodyEnd), part.encoding);
}
