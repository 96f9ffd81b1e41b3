/**
 * Mailbox data: mailbox-list (LIST/LSUB, RFC 9051 §7.3.1; RFC 5258 mbox-list-extended with
 * CHILDINFO; RFC 9051 OLDNAME; RFC 6154 attributes kept as sent) and STATUS (RFC 9051 §7.3.2,
 * RFC 7162 HIGHESTMODSEQ, RFC 8438 SIZE, RFC 7889 APPENDLIMIT, RFC 8474 MAILBOXID).
 */
import type { ListData, MailboxStatusValues } from '../types.js';
import { astring, atomUpper, mailbox, number, number64, quoted, wireValue } from './primitives.js';
import { isAtomByte, type Reader } from './reader.js';

/** mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox [SP mbox-list-extended] */
export function mailboxList(r: Reader): ListData {
  r.expect(0x28, "'(' starting mailbox attributes");
  const attributes: string[] = [];
  r.trimBefore(0x29);
  while (r.peek() !== 0x29) {
    if (attributes.length > 0) r.sp();
    attributes.push(listFlag(r));
    r.trimBefore(0x29);
  }
  r.pos++;
  r.sp();
  const delimiter = r.nil() ? null : quoted(r);
  r.sp();
  const [name, rawMailbox] = mailbox(r);
  let childInfo: string[] | undefined;
  let oldName: string | undefined;
  const extended: { name: string; value: ReturnType<typeof wireValue> }[] = [];
  if (r.peek() === 0x20 && !atTrailingSpace(r)) {
    r.sp();
    r.expect(0x28, "'(' starting extended LIST data");
    while (r.peek() !== 0x29) {
      if (r.peek() === 0x20) r.sp();
      const tag = astring(r).toUpperCase();
      r.sp();
      if (tag === 'CHILDINFO') {
        const v = wireValue(r);
        childInfo = (Array.isArray(v) ? v : [v])
          .filter((x): x is string => typeof x === 'string')
          .map((x) => x.toUpperCase());
      } else if (tag === 'OLDNAME') {
        r.expect(0x28, "'(' after OLDNAME");
        oldName = mailbox(r)[0];
        r.expect(0x29, "')' after OLDNAME");
      } else extended.push({ name: tag, value: wireValue(r) });
    }
    r.pos++;
  }
  return {
    attributes,
    delimiter,
    mailbox: name,
    rawMailbox,
    ...(childInfo === undefined ? {} : { childInfo }),
    ...(oldName === undefined ? {} : { oldName }),
    ...(extended.length === 0 ? {} : { extended }),
  };
}

function atTrailingSpace(r: Reader): boolean {
  let p = r.pos;
  while (r.buf[p] === 0x20) p++;
  return r.buf[p] === 13 || r.buf[p] === 10 || p >= r.buf.length;
}

/** mbx-list-flags: `\Noselect`, `\HasChildren`, `\Sent`…, or a keyword. */
function listFlag(r: Reader): string {
  const b = r.buf;
  const start = r.pos;
  let p = start;
  if (b[p] === 0x5c) p++;
  while (p < b.length && isAtomByte(b[p]!)) p++;
  if (p === start) throw r.fail('expected a mailbox attribute');
  r.pos = p;
  return r.text(start, p);
}

/** "STATUS" SP mailbox SP "(" [status-att-list] ")" — after the keyword. */
export function statusResponse(r: Reader): {
  mailbox: string;
  rawMailbox: string;
  values: MailboxStatusValues;
} {
  const [name, rawMailbox] = mailbox(r);
  r.sp();
  r.expect(0x28, "'(' starting STATUS data");
  const values: MailboxStatusValues = {};
  let first = true;
  r.trimBefore(0x29);
  while (r.peek() !== 0x29) {
    if (!first) r.sp();
    first = false;
    r.trimBefore(0x29);
    if (r.peek() === 0x29 && r.quirks.extraSpaces) break;
    const att = atomUpper(r);
    r.sp();
    switch (att) {
      case 'MESSAGES':
        values.messages = number(r);
        break;
      case 'RECENT':
        values.recent = number(r);
        break;
      case 'UIDNEXT':
        values.uidNext = number(r);
        break;
      case 'UIDVALIDITY':
        values.uidValidity = number(r);
        break;
      case 'UNSEEN':
        values.unseen = number(r);
        break;
      case 'DELETED':
        values.deleted = number(r);
        break;
      case 'SIZE':
        values.size = number(r);
        break;
      case 'APPENDLIMIT':
        values.appendLimit = r.nil() ? null : number(r);
        break;
      case 'HIGHESTMODSEQ':
        values.highestModseq = number64(r);
        break;
      case 'MAILBOXID': {
        r.expect(0x28, "'('");
        values.mailboxId = astring(r);
        r.expect(0x29, "')'");
        break;
      }
      default:
        (values.unknown ??= []).push({ name: att, value: wireValue(r) });
    }
  }
  r.pos++;
  return { mailbox: name, rawMailbox, values };
}
