/**
 * `hasAttachment`, one definition for every backend (docs/model.md "Attachments"): a message
 * has an attachment when it, or any MIME part of it at any depth, has the disposition type
 * `attachment` (RFC 2183 §2.2). The parts of an encapsulated message/rfc822 belong to that
 * message and do not count (the message/rfc822 part itself does, when it is an attachment).
 * IMAP computes it from BODYSTRUCTURE (wire/decoder/body-attachment.ts), JMAP from the
 * Email's bodyStructure, the local stores from the file with the scanner below.
 *
 * The scanner walks RFC 2046 §5.1 multipart bodies over bytes: boundary delimiter lines
 * (`--boundary`, at the start of a line, CRLF or bare LF), each part's header block, nested
 * multiparts by their own boundary. It works on a prefix of the file: the answer is `true` as
 * soon as one attachment part is seen, `false` once every multipart has reached its close
 * delimiter (or the bytes are the whole file), and `undefined` when the prefix ends first.
 * That prefix answer is why this is not postal-mime (used for body text): postal-mime needs the
 * whole message in memory, and listing reads only a 64 KiB prefix of most files.
 */
import { findHeaderEnd, parseHeaderBlock, type HeaderMap } from './headers.js';

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

const latin1 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/** Index of the next delimiter line `--boundary` at or after `from` (start of a line), or -1. */
function nextDelimiter(text: string, boundary: string, from: number): number {
  const marker = `--${boundary}`;
  let at = text.indexOf(marker, from);
  while (at !== -1) {
    if (at === 0 || text.charCodeAt(at - 1) === 0x0a) return at;
    at = text.indexOf(marker, at + 1);
  }
  return -1;
}

const MAX_DEPTH = 32;

/**
 * Scan a multipart body `text[start, end)` with `boundary`: true when an attachment part is
 * found, false when the close delimiter is reached (or `complete` and the body ends), undefined
 * when the text ends before either.
 */
function scanMultipart(
  text: string,
  start: number,
  end: number,
  boundary: string,
  complete: boolean,
  depth: number,
): boolean | undefined {
  if (depth > MAX_DEPTH) return complete ? false : undefined;
  let at = nextDelimiter(text, boundary, start);
  while (at !== -1 && at < end) {
    const lineEnd = text.indexOf('\n', at);
    const marker = text.slice(at + boundary.length + 2, lineEnd === -1 ? end : lineEnd);
    if (marker.startsWith('--')) return false; // close delimiter (RFC 2046 §5.1.1)
    if (lineEnd === -1) return complete ? false : undefined;
    const partStart = lineEnd + 1;
    const next = nextDelimiter(text, boundary, partStart);
    const partEnd = next === -1 || next > end ? end : next;
    const partComplete = next !== -1 || complete;
    const part = scanPart(text, partStart, partEnd, partComplete, depth + 1);
    if (part === true) return true;
    if (part === undefined) return undefined;
    at = next === -1 || next >= end ? -1 : next;
  }
  return complete ? false : undefined;
}

function scanPart(
  text: string,
  start: number,
  end: number,
  complete: boolean,
  depth: number,
): boolean | undefined {
  const bytes = Buffer.from(text.slice(start, Math.min(end, start + 64 * 1024)), 'latin1');
  const headerEnd = findHeaderEnd(bytes);
  if (headerEnd === -1 && !(complete && end - start <= bytes.length)) return undefined;
  const shape = partShape(
    parseHeaderBlock(headerEnd === -1 ? bytes : bytes.subarray(0, headerEnd)),
  );
  if (shape.attachment) return true;
  if (shape.boundary === undefined || headerEnd === -1) return false;
  return scanMultipart(text, start + headerEnd, end, shape.boundary, complete, depth);
}

/** hasAttachment of a whole message or of a prefix of it (`complete` false): see the file comment. */
export function scanHasAttachment(bytes: Uint8Array, complete: boolean): boolean | undefined {
  const text = latin1(bytes);
  return scanPart(text, 0, text.length, complete, 0);
}
