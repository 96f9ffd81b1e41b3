/**
 * `hasAttachment`, one definition for every backend (docs/model.md "Attachments"): a message
 * has an attachment when it, or any MIME part of it at any depth, has the disposition type
 * `attachment` (RFC 2183 §2.2). The parts of an encapsulated message/rfc822 belong to that
 * message and do not count (the message/rfc822 part itself does, when it is an attachment).
 * IMAP computes it from BODYSTRUCTURE (wire/decoder/body-attachment.ts), JMAP from the
 * Email's bodyStructure, the local stores from the file with the scanner below.
 *
 * The scanner reads the part tree of structure.ts (the one MIME walker). It works on a prefix
 * of the file: the answer is `true` when one attachment part is seen, `false` once every
 * multipart has reached its close delimiter (or the bytes are the whole file), and `undefined`
 * when the prefix ends first.
 * That prefix answer is why this is not postal-mime (used for body text): postal-mime needs the
 * whole message in memory, and listing reads only a 64 KiB prefix of most files.
 */
import type { HeaderMap } from './headers.js';
import { parseMimeStructure, type LocatedPart } from './structure.js';

/** RFC 2045 §5.1 parameter value of `name` in a structured field (quoted or token). */
export function headerParameter(value: string, name: string): string | undefined {
  const re = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i');
  const m = re.exec(value);
  if (m === null) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/** The disposition type of a Content-Disposition value, lowercase (`attachment`, `inline`). */
export function dispositionType(value: string | undefined): string | undefined {
  const type = value?.split(';')[0]?.trim().toLowerCase();
  return type === undefined || type === '' ? undefined : type;
}

/** What the headers of the message (or a part) say about attachments. */
export interface PartShape {
  attachment: boolean;
  /** The multipart boundary, when the part is multipart/* with one. */
  boundary?: string;
}

export function partShape(headers: HeaderMap): PartShape {
  const attachment = dispositionType(headers.get('content-disposition')?.[0]) === 'attachment';
  const type = headers.get('content-type')?.[0] ?? '';
  if (!/^\s*multipart\//i.test(type)) return { attachment };
  const boundary = headerParameter(type, 'boundary');
  return boundary === undefined || boundary === '' ? { attachment } : { attachment, boundary };
}

function anyAttachment(part: LocatedPart): boolean {
  return part.disposition === 'attachment' || (part.parts ?? []).some(anyAttachment);
}

function anyCut(part: LocatedPart): boolean {
  return part.cut === true || (part.parts ?? []).some(anyCut);
}

/** hasAttachment of a whole message or of a prefix of it (`complete` false): see the file comment. */
export function scanHasAttachment(bytes: Uint8Array, complete: boolean): boolean | undefined {
  const root = parseMimeStructure(bytes, { complete, sizes: false });
  if (anyAttachment(root)) return true;
  return anyCut(root) ? undefined : false;
}
