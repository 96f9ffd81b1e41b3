/**
 * Helpers of the in-memory reference backend: RFC 5322 headers → envelope fields: via
 * postal-mime, which decodes RFC 2047 words. Searching uses the shared evaluator.
 */
import PostalMime from 'postal-mime';
import type { Address as ParsedAddress } from 'postal-mime';
import type { Address, Envelope } from '../../src/shared/types.js';
import { cleanHeaderText, decodeHeaderText } from '../../src/shared/mime/encoded-words.js';
import { parseHeaderBlock } from '../../src/shared/mime/headers.js';
import { parseMessageIds } from '../../src/shared/mime/envelope-from-headers.js';
import { scanHasAttachment } from '../../src/shared/mime/attachments.js';

export type ParsedHeaders = Pick<
  Envelope,
  | 'subject'
  | 'from'
  | 'to'
  | 'cc'
  | 'bcc'
  | 'messageId'
  | 'inReplyTo'
  | 'references'
  | 'date'
  | 'hasAttachment'
> & { text: string };

function addresses(list: readonly ParsedAddress[] | ParsedAddress | undefined): Address[] {
  if (list === undefined) return [];
  const flat: Address[] = [];
  for (const a of Array.isArray(list) ? list : [list]) {
    if (a.address === undefined) {
      flat.push(...addresses(a.group));
      continue;
    }
    const name = cleanHeaderText(a.name);
    flat.push(name === '' ? { email: a.address } : { name, email: a.address });
  }
  return flat;
}

export async function parseHeaders(raw: Uint8Array): Promise<ParsedHeaders> {
  const email = await PostalMime.parse(raw);
  const date = email.date === undefined ? undefined : new Date(email.date);
  const references = parseMessageIds(parseHeaderBlock(raw).get('references')?.[0]);
  return {
    // The model's one header-text decoder (charsets Node's TextDecoder gets wrong, controls).
    subject: decodeHeaderText(parseHeaderBlock(raw).get('subject')?.[0] ?? '')
      .replace(/\s+/g, ' ')
      .trim(),
    from: addresses(email.from),
    to: addresses(email.to),
    cc: addresses(email.cc),
    bcc: addresses(email.bcc),
    ...(email.messageId === undefined ? {} : { messageId: email.messageId }),
    ...(email.inReplyTo === undefined ? {} : { inReplyTo: email.inReplyTo }),
    ...(references.length === 0 ? {} : { references }),
    ...(date === undefined || Number.isNaN(date.getTime()) ? {} : { date }),
    text: email.text ?? '',
    // the model's one definition (docs/model.md "Attachments")
    hasAttachment: scanHasAttachment(raw, true) === true,
  };
}
