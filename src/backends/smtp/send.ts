/**
 * The send coroutine: (compose →) prepare → deliver → result. It yields two requests the
 * driver performs — building a compose object with MailComposer, and the SMTP transaction —
 * so everything between them is testable without a server.
 */
import type { Coroutine } from '../../shared/coroutine.js';
import { MailError } from '../../shared/errors.js';
import type { ComposeMessage, SendResult, SmtpEnvelope } from '../../shared/types.js';
import { prepareMessage, type PrepareOptions } from '../../shared/mime/outgoing.js';

export type SmtpRequest =
  | { type: 'compose'; message: ComposeMessage } // reply: Uint8Array
  | { type: 'deliver'; envelope: SmtpEnvelope; bytes: Uint8Array; eightBit: boolean }; // reply: SmtpDelivery

export interface SmtpDelivery {
  accepted: string[];
  rejected: string[];
  response: string;
}

export function isComposeMessage(value: unknown): value is ComposeMessage {
  return (
    typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && 'from' in value
  );
}

export function* sendCoroutine(
  message: Uint8Array | string | ComposeMessage,
  options: PrepareOptions,
  backend: string,
): Coroutine<SmtpRequest, SendResult, unknown> {
  const raw = isComposeMessage(message)
    ? ((yield { type: 'compose', message }) as Uint8Array)
    : message;
  const prepared = prepareMessage(raw, options);
  const delivery = (yield {
    type: 'deliver',
    envelope: prepared.envelope,
    bytes: prepared.bytes,
    eightBit: prepared.eightBit,
  }) as SmtpDelivery;
  const result: SendResult = {
    transport: backend,
    envelope: prepared.envelope,
    accepted: delivery.accepted,
    rejected: delivery.rejected,
    raw: prepared.bytes,
    ...(prepared.messageId === undefined ? {} : { messageId: prepared.messageId }),
  };
  if (delivery.rejected.length > 0) {
    // Partial rejection: the accepted recipients HAVE the message; say exactly who does not.
    throw new MailError(
      'ERR_SEND_REJECTED',
      `the server refused ${delivery.rejected.length} of ${prepared.envelope.to.length} recipients: ${delivery.rejected.join(', ')}`,
      {
        backend,
        details: {
          accepted: delivery.accepted,
          rejected: delivery.rejected,
          sent: delivery.accepted.length > 0,
          result,
        },
        hint: 'the accepted recipients received the message; do not resend to them',
      },
    );
  }
  return result;
}
