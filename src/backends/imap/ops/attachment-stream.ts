/**
 * One attachment part as a stream, as async glue over one link (the result is a stream the
 * caller reads at its own pace): the BODYSTRUCTURE is read by a coroutine first (ops/reading.ts
 * `structureOf`, to check the part is a leaf and learn its encoding), then that one part is
 * streamed (commands/fetch-body-stream.ts) — BINARY.PEEK where the server decodes it (RFC 3516),
 * else BODY.PEEK decoded here. The bytes on the wire are about the part's size.
 */
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { findPart } from '../../../shared/mime/part.js';
import { decodeTransferStream } from '../../../shared/mime/transfer-encoding.js';
import type { ImapLink } from './link.js';
import { mimeTree } from './mime-parts.js';
import { binaryFits, isBinaryRefusal, notFound, structureOf, uidOf } from './reading.js';

/** One leaf part, streamed and decoded. */
export async function getAttachmentStream(
  link: ImapLink,
  mailbox: string,
  id: string,
  partId: string,
): Promise<AsyncIterable<Uint8Array>> {
  const uid = uidOf(mailbox, id);
  const conn = await link.connection();
  const structure = await conn.run(structureOf(conn.session, mailbox, id, uid));
  const part = findPart(mimeTree(structure), partId);
  if (part === undefined || part.parts !== undefined) throw notFound(mailbox, id, partId);
  const open = async (binary: boolean): Promise<Readable> => {
    const stream = conn.fetchBodyStream(uid, { section: partId, binary });
    await once(stream, 'readable');
    return stream;
  };
  if (conn.hasCapability('BINARY') && binaryFits(part)) {
    try {
      return decodeTransferStream(await open(true), 'binary');
    } catch (e) {
      if (!isBinaryRefusal(e)) throw e;
    }
  }
  return decodeTransferStream(await open(false), part.encoding);
}

export async function getAttachment(
  link: ImapLink,
  mailbox: string,
  id: string,
  partId: string,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of await getAttachmentStream(link, mailbox, id, partId))
    chunks.push(chunk);
  return Buffer.concat(chunks);
}
