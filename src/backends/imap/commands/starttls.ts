/**
 * STARTTLS (RFC 9051 §6.2.1) and the greeting (§7.1.1–§7.1.5). Anything received after the
 * tagged OK and before the handshake is an injection attempt (Poddebniak et al., USENIX '21):
 * fatal, never parsed. Capabilities learnt in cleartext are discarded and re-read over TLS.
 */
import { MailError } from '../../../shared/errors.js';
import type { ImapSession } from '../session.js';
import { capability } from './any-state.js';
import { execute, readResponse, type ImapCoroutine } from './run.js';

export function injectionError(): MailError {
  return new MailError(
    'ERR_STARTTLS_INJECTION',
    'the server sent data after accepting STARTTLS and before the TLS handshake (possible man-in-the-middle)',
  );
}

export function* starttls(session: ImapSession): ImapCoroutine<void> {
  if (session.secure)
    throw new MailError('ERR_PROTOCOL', 'STARTTLS on a connection that is already TLS');
  yield* execute(session, 'STARTTLS', []);
  if (session.hasPendingInput) throw injectionError();
  yield { type: 'startTls' };
  session.secure = true;
  session.invalidateCapabilities();
  yield* capability(session);
}

export interface GreetingPolicy {
  /** Cleartext connection on which STARTTLS is required: PREAUTH must be refused. */
  tlsRequired: boolean;
}

/** Read the greeting; returns true for PREAUTH (already authenticated, RFC 9051 §7.1.4). */
export function* greeting(session: ImapSession, policy: GreetingPolicy): ImapCoroutine<boolean> {
  const response = yield* readResponse(session);
  if (response.kind !== 'untagged' || response.type !== 'status')
    throw new MailError('ERR_PROTOCOL', 'the server did not send an IMAP greeting');
  if (response.status === 'BYE') {
    throw new MailError(
      'ERR_CONNECTION_CLOSED',
      `the server refused the connection: ${response.text}`,
    );
  }
  if (response.status !== 'OK' && response.status !== 'PREAUTH')
    throw new MailError('ERR_PROTOCOL', `unexpected greeting ${response.status}`);
  const preauth = response.status === 'PREAUTH';
  if (preauth && !session.secure && policy.tlsRequired)
    throw new MailError(
      'ERR_STARTTLS_REQUIRED',
      'the server sent PREAUTH on a cleartext connection; refusing (STARTTLS stripping)',
      {
        hint: 'use implicit TLS (imaps://) or set starttls: "never" if cleartext is really intended',
      },
    );
  if (response.code?.type === 'CAPABILITY') session.setCapabilities(response.code.capabilities);
  else session.capabilitiesFresh = false;
  if (response.code?.type === 'ALERT')
    session.emit({ type: 'alert', text: response.text, tls: session.secure });
  session.state = preauth ? 'authenticated' : 'not-authenticated';
  return preauth;
}
