/**
 * Assembling a `Message` (shared/types.ts) from what a backend read: its envelope, the header
 * block, the part tree and the decoded bytes of the body parts it was asked for. Every backend
 * ends here, so decoding rules are the same everywhere (docs/reading.md):
 * - a body part's text is its bytes in its `charset` (RFC 2046 §4.1.2; none → us-ascii, read
 *   as windows-1252, its WHATWG superset; an unknown label → UTF-8), line ends made LF;
 * - `text` joins the text/plain parts of the RFC 8621 §4.1.4 text body, `html` the text/html
 *   parts of the HTML body, each joined with a newline;
 * - header values are unfolded and RFC 2047-decoded, control characters removed.
 */
import { charsetDecoder } from '../mime/charsets.js';
import { decodeHeaderText } from '../mime/encoded-words.js';
import { forEachField } from '../mime/headers.js';
import type { MimePart } from '../mime/part.js';
import type {
  AttachmentInfo,
  Envelope,
  HeaderField,
  Message,
  ReadMessageOptions,
} from '../types.js';
import { bodyParts, type BodyParts } from './body-parts.js';

/** Every field of a header block, in order (names lowercased). */
export function headerFields(header: Uint8Array): HeaderField[] {
  const out: HeaderField[] = [];
  forEachField(header, undefined, (name, value) =>
    out.push({ name, value: decodeHeaderText(value) }),
  );
  return out;
}

export function attachmentInfo(part: MimePart): AttachmentInfo {
  const info: AttachmentInfo = { partId: part.partId, contentType: part.type, size: part.size };
  if (part.filename !== undefined) info.filename = part.filename;
  if (part.disposition !== undefined) info.disposition = part.disposition;
  if (part.contentId !== undefined) info.contentId = part.contentId;
  return info;
}

/** The parts whose bytes `text` and `html` need. */
export function wantedBodyParts(parts: BodyParts): MimePart[] {
  const wanted = new Map<string, MimePart>();
  for (const p of parts.text) if (p.type === 'text/plain') wanted.set(p.partId, p);
  for (const p of parts.html) if (p.type === 'text/html') wanted.set(p.partId, p);
  return [...wanted.values()];
}

const utf8 = charsetDecoder('utf-8') as NonNullable<ReturnType<typeof charsetDecoder>>;

/** A body part's transfer-decoded bytes as text (see the file comment). */
export function partText(part: MimePart, decoded: Uint8Array): string {
  const label = part.params['charset'] ?? 'us-ascii';
  const decoder = charsetDecoder(label.trim()) ?? utf8;
  const text = decoder.decode(decoded);
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Bytes cut to `max` (undefined: unlimited); whether they were cut. */
export function capBytes(bytes: Uint8Array, max: number | undefined): [Uint8Array, boolean] {
  return max !== undefined && bytes.length > max ? [bytes.subarray(0, max), true] : [bytes, false];
}

export interface ReadPieces {
  envelope: Envelope;
  header: Uint8Array;
  structure: MimePart;
  /** Decoded bytes of the wanted body parts by part id (absent when bodies were not read). */
  bodies?: ReadonlyMap<string, Uint8Array>;
  /** A body was cut by the backend (a partial fetch) before it got here. */
  truncated?: boolean;
}

export function assembleMessage(pieces: ReadPieces, options: ReadMessageOptions = {}): Message {
  const parts = bodyParts(pieces.structure);
  const message: Message = {
    ...pieces.envelope,
    headers: headerFields(pieces.header),
    attachments: parts.attachments.map(attachmentInfo),
  };
  let truncated = pieces.truncated === true;
  const join = (list: MimePart[], type: string): string | undefined => {
    const texts: string[] = [];
    for (const p of list) {
      const bytes = p.type === type ? pieces.bodies?.get(p.partId) : undefined;
      if (bytes === undefined) continue;
      const [kept, cut] = capBytes(bytes, options.maxBodyBytes);
      truncated ||= cut;
      texts.push(partText(p, kept));
    }
    return texts.length === 0 ? undefined : texts.join('\n');
  };
  if (pieces.bodies !== undefined) {
    const text = join(parts.text, 'text/plain');
    const html = join(parts.html, 'text/html');
    if (text !== undefined) message.text = text;
    if (html !== undefined) message.html = html;
  }
  if (truncated) message.truncated = true;
  return message;
}
