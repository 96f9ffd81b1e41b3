/**
 * Helpers of the in-memory reference backend: RFC 5322 headers → envelope fields (via
 * postal-mime, which decodes RFC 2047 words) and a deliberately tiny DSL filter.
 */
import PostalMime from 'postal-mime';
import type { Address as ParsedAddress } from 'postal-mime';
import { MailError } from '../../src/shared/errors.js';
import { normalizeFlag } from '../../src/shared/flags.js';
import type { Address, Envelope } from '../../src/shared/types.js';

export type ParsedHeaders = Pick<
  Envelope,
  'subject' | 'from' | 'to' | 'cc' | 'bcc' | 'messageId' | 'inReplyTo' | 'date'
> & { text: string };

function addresses(list: readonly ParsedAddress[] | ParsedAddress | undefined): Address[] {
  if (list === undefined) return [];
  const flat: Address[] = [];
  for (const a of Array.isArray(list) ? list : [list]) {
    if (a.address === undefined) {
      flat.push(...addresses(a.group));
      continue;
    }
    flat.push(a.name === '' ? { email: a.address } : { name: a.name, email: a.address });
  }
  return flat;
}

export async function parseHeaders(raw: Uint8Array): Promise<ParsedHeaders> {
  const email = await PostalMime.parse(raw);
  const date = email.date === undefined ? undefined : new Date(email.date);
  return {
    subject: email.subject ?? '',
    from: addresses(email.from),
    to: addresses(email.to),
    cc: addresses(email.cc),
    bcc: addresses(email.bcc),
    ...(email.messageId === undefined ? {} : { messageId: email.messageId }),
    ...(email.inReplyTo === undefined ? {} : { inReplyTo: email.inReplyTo }),
    ...(date === undefined || Number.isNaN(date.getTime()) ? {} : { date }),
    text: email.text ?? '',
  };
}

// ---- a tiny DSL filter ---------------------------------------------------------------------
// TODO: switch to the shared search evaluator (src/shared/search) once it exports one; this
// covers only what the scenarios use: subject/from/to/cc/body/flag, and/or/not, quotes.

export type Matcher = (e: Envelope, text: string) => boolean;

export function compileFilter(query: string): Matcher {
  const tokens = query.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const take = (): string => {
    const t = tokens[pos++];
    if (t === undefined) throw new MailError('ERR_PARSE', `unexpected end of query: ${query}`);
    return t.startsWith('"') ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
  };
  const orExpr = (): Matcher => {
    let left = andExpr();
    while (peek() === 'or') {
      pos++;
      const l = left;
      const r = andExpr();
      left = (e, t) => l(e, t) || r(e, t);
    }
    return left;
  };
  const andExpr = (): Matcher => {
    let left = notExpr();
    while (peek() === 'and') {
      pos++;
      const l = left;
      const r = notExpr();
      left = (e, t) => l(e, t) && r(e, t);
    }
    return left;
  };
  const notExpr = (): Matcher => {
    if (peek() !== 'not') return condition();
    pos++;
    const inner = notExpr();
    return (e, t) => !inner(e, t);
  };
  const condition = (): Matcher => {
    const field = take();
    const value = take().toLowerCase();
    const has = (s: string | undefined): boolean => (s ?? '').toLowerCase().includes(value);
    const anyAddress = (list: readonly Address[]): boolean =>
      list.some((a) => has(a.name) || has(a.email));
    switch (field) {
      case 'subject':
        return (e) => has(e.subject);
      case 'from':
      case 'to':
      case 'cc':
        return (e) => anyAddress(e[field]);
      case 'body':
        return (_e, text) => has(text);
      case 'flag': {
        const flag = normalizeFlag(value).toLowerCase();
        return (e) => e.flags.some((f) => f.toLowerCase() === flag);
      }
      default:
        throw new MailError('ERR_PARSE', `memory backend filter: unknown condition ${field}`);
    }
  };
  const matcher = orExpr();
  if (pos !== tokens.length) throw new MailError('ERR_PARSE', `trailing input in: ${query}`);
  return matcher;
}
