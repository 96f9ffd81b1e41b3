/**
 * Reading on IMAP (docs/reading.md) with only the bytes needed on the wire:
 * - readMessage: one UID FETCH of the envelope items, BODYSTRUCTURE and BODY.PEEK[HEADER],
 *   then one UID FETCH of just the text/html body parts (BINARY.PEEK[n] where BINARY is
 *   advertised, RFC 3516, so the server decodes and nothing is sent base64-inflated; else
 *   BODY.PEEK[n], decoded here) together with BINARY.SIZE of the attachments. PEEK never sets
 *   \Seen (RFC 9051 §6.4.5).
 * - getAttachment(Stream) (ops/attachment-stream.ts): `structureOf` here, then that one part
 *   streamed: the bytes on the wire are about the part's size, not the message's.
 * Coroutines over one session (docs/coroutines.md).
 * A server that refuses BINARY for a part (RFC 3516 §4.3 [UNKNOWN-CTE]) gets BODY.PEEK instead.
 */
import { MailError, isMailError } from '../../../shared/errors.js';
import type { MimePart } from '../../../shared/mime/part.js';
import { decodeTransfer } from '../../../shared/mime/transfer-encoding.js';
import { bodyParts } from '../../../shared/reading/body-parts.js';
import { assembleMessage, wantedBodyParts } from '../../../shared/reading/message.js';
import type { Envelope, Message, ReadMessageOptions } from '../../../shared/types.js';
import { fetchEach, type FetchItems, type FetchedMessage } from '../commands/index.js';
import type { ImapCoroutine } from '../commands/run.js';
import type { ImapSession } from '../session.js';
import type { BodyStructure } from '../wire/types.js';
import { envelopeItems, toEnvelope } from './envelope.js';
import { selectMailbox } from './selection.js';
import { encodedSizes, mimeTree } from './mime-parts.js';
import { parseUid } from './uid-set.js';

export function notFound(mailbox: string, id: string, part?: string): MailError {
  const what =
    part === undefined ? 'message' : `part ${JSON.stringify(part.slice(0, 40))} of message`;
  return new MailError(
    'ERR_NOT_FOUND',
    `no ${what} ${JSON.stringify(id.slice(0, 40))} in ${JSON.stringify(mailbox)}`,
    {
      backend: 'imap',
    },
  );
}

function* fetchOne(
  session: ImapSession,
  uid: number,
  items: FetchItems,
): ImapCoroutine<FetchedMessage | undefined> {
  let found: FetchedMessage | undefined;
  const onMessage = (m: FetchedMessage): void => {
    if (m.uid === uid) found ??= m;
  };
  yield* fetchEach(session, String(uid), items, { onMessage }, { uid: true });
  return found;
}

export function uidOf(mailbox: string, id: string): number {
  const uid = parseUid(id);
  if (uid === undefined) throw notFound(mailbox, id);
  return uid;
}

export function* getEnvelope(
  session: ImapSession,
  mailbox: string,
  id: string,
): ImapCoroutine<Envelope> {
  const uid = uidOf(mailbox, id);
  yield* selectMailbox(session, mailbox);
  const m = yield* fetchOne(session, uid, envelopeItems(session));
  if (m === undefined) throw notFound(mailbox, id);
  return toEnvelope(mailbox, m);
}

export const isBinaryRefusal = (e: unknown): boolean =>
  isMailError(e, 'ERR_PROTOCOL') &&
  /NO|BAD/.test(String((e.details as { status?: string } | undefined)?.status));

/** BINARY.PEEK / BODY.PEEK of the given parts (partial when `max`), decoded, by part id. */
function* fetchParts(
  session: ImapSession,
  uid: number,
  parts: readonly MimePart[],
  max: number | undefined,
  binary: boolean,
): ImapCoroutine<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  if (parts.length === 0) return out;
  if (binary && !parts.every(binaryFits)) {
    const viaBinary = yield* fetchParts(session, uid, parts.filter(binaryFits), max, true);
    const viaBody = yield* fetchParts(
      session,
      uid,
      parts.filter((p) => !binaryFits(p)),
      max,
      false,
    );
    return new Map([...viaBinary, ...viaBody]);
  }
  // a partial fetch of the encoded form: QP may take 3 octets per decoded one
  const partial = (scale: number) =>
    max === undefined ? {} : { partial: { start: 0, length: Math.max(1, max * scale + 4) } };
  const requests = parts.map((p) => ({ section: p.partId, ...partial(binary ? 1 : 3) }));
  let m: FetchedMessage | undefined;
  try {
    m = yield* fetchOne(
      session,
      uid,
      binary ? { uid: true, binary: requests } : { uid: true, bodies: requests },
    );
  } catch (e) {
    if (!binary || !isBinaryRefusal(e)) throw e;
    return yield* fetchParts(session, uid, parts, max, false);
  }
  const sections = (binary ? m?.binarySections : m?.bodySections) ?? [];
  for (const p of parts) {
    const data = sections.find((s) => s.section === p.partId)?.data;
    if (data == null) continue;
    out.set(p.partId, binary ? decodeTransfer(data, 'binary') : decodeTransfer(data, p.encoding));
  }
  return out;
}

/** Parts BINARY may decode: not message/* (RFC 3516 would decode inside the message too). */
export const binaryFits = (p: MimePart): boolean =>
  !p.type.startsWith('message/') && p.encoding !== '7bit' && p.encoding !== '8bit';
/** Parts above this many encoded octets keep an implausible BINARY.SIZE's estimate. */
const MEASURE_BELOW = 256 * 1024;

/**
 * Exact decoded sizes of attachment parts. BINARY.SIZE is not trusted for base64: Dovecot 2.3
 * answers 1 for a 5-octet text/plain part and 26214402 for a 26214400-octet one. So a small
 * base64 part (≤ 256 KiB encoded) is fetched with BINARY and measured; a large one gets the
 * line-length estimate (mime-parts.ts) minus the padding read from its last 8 octets; other
 * encodings take BINARY.SIZE when it is plausible for the encoded size.
 */
function* exactSizes(
  session: ImapSession,
  uid: number,
  body: BodyStructure,
  parts: readonly MimePart[],
  binary: boolean,
): ImapCoroutine<Map<string, number>> {
  const sizes = new Map<string, number>();
  const measure: MimePart[] = [];
  const tails: MimePart[] = [];
  const others: MimePart[] = [];
  for (const p of parts) {
    if (p.encoding === 'base64') (p.size <= MEASURE_BELOW ? measure : tails).push(p);
    else if (p.encoding === 'quoted-printable') others.push(p);
  }
  let s: FetchedMessage | undefined;
  if (binary && others.length > 0) {
    try {
      s = yield* fetchOne(session, uid, { uid: true, binarySize: others.map((p) => p.partId) });
    } catch (e) {
      if (!isBinaryRefusal(e)) throw e;
    }
  }
  for (const p of others) {
    const size = s?.binarySizes?.find((b) => b.section === p.partId)?.size;
    if (size !== undefined && size <= p.size) sizes.set(p.partId, size);
    else if (p.size <= MEASURE_BELOW) measure.push(p);
  }
  for (const [partId, bytes] of yield* fetchParts(session, uid, measure, undefined, binary))
    sizes.set(partId, bytes.length);
  // a large base64 part: the estimate is exact but for the padding, read from its last octets
  if (tails.length > 0) {
    const encoded = encodedSizes(body);
    const requests = tails.map((p) => ({
      section: p.partId,
      partial: { start: Math.max(0, (encoded.get(p.partId) ?? 0) - 8), length: 8 },
    }));
    const t = yield* fetchOne(session, uid, { uid: true, bodies: requests });
    for (const p of tails) {
      const data = t?.bodySections?.find((b) => b.section === p.partId)?.data;
      const tail = data == null ? '' : Buffer.from(data).toString('latin1');
      sizes.set(p.partId, p.size - (/(=+)\s*$/.exec(tail)?.[1]?.length ?? 0));
    }
  }
  return sizes;
}

/** BODYSTRUCTURE of one message, or ERR_NOT_FOUND. */
export function* structureOf(
  session: ImapSession,
  mailbox: string,
  id: string,
  uid: number,
): ImapCoroutine<BodyStructure> {
  yield* selectMailbox(session, mailbox);
  const m = yield* fetchOne(session, uid, { uid: true, bodyStructure: true });
  if (m?.bodyStructure === undefined) throw notFound(mailbox, id);
  return m.bodyStructure;
}

export function* readMessage(
  session: ImapSession,
  mailbox: string,
  id: string,
  options: ReadMessageOptions,
): ImapCoroutine<Message> {
  const uid = uidOf(mailbox, id);
  yield* selectMailbox(session, mailbox);
  const binary = session.hasCapability('BINARY');
  const items: FetchItems = {
    ...envelopeItems(session),
    bodyStructure: true,
    headers: true,
  };
  const m = yield* fetchOne(session, uid, items);
  if (m?.bodyStructure === undefined) throw notFound(mailbox, id);
  const envelope = toEnvelope(mailbox, m);
  const header =
    m.bodySections?.find((s) => s.section.toUpperCase() === 'HEADER')?.data ?? new Uint8Array(0);
  const split = bodyParts(mimeTree(m.bodyStructure));
  const wanted = options.bodies === false ? [] : wantedBodyParts(split);
  const sizes = yield* exactSizes(session, uid, m.bodyStructure, split.attachments, binary);
  const structure = mimeTree(m.bodyStructure, sizes);
  if (options.bodies === false) return assembleMessage({ envelope, header, structure }, options);
  const bodies = yield* fetchParts(session, uid, wanted, options.maxBodyBytes, binary);
  return assembleMessage({ envelope, header, structure, bodies }, options);
}
