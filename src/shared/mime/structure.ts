/**
 * The MIME structure of a message held as bytes (the local stores, and any backend that only
 * has `getMessage`): RFC 2046 §5.1 multipart bodies walked by their boundary delimiter lines
 * (`--boundary` at the start of a line, CRLF or bare LF, trailing whitespace allowed; the line
 * end before a delimiter belongs to the delimiter, §5.1.1), each part's header block parsed,
 * nested multiparts by their own boundary, parts numbered as IMAP sections (part.ts).
 *
 * Each part also carries where its body lies in the bytes, so a caller reads (or streams) one
 * part without decoding the others. A prefix of a file can be parsed too (`complete: false`):
 * parts that run past its end are marked `cut`, which is how the listing decides
 * `hasAttachment` from 64 KiB of most files (attachments.ts).
 */
import { decodeParameters, splitStructured } from './parameters.js';
import { findHeaderEnd, parseHeaderBlock } from './headers.js';
import { childPartId, makePart, type MimePart } from './part.js';
import { transferDecoder } from './transfer-encoding.js';

export interface LocatedPart extends MimePart {
  /** Offset of the part's header block and of its body; body end (exclusive). */
  headerStart: number;
  bodyStart: number;
  bodyEnd: number;
  /** The bytes ended inside this part (prefix parsing only). */
  cut?: boolean;
  parts?: LocatedPart[];
}

export interface StructureOptions {
  /** The bytes are the whole message (default true); false for a prefix. */
  complete?: boolean;
  /** Compute each leaf's decoded size (default true; costs a pass over each leaf's bytes). */
  sizes?: boolean;
}

const MAX_DEPTH = 32;
const FIELDS: ReadonlySet<string> = new Set([
  'content-type',
  'content-disposition',
  'content-id',
  'content-transfer-encoding',
]);

const view = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** Decoded octets of a leaf body (transfer-decoded, text in CRLF form). */
export function decodedSize(body: Uint8Array, encoding: string): number {
  const d = transferDecoder(encoding);
  let size = 0;
  // in slices, so a large identity or base64 body never needs a second full-size buffer
  for (let at = 0; at < body.length; at += 1 << 20)
    size += d.push(body.subarray(at, at + (1 << 20))).length;
  return size + d.end().length;
}

/** Offset of the next delimiter line `--boundary` at or after `from`, or -1. */
export function nextDelimiter(buf: Buffer, marker: string, from: number, end: number): number {
  let at = buf.indexOf(marker, from, 'latin1');
  while (at !== -1 && at < end) {
    const lineStart = at === 0 || buf[at - 1] === 0x0a;
    const after = buf[at + marker.length];
    // the boundary must be the whole marker, not a prefix of a longer one (§5.1.1)
    const whole =
      after === undefined ||
      after === 0x0d ||
      after === 0x0a ||
      after === 0x20 ||
      after === 0x09 ||
      after === 0x2d;
    if (lineStart && whole) return at;
    at = buf.indexOf(marker, at + 1, 'latin1');
  }
  return -1;
}

/** Where a part's body ends before a delimiter at `at`: the line end before it is the delimiter's. */
export function bodyEndBefore(buf: Buffer, at: number, start: number): number {
  let end = at;
  if (end > start && buf[end - 1] === 0x0a) end--;
  if (end > start && buf[end - 1] === 0x0d) end--;
  return end;
}

interface Walk {
  buf: Buffer;
  complete: boolean;
  sizes: boolean;
}

function parsePart(
  w: Walk,
  start: number,
  end: number,
  partId: string,
  defaultType: string,
  partComplete: boolean,
  depth: number,
): LocatedPart {
  const slice = w.buf.subarray(start, end);
  const headerEnd = findHeaderEnd(slice);
  const headerCut = headerEnd === -1 && !partComplete;
  const bodyStart = headerEnd === -1 ? end : start + headerEnd;
  const headers = parseHeaderBlock(headerEnd === -1 ? slice : slice.subarray(0, headerEnd), FIELDS);
  const ct = splitStructured(headers.get('content-type')?.[0] ?? defaultType);
  const cd = splitStructured(headers.get('content-disposition')?.[0] ?? '');
  const type = ct.value.includes('/') ? ct.value : 'text/plain';
  const params = decodeParameters(ct.params);
  const encoding = headers.get('content-transfer-encoding')?.[0];
  const boundary = type.startsWith('multipart/') ? params.get('boundary') : undefined;
  let parts: LocatedPart[] | undefined;
  let cut = headerCut || !partComplete;
  if (boundary !== undefined && boundary !== '' && depth < MAX_DEPTH && !headerCut) {
    const childDefault = type === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
    const r = parseChildren(w, bodyStart, end, boundary, partId, childDefault, partComplete, depth);
    parts = r.parts;
    cut = r.cut;
  }
  const shared = {
    partId: partId === '' && parts === undefined ? '1' : partId,
    type,
    params,
    disposition: cd.value === '' ? undefined : cd.value,
    dispositionParams: decodeParameters(cd.params),
    contentId: headers.get('content-id')?.[0],
    encoding,
  };
  const size =
    parts === undefined && w.sizes && !cut
      ? decodedSize(w.buf.subarray(bodyStart, end), shared.encoding ?? '')
      : 0;
  const part = makePart({ ...shared, size, ...(parts === undefined ? {} : { parts }) });
  const { parts: _tree, ...fields } = part;
  const located: LocatedPart = { ...fields, headerStart: start, bodyStart, bodyEnd: end };
  if (parts !== undefined) located.parts = parts;
  if (cut) located.cut = true;
  return located;
}

function parseChildren(
  w: Walk,
  start: number,
  end: number,
  boundary: string,
  partId: string,
  childDefault: string,
  complete: boolean,
  depth: number,
): { parts: LocatedPart[]; cut: boolean } {
  const marker = `--${boundary}`;
  const parts: LocatedPart[] = [];
  let at = nextDelimiter(w.buf, marker, start, end);
  while (at !== -1) {
    const lineEnd = w.buf.indexOf(0x0a, at);
    if (w.buf[at + marker.length] === 0x2d && w.buf[at + marker.length + 1] === 0x2d)
      return { parts, cut: false }; // close delimiter
    if (lineEnd === -1 || lineEnd >= end) return { parts, cut: !complete };
    const partStart = lineEnd + 1;
    const next = nextDelimiter(w.buf, marker, partStart, end);
    const partEnd = next === -1 ? end : bodyEndBefore(w.buf, next, partStart);
    const childComplete = next !== -1 || complete;
    const child = parsePart(
      w,
      partStart,
      partEnd,
      childPartId(partId, parts.length),
      childDefault,
      childComplete,
      depth + 1,
    );
    parts.push(child);
    if (child.cut === true) return { parts, cut: true };
    at = next;
  }
  // no close delimiter: a whole message is taken as ended (robustness), a prefix as cut
  return { parts, cut: !complete };
}

/** The part tree of a message (or of a prefix of one, `complete: false`). */
export function parseMimeStructure(bytes: Uint8Array, options: StructureOptions = {}): LocatedPart {
  const w: Walk = {
    buf: view(bytes),
    complete: options.complete ?? true,
    sizes: options.sizes ?? true,
  };
  return parsePart(w, 0, bytes.length, '', 'text/plain', w.complete, 0);
}
