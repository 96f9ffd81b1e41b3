/**
 * ComposeMessage (mailroom's shape) → MailComposer's input. Attachments only ever come from
 * in-memory content: file and URL access are disabled, so a compose object cannot read files.
 */
import type { Address, ComposeMessage } from '../../shared/types.js';
import { MailError } from '../../shared/errors.js';

type AddressInput = { name: string; address: string } | string;

function addr(a: Address | string): AddressInput {
  if (typeof a === 'string') return a;
  return { name: a.name ?? '', address: a.email };
}

const CRLF_IN_HEADER = /[\r\n]/;

export function composerInput(m: ComposeMessage): Record<string, unknown> {
  for (const [name, value] of Object.entries(m.headers ?? {})) {
    if (CRLF_IN_HEADER.test(name) || CRLF_IN_HEADER.test(value) || name.includes(':')) {
      throw new MailError(
        'ERR_INVALID_ARGUMENT',
        `compose header ${JSON.stringify(name)} contains CR, LF or ':'`,
      );
    }
  }
  if (m.subject !== undefined && CRLF_IN_HEADER.test(m.subject)) {
    throw new MailError('ERR_INVALID_ARGUMENT', 'compose subject contains CR or LF');
  }
  return {
    from: addr(m.from),
    ...(m.to === undefined ? {} : { to: m.to.map(addr) }),
    ...(m.cc === undefined ? {} : { cc: m.cc.map(addr) }),
    ...(m.bcc === undefined ? {} : { bcc: m.bcc.map(addr) }),
    ...(m.replyTo === undefined ? {} : { replyTo: m.replyTo.map(addr) }),
    ...(m.subject === undefined ? {} : { subject: m.subject }),
    ...(m.text === undefined ? {} : { text: m.text }),
    ...(m.html === undefined ? {} : { html: m.html }),
    ...(m.inReplyTo === undefined ? {} : { inReplyTo: m.inReplyTo }),
    ...(m.references === undefined ? {} : { references: m.references }),
    ...(m.messageId === undefined ? {} : { messageId: m.messageId }),
    ...(m.date === undefined ? {} : { date: m.date }),
    ...(m.headers === undefined ? {} : { headers: m.headers }),
    ...(m.attachments === undefined
      ? {}
      : {
          attachments: m.attachments.map((a) => ({
            filename: a.filename,
            content: typeof a.content === 'string' ? a.content : Buffer.from(a.content),
            ...(a.contentType === undefined ? {} : { contentType: a.contentType }),
            ...(a.cid === undefined ? {} : { cid: a.cid }),
          })),
        }),
  };
}
