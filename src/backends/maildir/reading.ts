/**
 * The reading operations of a Maildir (docs/reading.md): one message's envelope, the parsed
 * message and one part's content, all from the message file (shared/reading/from-bytes.ts does
 * the MIME work). A file renamed between the scan and the read (another client changed its
 * flags) is looked up again once, as getMessage does.
 */
import { scanHasAttachment } from '../../shared/mime/attachments.js';
import { findHeaderEnd } from '../../shared/mime/headers.js';
import { attachmentFromBytes, readMessageFromBytes } from '../../shared/reading/from-bytes.js';
import type { Envelope, Message, ReadMessageOptions } from '../../shared/types.js';
import { buildEnvelope, readEnvelopes } from './envelope-reader.js';
import type { FsCo } from './fs-requests.js';
import * as fs from './fs-requests.js';
import {
  filePath,
  notFound,
  openMailbox,
  readKeywords,
  scanMailbox,
  type MessageFile,
  type OpenMailbox,
  type StoreContext,
} from './store.js';

function* locate(ctx: StoreContext, mailbox: string, id: string): FsCo<[OpenMailbox, MessageFile]> {
  if (typeof id !== 'string' || id === '' || id.includes('/') || id.includes('\0'))
    throw notFound(`message ${String(id)}`);
  const box = openMailbox(ctx, mailbox);
  const file = (yield* scanMailbox(box)).get(id);
  if (file === undefined) throw notFound(`message ${id} in ${box.id}`);
  return [box, file];
}

export function* getEnvelope(ctx: StoreContext, mailbox: string, id: string): FsCo<Envelope> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const [box, file] = yield* locate(ctx, mailbox, id);
    const [envelope] = yield* readEnvelopes(box, [file], yield* readKeywords(box));
    if (envelope !== undefined) return envelope;
  }
  throw notFound(`message ${id} in ${mailbox}`);
}

/** The message file and its envelope (one read of the whole file). */
function* readWhole(
  ctx: StoreContext,
  mailbox: string,
  id: string,
): FsCo<{ envelope: Envelope; raw: Uint8Array }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const [box, file] = yield* locate(ctx, mailbox, id);
    const [raw] = yield* fs.readFiles([filePath(box, file)]);
    if (raw == null) continue;
    const end = findHeaderEnd(raw);
    const header = end === -1 ? raw : raw.subarray(0, end);
    const envelope = buildEnvelope(box, file, header, raw.length, yield* readKeywords(box));
    envelope.hasAttachment = scanHasAttachment(raw, true) === true;
    return { envelope, raw };
  }
  throw notFound(`message ${id} in ${mailbox}`);
}

export function* readMessage(
  ctx: StoreContext,
  mailbox: string,
  id: string,
  options: ReadMessageOptions,
): FsCo<Message> {
  const { envelope, raw } = yield* readWhole(ctx, mailbox, id);
  return readMessageFromBytes(envelope, raw, options);
}

export function* getAttachment(
  ctx: StoreContext,
  mailbox: string,
  id: string,
  partId: string,
): FsCo<Uint8Array> {
  const { raw } = yield* readWhole(ctx, mailbox, id);
  return attachmentFromBytes(raw, partId, `message ${id} in ${mailbox}`);
}
