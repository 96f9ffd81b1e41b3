/**
 * FETCH attributes → the shared Envelope: RFC 2047 decoding of subject and display names
 * (RFC 9051 §7.5.2 leaves ENVELOPE strings encoded), group syntax skipped (host NIL marks a
 * group start/end, RFC 9051 §7.5.2), `hasAttachment` = any part with disposition attachment,
 * flags normalised without \Recent (a session flag, RFC 9051 §2.3.2).
 */
import { normalizeFlags } from '../../../shared/flags.js';
import { decodeEncodedWords } from '../../../shared/mime/encoded-words.js';
import { parseMailDate } from '../../../shared/mime/date.js';
import type { Address, Envelope, Flag } from '../../../shared/types.js';
import type { FetchedMessage } from '../client/connection.js';
import type { FetchItems } from '../commands/index.js';
import type { BodyStructure, ImapAddress } from '../wire/types.js';

export function envelopeItems(preview: boolean): FetchItems {
  return {
    uid: true,
    flags: true,
    envelope: true,
    size: true,
    internalDate: true,
    bodyStructure: true,
    ...(preview ? { preview: true } : {}),
  };
}

export function imapFlags(raw: readonly string[] | undefined): Flag[] {
  return normalizeFlags((raw ?? []).filter((f) => f.toLowerCase() !== '\\recent'));
}

function addresses(list: readonly ImapAddress[] | undefined): Address[] {
  const out: Address[] = [];
  for (const a of list ?? []) {
    if (a.host === null || a.mailbox === null) continue;
    const address: Address = { email: `${a.mailbox}@${a.host}` };
    const name = a.name === null ? '' : decodeEncodedWords(a.name).trim();
    if (name !== '') address.name = name;
    out.push(address);
  }
  return out;
}

export function hasAttachment(body: BodyStructure | undefined): boolean {
  if (body === undefined) return false;
  if (body.disposition?.type.toLowerCase() === 'attachment') return true;
  return body.multipart ? body.parts.some(hasAttachment) : false;
}

function messageIds(text: string | null | undefined): string[] {
  return text === null || text === undefined ? [] : (text.match(/<[^<>\s]+>/g) ?? []);
}

export function toEnvelope(mailbox: string, m: FetchedMessage): Envelope {
  const env = m.envelope;
  const e: Envelope = {
    id: String(m.uid ?? 0),
    mailbox,
    flags: imapFlags(m.flags),
    subject:
      env?.subject === null || env?.subject === undefined ? '' : decodeEncodedWords(env.subject),
    from: addresses(env?.from),
    to: addresses(env?.to),
    cc: addresses(env?.cc),
    bcc: addresses(env?.bcc),
    size: m.rfc822Size ?? 0,
  };
  const sender = addresses(env?.sender);
  if (sender.length > 0) e.sender = sender;
  const replyTo = addresses(env?.replyTo);
  if (replyTo.length > 0) e.replyTo = replyTo;
  const messageId = messageIds(env?.messageId)[0];
  if (messageId !== undefined) e.messageId = messageId;
  const inReplyTo = messageIds(env?.inReplyTo)[0];
  if (inReplyTo !== undefined) e.inReplyTo = inReplyTo;
  const date = env?.date === null || env?.date === undefined ? undefined : parseMailDate(env.date);
  if (date !== undefined) e.date = date;
  if (m.internalDateParsed !== undefined) e.receivedAt = m.internalDateParsed;
  if (m.bodyStructure !== undefined) e.hasAttachment = hasAttachment(m.bodyStructure);
  if (typeof m.preview === 'string') e.preview = m.preview;
  return e;
}
