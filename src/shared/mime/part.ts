/**
 * One MIME part as every backend describes it (docs/reading.md "Parts"): the local stores build
 * it from the file (structure.ts), IMAP from BODYSTRUCTURE, JMAP from `bodyStructure`. Part ids
 * are IMAP section numbers (RFC 9051 §6.4.5) on every backend — `1` is the body of a
 * non-multipart message, `1`, `2`, `2.1` the parts of a multipart one — so an id read from one
 * backend names the same part on another. An encapsulated message/rfc822 is one leaf part: its
 * own parts belong to that message (as for `hasAttachment`, docs/model.md).
 */
import { cleanHeaderText } from './encoded-words.js';

export interface MimePart {
  /** IMAP section number; '' for the top multipart of a message (it has no number). */
  partId: string;
  /** Lowercased `type/subtype`; `text/plain` when the part has no Content-Type (RFC 2045 §5.2). */
  type: string;
  /** Content-Type parameters, names lowercased, RFC 2231 / RFC 2047 decoded. */
  params: Record<string, string>;
  /** Lowercased disposition type (RFC 2183), when the part has one. */
  disposition?: string;
  /** Content-Disposition `filename`, else Content-Type `name`, decoded. */
  filename?: string;
  /** Content-ID without the angle brackets. */
  contentId?: string;
  /** Lowercased Content-Transfer-Encoding; '7bit' when absent. */
  encoding: string;
  /** Octets after transfer decoding (text in CRLF form); see docs/reading.md on IMAP estimates. */
  size: number;
  /** multipart/* only. */
  parts?: MimePart[];
}

export interface PartFields {
  partId: string;
  type: string;
  params: ReadonlyMap<string, string>;
  disposition?: string | undefined;
  dispositionParams?: ReadonlyMap<string, string>;
  contentId?: string | null | undefined;
  encoding?: string | null | undefined;
  size: number;
  parts?: MimePart[];
}

/** A `<id>` value without its brackets and surrounding space. */
export const bareId = (id: string): string => id.trim().replace(/^<([^>]*)>$/, '$1');

/** Assemble a MimePart from the fields each backend reads (names already lowercased). */
export function makePart(f: PartFields): MimePart {
  const type = f.type.trim().toLowerCase() || 'text/plain';
  const filename = f.dispositionParams?.get('filename') ?? f.params.get('name');
  const part: MimePart = {
    partId: f.partId,
    type: type.includes('/') ? type : `${type}/octet-stream`,
    params: Object.fromEntries(f.params),
    encoding: (f.encoding ?? '').trim().toLowerCase() || '7bit',
    size: f.size,
  };
  if (f.disposition !== undefined && f.disposition !== '')
    part.disposition = f.disposition.toLowerCase();
  if (filename !== undefined && filename !== '') part.filename = cleanHeaderText(filename);
  if (f.contentId != null && bareId(f.contentId) !== '')
    part.contentId = cleanHeaderText(bareId(f.contentId));
  if (f.parts !== undefined) part.parts = f.parts;
  return part;
}

/** The id of child `index` (0-based) of the part with id `parent`. */
export const childPartId = (parent: string, index: number): string =>
  parent === '' ? String(index + 1) : `${parent}.${index + 1}`;

/** The part with this id in a tree, or undefined. */
export function findPart(root: MimePart, partId: string): MimePart | undefined {
  if (root.partId === partId) return root;
  for (const child of root.parts ?? []) {
    const found = findPart(child, partId);
    if (found !== undefined) return found;
  }
  return undefined;
}
