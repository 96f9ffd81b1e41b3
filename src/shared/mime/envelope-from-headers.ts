/**
 * The header-derived part of an Envelope (docs/model.md), shared by the local stores. Everything
 * is best effort: a missing or broken field yields an empty value, never an exception.
 */
import type { Address, Envelope } from '../types.js';
import { parseAddressFields } from './addresses.js';
import { parseMailDate } from './date.js';
import { decodeHeaderText } from './encoded-words.js';
import { forEachField } from './headers.js';
import { dispositionType } from './attachments.js';
import { threadIdFor } from '../reading/threads.js';

export type HeaderEnvelope = Pick<
  Envelope,
  | 'threadId'
  | 'subject'
  | 'from'
  | 'to'
  | 'cc'
  | 'bcc'
  | 'messageId'
  | 'inReplyTo'
  | 'references'
  | 'sender'
  | 'replyTo'
  | 'date'
  | 'hasAttachment'
>;

/**
 * Field values by lowercase name: a HeaderMap (name → every value), or the listing's compact
 * form where a field seen once is just its string.
 */
export interface FieldValues {
  get(name: string): string | readonly string[] | undefined;
}

/** The first value of a field. */
function first(headers: FieldValues, name: string): string | undefined {
  const v = headers.get(name);
  return typeof v === 'string' || v === undefined ? v : v[0];
}

/** RFC 5322 §3.6.4 msg-id list: `<a@b> <c@d>`; bare ids (obsolete) are wrapped in `<>`. */
export function parseMessageIds(value: string | undefined): string[] {
  if (value === undefined) return [];
  const angled = value.match(/<[^<>\s]+>/g);
  if (angled !== null) return angled;
  return value
    .split(/[\s,]+/)
    .filter((t) => t.includes('@'))
    .map((t) => `<${t}>`);
}

/**
 * hasAttachment as far as the header block tells (shared/mime/attachments.ts has the
 * definition): a top-level `Content-Disposition: attachment`. For a multipart message the
 * local stores then scan the body (shared/attachment-reads.ts) and replace this value.
 */
export function hasAttachmentFromHeaders(headers: FieldValues): boolean {
  return dispositionType(first(headers, 'content-disposition')) === 'attachment';
}

const optionalAddresses = (list: Address[]): Address[] | undefined =>
  list.length === 0 ? undefined : list;

/**
 * The header-derived fields, assigned onto `into` when given (callers put id, mailbox and flags
 * there first, so every envelope has the same property order without a copy).
 */
export function envelopeFromHeaders<T extends object = object>(
  headers: FieldValues,
  into?: T,
): T & HeaderEnvelope {
  const subject = first(headers, 'subject');
  const out = (into ?? {}) as T & HeaderEnvelope;
  out.subject = subject === undefined ? '' : decodeHeaderText(subject).replace(/\s+/g, ' ').trim();
  out.from = parseAddressFields(headers.get('from'));
  out.to = parseAddressFields(headers.get('to'));
  out.cc = parseAddressFields(headers.get('cc'));
  out.bcc = parseAddressFields(headers.get('bcc'));
  out.hasAttachment = hasAttachmentFromHeaders(headers);
  const messageId = parseMessageIds(first(headers, 'message-id'))[0];
  if (messageId !== undefined) out.messageId = messageId;
  const inReplyTo = parseMessageIds(first(headers, 'in-reply-to'))[0];
  if (inReplyTo !== undefined) out.inReplyTo = inReplyTo;
  const references = parseMessageIds(first(headers, 'references'));
  if (references.length > 0) out.references = references;
  const sender = optionalAddresses(parseAddressFields(headers.get('sender')));
  if (sender !== undefined) out.sender = sender;
  const replyTo = optionalAddresses(parseAddressFields(headers.get('reply-to')));
  if (replyTo !== undefined) out.replyTo = replyTo;
  const date = parseMailDate(first(headers, 'date'));
  if (date !== undefined) out.date = date;
  out.threadId = threadIdFor(out);
  return out;
}

/** The fields envelopeFromHeaders reads (others are skipped undecoded). */
export const ENVELOPE_FIELDS: ReadonlySet<string> = new Set([
  'subject',
  'from',
  'to',
  'cc',
  'bcc',
  'sender',
  'reply-to',
  'date',
  'message-id',
  'in-reply-to',
  'references',
  'content-type',
  'content-disposition',
]);

/** Convenience: the header block's bytes (a bounded prefix of the file is enough). */
/** One collector reused for every listed message: no Map or arrays per message. */
const collected = new Map<string, string | string[]>();
function collect(name: string, value: string): void {
  const seen = collected.get(name);
  if (seen === undefined) collected.set(name, value);
  else if (typeof seen === 'string') collected.set(name, [seen, value]);
  else seen.push(value);
}

export function envelopeFromHeaderBytes<T extends object = object>(
  bytes: Uint8Array,
  into?: T,
): T & HeaderEnvelope {
  collected.clear();
  forEachField(bytes, ENVELOPE_FIELDS, collect);
  const out = envelopeFromHeaders(collected, into);
  collected.clear(); // hold no message text between calls
  return out;
}
