/**
 * The whole-message stream calls, as async glue over one link (not coroutines: the result is a
 * stream the caller reads at its own pace, so the connection's driver feeds it —
 * ImapConnection.fetchBodyStream, client/body-stream.ts): UID FETCH BODY.PEEK[] in chunks with
 * bounded memory; PEEK never sets \Seen (RFC 9051 §6.4.5).
 */
import { once } from 'node:events';
import { isMailError } from '../../../shared/errors.js';
import type { ImapLink } from './link.js';
import { messageNotFound } from './messages.js';
import { parseUid } from './uid-set.js';

/**
 * The whole message, collected from the streamed FETCH: no buffered-literal limit applies and
 * the bytes are held once (plus the final join), not in a growing framer buffer.
 */
export async function getMessage(link: ImapLink, mailbox: string, id: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of await getMessageStream(link, mailbox, id)) {
    chunks.push(chunk);
    total += chunk.length;
  }
  const joined = chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks, total);
  return new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
}

/**
 * The message as a stream of chunks with bounded memory (UID FETCH BODY.PEEK[] streamed, see
 * ImapConnection.fetchBodyStream; PEEK never sets \Seen). Resolves once the first bytes (or
 * the end) arrived, so a missing message rejects here with ERR_NOT_FOUND rather than mid-read.
 * Until the stream is read to its end, later calls on this connection queue behind it.
 */
export async function getMessageStream(
  link: ImapLink,
  mailbox: string,
  id: string,
): Promise<AsyncIterable<Uint8Array>> {
  const uid = parseUid(id);
  if (uid === undefined) throw messageNotFound(mailbox, id);
  const { conn } = await link.select(mailbox);
  const stream = conn.fetchBodyStream(uid);
  try {
    await once(stream, 'readable');
  } catch (error) {
    if (isMailError(error, 'ERR_NOT_FOUND')) throw messageNotFound(mailbox, id);
    throw error;
  }
  return stream;
}
