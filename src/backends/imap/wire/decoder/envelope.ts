/**
 * envelope and address (RFC 9051 §7.5.2, §9):
 *   envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP env-to
 *              SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"
 *   address  = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
 * The brokenAddresses quirk (Exchange/O365) accepts spaces between addresses, a string or an
 * empty list in place of an address list, and addresses with missing or extra fields.
 */
import type { ImapAddress, ImapEnvelope } from '../types.js';
import { nstring, wireValue } from './primitives.js';
import type { Reader } from './reader.js';

export function envelope(r: Reader): ImapEnvelope {
  r.expect(0x28, "'(' starting an envelope");
  const date = nstring(r);
  r.sp();
  const subject = nstring(r);
  r.sp();
  const fromStart = r.pos;
  const from = addressList(r);
  const fromEnd = r.pos;
  r.sp();
  // RFC 9051 §7.5.2: servers fill Sender and Reply-To from From when those headers are absent,
  // so the three are usually the same bytes — then one decoded (read-only) list is shared.
  const sender = r.repeatsAhead(fromStart, fromEnd) ? from : addressList(r);
  r.sp();
  const replyTo = r.repeatsAhead(fromStart, fromEnd) ? from : addressList(r);
  r.sp();
  const to = addressList(r);
  r.sp();
  const cc = addressList(r);
  r.sp();
  const bcc = addressList(r);
  r.sp();
  const inReplyTo = nstring(r);
  r.sp();
  const messageId = nstring(r);
  r.trimBefore(0x29);
  r.expect(0x29, "')' ending an envelope");
  return { date, subject, from, sender, replyTo, to, cc, bcc, inReplyTo, messageId };
}

const NONE: readonly ImapAddress[] = Object.freeze([]);

/** env-from etc.: "(" 1*address ")" / NIL. */
export function addressList(r: Reader): readonly ImapAddress[] {
  const c = r.peek();
  if (c !== 0x28) {
    if (r.nil()) return NONE;
    if (r.quirks.brokenAddresses) {
      wireValue(r); // e.g. a bare string where a list belongs: unusable, dropped
      return NONE;
    }
    throw r.fail('expected an address list');
  }
  r.pos++;
  // exact-size arrays for the usual one or two addresses (a grown array reserves 17 slots)
  const a0 = nextAddress(r);
  if (a0 === undefined) return closeList(r, []);
  const a1 = nextAddress(r);
  if (a1 === undefined) return closeList(r, [a0]);
  const list = [a0, a1];
  for (let a = nextAddress(r); a !== undefined; a = nextAddress(r)) list.push(a);
  return closeList(r, list);
}

/** The next address of a list, or undefined at its `)`; junk between addresses is skipped (quirk). */
function nextAddress(r: Reader): ImapAddress | undefined {
  for (;;) {
    if (r.quirks.brokenAddresses) r.skipSpaces();
    const p = r.peek();
    if (p === 0x29) return undefined;
    if (p === 0x28) return address(r);
    if (r.quirks.brokenAddresses) wireValue(r);
    else throw r.fail('expected an address');
  }
}

function closeList(r: Reader, list: ImapAddress[]): ImapAddress[] {
  r.pos++;
  return list;
}

export function address(r: Reader): ImapAddress {
  r.expect(0x28, "'(' starting an address");
  const broken = r.quirks.brokenAddresses;
  if (!broken) {
    const name = nstring(r);
    r.sp();
    const adl = nstring(r);
    r.sp();
    const mailbox = nstring(r);
    r.sp();
    const host = nstring(r);
    r.expect(0x29, "')' ending an address");
    return { name, adl, mailbox, host };
  }
  const fields: (string | null)[] = [];
  r.skipSpaces();
  while (r.peek() !== 0x29) {
    if (r.peek() === -1) throw r.fail('unterminated address');
    const v = r.peek() === 0x28 ? (wireValue(r), null) : nstring(r);
    fields.push(v);
    r.skipSpaces();
  }
  r.pos++;
  return {
    name: fields[0] ?? null,
    adl: fields[1] ?? null,
    mailbox: fields[2] ?? null,
    host: fields[3] ?? null,
  };
}
