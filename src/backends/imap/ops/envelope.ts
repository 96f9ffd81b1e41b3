/**
 * FETCH attributes → the shared Envelope: RFC 2047 decoding of subject and display names, cleaned
 * of control characters by the one function every backend uses (shared cleanHeaderText)
 * (RFC 9051 §7.5.2 leaves ENVELOPE strings encoded), group syntax skipped (host NIL marks a
 * group start/end, RFC 9051 §7.5.2), `hasAttachment` = any part with disposition attachment,
 * flags normalised without \Recent (a session flag, RFC 9051 §2.3.2).
 */
import type { Address, Envelope } from '../../../shared/types.js';
import type { FetchedMessage } from '../commands/index.js';
import type { FetchItems } from '../commands/index.js';
import type { BodyStructure, ImapAddress } from '../wire/types.js';
import {
  decodeWordsCached,
  firstMessageId,
  imapFlags,
  shared,
  sharedEmail,
} from './envelope-text.js';
import { parseEnvelopeDate } from './envelope-date.js';
import { cleanHeaderText } from '../../../shared/mime/encoded-words.js';
import { bodyHasAttachment } from '../wire/decoder/body-attachment.js';
import { parseMessageIds } from '../../../shared/mime/envelope-from-headers.js';
import { parseHeaderBlock } from '../../../shared/mime/headers.js';
import { threadIdFor } from '../../../shared/reading/threads.js';

/** What a listing fetches, by what the server offers (PREVIEW, Gmail's X-GM-EXT-1). */
export function envelopeItems(conn: { hasCapability(name: string): boolean }): FetchItems {
  return {
    uid: true,
    flags: true,
    envelope: true,
    size: true,
    internalDate: true,
    bodyStructure: 'hasAttachment',
    // References is not in ENVELOPE (RFC 9051 §7.5.2); the thread id is computed from it
    headers: ['REFERENCES'],
    ...(conn.hasCapability('PREVIEW') ? { preview: true } : {}),
    // Gmail's own thread id, when it is Gmail (its threads are what its users see)
    ...(conn.hasCapability('X-GM-EXT-1') ? { gmailThread: true } : {}),
  };
}

const REFERENCES: ReadonlySet<string> = new Set(['references']);

/**
 * The envelope with `references` (from a fetched HEADER or HEADER.FIELDS section) and
 * `threadId`: Gmail's X-GM-THRID when fetched, else the computed id every store without
 * server threading uses (shared/reading/threads.ts), so the same messages group the same.
 */
export function toEnvelope(mailbox: string, m: FetchedMessage): Envelope {
  const e = baseEnvelope(mailbox, m);
  const head = m.bodySections?.find((s) => /^HEADER/i.test(s.section))?.data;
  if (head != null) {
    const references = parseMessageIds(parseHeaderBlock(head, REFERENCES).get('references')?.[0]);
    if (references.length > 0) e.references = references;
  }
  e.threadId = m.gmThrId ?? threadIdFor(e);
  return e;
}

export { imapFlags } from './envelope-text.js';

/** One shared Address: `email` from mailbox@host, `name` RFC 2047-decoded and trimmed. */
function toAddress(a: ImapAddress): Address {
  // one flat, shared string per address instead of a concatenation per envelope
  const email = sharedEmail(a.mailbox!, a.host!);
  const name = a.name === null ? '' : shared(cleanHeaderText(decodeWordsCached(a.name).trim()));
  // each shape as one literal: adding `name` later would allocate a property backing store
  return name === '' ? { email } : { email, name };
}

/** Group markers (host NIL, RFC 9051 §7.5.2) are skipped; the array is sized exactly. */
function addresses(list: readonly ImapAddress[] | undefined): Address[] {
  if (list === undefined || list.length === 0) return [];
  let valid = 0;
  for (const a of list) if (a.host !== null && a.mailbox !== null) valid++;
  const out = new Array<Address>(valid);
  let i = 0;
  for (const a of list) if (a.host !== null && a.mailbox !== null) out[i++] = toAddress(a);
  return out;
}

function sameAddresses(a: readonly ImapAddress[], b: readonly ImapAddress[]): boolean {
  if (a === b) return true; // the decoder shares identical lists
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name || x.mailbox !== y.mailbox || x.host !== y.host || x.adl !== y.adl)
      return false;
  }
  return true;
}

/**
 * Sender and Reply-To: servers fill them with From when the headers are absent (RFC 9051
 * §7.5.2), so they usually equal it — then the same Address values are reused (new array).
 */
function addressesLike(
  list: readonly ImapAddress[] | undefined,
  fromRaw: readonly ImapAddress[] | undefined,
  from: Address[],
): Address[] {
  if (list !== undefined && fromRaw !== undefined && sameAddresses(list, fromRaw))
    return from.slice();
  return addresses(list);
}

export function hasAttachment(body: BodyStructure | undefined): boolean {
  return body === undefined ? false : bodyHasAttachment(body);
}

function baseEnvelope(mailbox: string, m: FetchedMessage): Envelope {
  const env = m.envelope;
  const id = String(m.uid ?? 0);
  const flags = imapFlags(m.flags);
  const subject =
    env?.subject === null || env?.subject === undefined
      ? ''
      : cleanHeaderText(decodeWordsCached(env.subject));
  const from = addresses(env?.from);
  const to = addresses(env?.to);
  const cc = addresses(env?.cc);
  const bcc = addresses(env?.bcc);
  const size = m.rfc822Size ?? 0;
  const sender = addressesLike(env?.sender, env?.from, from);
  const replyTo = addressesLike(env?.replyTo, env?.from, from);
  const messageId = firstMessageId(env?.messageId);
  const inReplyTo = firstMessageId(env?.inReplyTo);
  const date =
    env?.date === null || env?.date === undefined ? undefined : parseEnvelopeDate(env.date);
  const receivedAt = m.internalDateParsed;
  const attachment =
    m.bodyStructureHasAttachment ??
    (m.bodyStructure === undefined ? undefined : bodyHasAttachment(m.bodyStructure));
  const preview = typeof m.preview === 'string' ? m.preview : undefined;
  // A complete envelope (the usual case for a listing) is built as one literal: one hidden
  // class with every field in the object, instead of a property store grown field by field.
  // The key order is the same on every path.
  if (
    sender.length > 0 &&
    replyTo.length > 0 &&
    messageId !== undefined &&
    date !== undefined &&
    receivedAt !== undefined &&
    attachment !== undefined &&
    preview !== undefined
  ) {
    return inReplyTo === undefined
      ? {
          id,
          mailbox,
          flags,
          subject,
          from,
          to,
          cc,
          bcc,
          size,
          sender,
          replyTo,
          messageId,
          date,
          receivedAt,
          hasAttachment: attachment,
          preview,
        }
      : {
          id,
          mailbox,
          flags,
          subject,
          from,
          to,
          cc,
          bcc,
          size,
          sender,
          replyTo,
          messageId,
          inReplyTo,
          date,
          receivedAt,
          hasAttachment: attachment,
          preview,
        };
  }
  const e: Envelope = { id, mailbox, flags, subject, from, to, cc, bcc, size };
  if (sender.length > 0) e.sender = sender;
  if (replyTo.length > 0) e.replyTo = replyTo;
  if (messageId !== undefined) e.messageId = messageId;
  if (inReplyTo !== undefined) e.inReplyTo = inReplyTo;
  if (date !== undefined) e.date = date;
  if (receivedAt !== undefined) e.receivedAt = receivedAt;
  if (attachment !== undefined) e.hasAttachment = attachment;
  if (preview !== undefined) e.preview = preview;
  return e;
}
