/**
 * `hasAttachment` for the local stores (a coroutine over FsRequest, like header-blocks.ts):
 * the definition is shared/mime/attachments.ts. The header block decides most messages — not
 * multipart: its own disposition; a top-level `attachment`: true. A multipart message is
 * scanned from its file: first a bounded prefix (attachment parts usually follow a short text
 * part, so most answers are there), and only when that prefix is undecided, the whole file —
 * one file at a time, so memory is bounded by the largest such message, not by the batch.
 */
import type { Coroutine, FsRequest } from './coroutine.js';
import { parseHeaderBlock } from './mime/headers.js';
import { partShape, scanHasAttachment } from './mime/attachments.js';

type FsCo<T> = Coroutine<FsRequest, T, unknown>;

const SHAPE_FIELDS: ReadonlySet<string> = new Set(['content-type', 'content-disposition']);
/** The prefix read for a multipart message. */
export const ATTACHMENT_PROBE_BYTES = 64 * 1024;

/** hasAttachment from the header block alone, or undefined when the body must be scanned. */
export function attachmentFromHeader(header: Uint8Array): boolean | undefined {
  const shape = partShape(parseHeaderBlock(header, SHAPE_FIELDS));
  if (shape.attachment) return true;
  return shape.boundary === undefined ? false : undefined;
}

/** hasAttachment of each file, given its header block (null: gone; answered false). */
export function* attachmentFlags(
  paths: readonly string[],
  headers: readonly (Uint8Array | null)[],
): FsCo<boolean[]> {
  const out = headers.map((h) => (h === null ? false : attachmentFromHeader(h)));
  const todo = out.flatMap((v, i) => (v === undefined ? [i] : []));
  if (todo.length === 0) return out as boolean[];
  const prefixes = (yield {
    type: 'readFile',
    paths: todo.map((i) => paths[i] as string),
    maxBytes: ATTACHMENT_PROBE_BYTES,
  }) as (Uint8Array | null)[];
  for (let k = 0; k < todo.length; k++) {
    const i = todo[k] as number;
    const prefix = prefixes[k];
    if (prefix === null || prefix === undefined) {
      out[i] = false;
      continue;
    }
    let answer = scanHasAttachment(prefix, prefix.length < ATTACHMENT_PROBE_BYTES);
    if (answer === undefined) {
      const whole = (yield {
        type: 'readFile',
        paths: [paths[i] as string],
      }) as (Uint8Array | null)[];
      const bytes = whole[0];
      answer = bytes === null || bytes === undefined ? false : scanHasAttachment(bytes, true);
    }
    out[i] = answer === true;
  }
  return out as boolean[];
}
