/**
 * Bearer-token mechanisms: OAUTHBEARER (RFC 7628) and Google's XOAUTH2. On failure both
 * servers send a JSON error as a challenge; the client must answer it (RFC 7628 §3.2.3:
 * a single 0x01; XOAUTH2: an empty response) and the server then fails the command. The
 * JSON is kept (without the token) so the caller can see why.
 */
import { MailError } from '../../../shared/errors.js';
import { fromUtf8, utf8, type SaslClient } from './types.js';

function checkToken(value: string, what: string): void {
  const hasControl = [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (hasControl)
    throw new MailError('ERR_INVALID_ARGUMENT', `${what} must not contain control characters`);
}

/** gs2 saslname escaping (RFC 5801 §4): '=' → '=3D', ',' → '=2C'. */
export function gs2SaslName(value: string): string {
  return value.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function tokenMechanism(
  name: string,
  first: string,
  errorReply: Uint8Array,
): SaslClient & {
  readonly serverError: string | undefined;
} {
  let sent = false;
  let serverError: string | undefined;
  return {
    name,
    nonceBytes: 0,
    get serverError() {
      return serverError;
    },
    initial: () => {
      sent = true;
      return utf8(first);
    },
    respond: (challenge) => {
      if (!sent && challenge.length === 0) {
        sent = true;
        return utf8(first);
      }
      serverError = fromUtf8(challenge).slice(0, 512);
      return errorReply;
    },
    finish: () => undefined,
  };
}

/** RFC 7628 §3.1: gs2-header kvsep *(kvpair kvsep) kvsep, kvsep = %x01. */
export function oauthBearer(
  user: string,
  token: string,
  host?: string,
  port?: number,
): SaslClient & { readonly serverError: string | undefined } {
  checkToken(user, 'user');
  checkToken(token, 'access token');
  const hostPart = host === undefined ? '' : `host=${host}\x01`;
  const portPart = port === undefined ? '' : `port=${port}\x01`;
  const message = `n,a=${gs2SaslName(user)},\x01${hostPart}${portPart}auth=Bearer ${token}\x01\x01`;
  return tokenMechanism('OAUTHBEARER', message, Uint8Array.of(1));
}

/** Google XOAUTH2: "user=" user ^A "auth=Bearer " token ^A ^A. */
export function xoauth2(
  user: string,
  token: string,
): SaslClient & { readonly serverError: string | undefined } {
  checkToken(user, 'user');
  checkToken(token, 'access token');
  return tokenMechanism(
    'XOAUTH2',
    `user=${user}\x01auth=Bearer ${token}\x01\x01`,
    new Uint8Array(0),
  );
}
