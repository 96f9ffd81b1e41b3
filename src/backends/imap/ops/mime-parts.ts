/**
 * BODYSTRUCTURE (RFC 9051 §7.5.2) → the shared part tree (shared/mime/part.ts), numbered as
 * IMAP sections (§6.4.5): the body of a non-multipart message is `1`, the parts of a multipart
 * `1`, `2`, … and their parts `2.1`, …; an encapsulated message/rfc822 is one leaf. Parameters
 * go through the shared RFC 2231 decoder, so filenames read as on every other backend.
 *
 * Sizes: BODYSTRUCTURE gives the encoded size. With BINARY (RFC 3516) the caller passes
 * BINARY.SIZE answers, the exact decoded size; without it a base64 part's decoded size is
 * estimated from its encoded size (76-column lines, docs/reading.md), others are exact.
 */
import { decodeParameters } from '../../../shared/mime/parameters.js';
import { childPartId, makePart, type MimePart } from '../../../shared/mime/part.js';
import type { BodyStructure, SinglePartBody } from '../wire/types.js';

/**
 * Decoded size of a base64 body of `encoded` octets in 76-column CRLF lines (the line end
 * before the next delimiter is not part of the body): exact but for up to two padding octets.
 */
export const base64Estimate = (encoded: number): number =>
  Math.floor(((encoded - 2 * (Math.ceil(encoded / 78) - 1)) * 3) / 4);

function leafSize(
  body: SinglePartBody,
  sizes: ReadonlyMap<string, number> | undefined,
  partId: string,
): number {
  const exact = sizes?.get(partId);
  if (exact !== undefined) return exact;
  return body.encoding === 'base64' ? Math.max(0, base64Estimate(body.size)) : body.size;
}

export function mimeTree(
  body: BodyStructure,
  sizes?: ReadonlyMap<string, number>,
  partId = '',
): MimePart {
  const disposition = body.disposition ?? undefined;
  const common = {
    disposition: disposition?.type,
    dispositionParams: decodeParameters(disposition?.params ?? []),
  };
  if (body.multipart) {
    const parts = body.parts.map((p, i) => mimeTree(p, sizes, childPartId(partId, i)));
    return makePart({
      ...common,
      partId,
      type: `multipart/${body.subtype}`,
      params: decodeParameters(body.params ?? []),
      size: 0,
      parts,
    });
  }
  const id = partId === '' ? '1' : partId;
  return makePart({
    ...common,
    partId: id,
    type: `${body.type}/${body.subtype}`,
    params: decodeParameters(body.params),
    contentId: body.id,
    encoding: body.encoding,
    size: leafSize(body, sizes, id),
  });
}

/** The encoded (BODYSTRUCTURE) size of every leaf, by part id. */
export function encodedSizes(
  body: BodyStructure,
  partId = '',
  out = new Map<string, number>(),
): Map<string, number> {
  if (!body.multipart) out.set(partId === '' ? '1' : partId, body.size);
  else body.parts.forEach((p, i) => encodedSizes(p, childPartId(partId, i), out));
  return out;
}
