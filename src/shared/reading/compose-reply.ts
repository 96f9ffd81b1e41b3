/**
 * Replies and forwards (docs/reading.md "Reply and forward") as ComposeMessage objects that
 * sendMessage accepts:
 * - Subject: one `Re: ` / `Fwd: ` in front of the base subject (RFC 5256 §2.1 prefixes are
 *   removed first, so they never stack: `Re: Re: x` → `Re: x`).
 * - Reply threading (RFC 5322 §3.6.4): In-Reply-To is the original's Message-ID; References is
 *   the original's References (else its In-Reply-To) followed by its Message-ID.
 * - Recipients: Reply-To, else From; reply-all adds the original To and Cc, minus the user's
 *   own addresses (`me`) and duplicates (compared case-insensitively). A reply to one's own
 *   message goes to its recipients; to a note to self, back to oneself.
 * - Quoting: `quote` (default true) adds "On <date>, <sender> wrote:" and the text with `> `.
 * - Forward: inline (the original's text under a header block), or `attach: true` as a
 *   message/rfc822 attachment of the original bytes (RFC 2046 §5.2.1).
 */
import { MailError } from '../errors.js';
import type { Address, ComposeMessage, Message } from '../types.js';
import { baseSubject } from './threads.js';

export interface ReplyOptions {
  /** The sender of the reply (required by sendMessage). */
  from: Address | string;
  /** Reply to all: the original's To and Cc too. */
  all?: boolean;
  /** Quote the original text (default true). */
  quote?: boolean;
  /** The user's own addresses, left out of reply-all (`from` always is). */
  me?: readonly (Address | string)[];
  /** The reply's text, above the quote. */
  text?: string;
}

export interface ForwardOptions {
  from: Address | string;
  to?: (Address | string)[];
  /** Attach the original as message/rfc822 (needs `raw`); default false: inline. */
  attach?: boolean;
  /** The original's bytes, for `attach`. */
  raw?: Uint8Array;
  text?: string;
}

const emailOf = (a: Address | string): string =>
  (typeof a === 'string' ? (/<([^>]+)>/.exec(a)?.[1] ?? a) : a.email).trim().toLowerCase();

const show = (a: Address): string => (a.name ? `${a.name} <${a.email}>` : a.email);

/** The subject without its reply/forward prefixes (`Re: Fwd: x` → `x`). */
function withoutPrefixes(subject: string): string {
  const base = subject.trim();
  return baseSubject(base) === ''
    ? ''
    : base.replace(/^(?:(?:re|fwd?|aw|sv|wg)(?:\[\d+\])?\s*:\s*)+/i, '');
}

/** `Re: x` / `Fwd: x` without stacking prefixes. */
export function prefixedSubject(prefix: 'Re' | 'Fwd', subject: string): string {
  return `${prefix}: ${withoutPrefixes(subject)}`.trimEnd();
}

function quoted(m: Message): string {
  const who = m.from[0] === undefined ? 'someone' : show(m.from[0]);
  const when = m.date === undefined ? '' : `On ${m.date.toUTCString()}, `;
  const body = (m.text ?? '')
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l === '' ? '>' : `> ${l}`));
  return [`${when}${who} wrote:`, ...body].join('\n');
}

export function composeReply(original: Message, options: ReplyOptions): ComposeMessage {
  const mine = new Set([options.from, ...(options.me ?? [])].map(emailOf));
  const seen = new Set<string>();
  const keep = (list: readonly Address[]): Address[] =>
    list.filter((a) => {
      const key = a.email.toLowerCase();
      if (mine.has(key) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const primary =
    original.replyTo !== undefined && original.replyTo.length > 0
      ? original.replyTo
      : original.from;
  // replying to one's own message goes to its recipients
  const first = keep(primary);
  let to = first.length > 0 ? first : keep(original.to);
  const cc = options.all === true ? keep([...original.to, ...original.cc]) : [];
  // a note to self (every recipient is the user) is answered to the user
  if (to.length === 0 && cc.length === 0) to = [...primary];
  if (to.length === 0)
    throw new MailError('ERR_INVALID_ARGUMENT', 'the original has no one to reply to');
  const references = [
    ...(original.references ?? (original.inReplyTo === undefined ? [] : [original.inReplyTo])),
    ...(original.messageId === undefined ? [] : [original.messageId]),
  ];
  const parts = [options.text ?? '', ...(options.quote === false ? [] : [quoted(original)])].filter(
    (p) => p !== '',
  );
  const reply: ComposeMessage = {
    from: options.from,
    to,
    subject: prefixedSubject('Re', original.subject),
    text: parts.join('\n\n') + '\n',
  };
  if (cc.length > 0) reply.cc = cc;
  if (original.messageId !== undefined) reply.inReplyTo = original.messageId;
  if (references.length > 0) reply.references = references;
  return reply;
}

export function composeForward(original: Message, options: ForwardOptions): ComposeMessage {
  const forward: ComposeMessage = {
    from: options.from,
    ...(options.to === undefined ? {} : { to: options.to }),
    subject: prefixedSubject('Fwd', original.subject),
  };
  if (options.attach === true) {
    if (options.raw === undefined)
      throw new MailError(
        'ERR_INVALID_ARGUMENT',
        'forwarding as an attachment needs the original bytes (raw)',
      );
    forward.text = `${options.text ?? ''}\n`.replace(/^\n$/, '');
    forward.attachments = [
      {
        filename: `${withoutPrefixes(original.subject).replace(/[^\w.-]+/g, '_') || 'message'}.eml`,
        content: options.raw,
        contentType: 'message/rfc822',
      },
    ];
    return forward;
  }
  const head = [
    '---------- Forwarded message ----------',
    `From: ${original.from.map(show).join(', ')}`,
    ...(original.date === undefined ? [] : [`Date: ${original.date.toUTCString()}`]),
    `Subject: ${original.subject}`,
    `To: ${original.to.map(show).join(', ')}`,
  ];
  forward.text = [options.text ?? '', [...head, '', original.text ?? ''].join('\n')]
    .filter((p) => p !== '')
    .join('\n\n');
  return forward;
}
