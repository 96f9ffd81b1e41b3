/**
 * RFC 8621 §4.1 Email properties → the shared Envelope (docs/model.md).
 */
import { cleanHeaderText } from '../../shared/mime/encoded-words.js';
import { flagsFromJmapKeywords } from '../../shared/flags.js';
import type { Address, Envelope } from '../../shared/types.js';
import type { EmailObject } from './schemas.js';

/** The Email/get properties an Envelope is built from. */
export const ENVELOPE_PROPERTIES = [
  'id',
  'blobId',
  'threadId',
  'mailboxIds',
  'keywords',
  'size',
  'receivedAt',
  'messageId',
  'inReplyTo',
  'references',
  'sender',
  'from',
  'to',
  'cc',
  'bcc',
  'replyTo',
  'subject',
  'sentAt',
  // hasAttachment is computed from the tree (docs/model.md "Attachments"): RFC 8621's own
  // hasAttachment is the server's idea (Cyrus counts inline parts too)
  'bodyStructure',
  'preview',
];

type JmapAddress = { name?: string | null | undefined; email?: string | null | undefined };

function addresses(list: readonly JmapAddress[] | null | undefined): Address[] {
  if (list == null) return [];
  return list.map((a) => {
    const out: Address = { email: a.email ?? '' };
    const name = a.name == null ? '' : cleanHeaderText(a.name);
    if (name !== '') out.name = name;
    return out;
  });
}

function date(value: string | null | undefined): Date | undefined {
  if (value == null) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The EmailBodyPart properties fetched for bodyStructure: just what hasAttachment needs. */
export const BODY_PROPERTIES = ['type', 'disposition', 'subParts'];

interface BodyPart {
  disposition?: string | null | undefined;
  subParts?: BodyPart[] | null | undefined;
}

/**
 * The shared definition (shared/mime/attachments.ts) on an RFC 8621 §4.1.4 EmailBodyPart tree:
 * this part or any sub-part has disposition `attachment`. A message/rfc822 part is a leaf here,
 * so the parts of an attached message do not count — as on every backend.
 */
function partHasAttachment(part: BodyPart): boolean {
  if (part.disposition?.toLowerCase() === 'attachment') return true;
  return part.subParts?.some(partHasAttachment) ?? false;
}

/** JMAP strips the angle brackets of msg-ids (RFC 8621 §4.1.2.3); the shared model keeps them. */
const bracket = (id: string): string => `<${id}>`;

export function toEnvelope(email: EmailObject, mailbox: string): Envelope {
  const envelope: Envelope = {
    id: email.id,
    mailbox,
    flags: flagsFromJmapKeywords(email.keywords ?? {}),
    // The server decoded RFC 2047 already; control characters are ours to remove.
    subject: cleanHeaderText(email.subject ?? ''),
    from: addresses(email.from),
    to: addresses(email.to),
    cc: addresses(email.cc),
    bcc: addresses(email.bcc),
    size: email.size ?? 0,
  };
  const messageId = email.messageId?.[0];
  if (messageId !== undefined) envelope.messageId = bracket(messageId);
  const inReplyTo = email.inReplyTo?.[0];
  if (inReplyTo !== undefined) envelope.inReplyTo = bracket(inReplyTo);
  if (email.references != null && email.references.length > 0)
    envelope.references = email.references.map(bracket);
  if (email.threadId != null) envelope.threadId = email.threadId;
  if (email.sender != null && email.sender.length > 0) envelope.sender = addresses(email.sender);
  if (email.replyTo != null && email.replyTo.length > 0)
    envelope.replyTo = addresses(email.replyTo);
  const sent = date(email.sentAt);
  if (sent !== undefined) envelope.date = sent;
  const received = date(email.receivedAt);
  if (received !== undefined) envelope.receivedAt = received;
  if (email.bodyStructure != null) envelope.hasAttachment = partHasAttachment(email.bodyStructure);
  else if (email.hasAttachment !== undefined) envelope.hasAttachment = email.hasAttachment;
  if (email.preview != null) envelope.preview = email.preview;
  return envelope;
}
