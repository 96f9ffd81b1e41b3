/**
 * Single-round and password-prompt mechanisms: PLAIN (RFC 4616), LOGIN
 * (draft-murchison-sasl-login), ANONYMOUS (RFC 4505).
 */
import { MailError } from '../../../shared/errors.js';
import { utf8, type SaslClient } from './types.js';

function noChallengeExpected(name: string): MailError {
  return new MailError('ERR_AUTH', `${name}: the server sent an unexpected challenge`);
}

/** RFC 4616 §2: message = [authzid] UTF8NUL authcid UTF8NUL passwd. */
export function plain(user: string, password: string, authzid = ''): SaslClient {
  if ([user, password, authzid].some((s) => s.includes('\0')))
    throw new MailError('ERR_INVALID_ARGUMENT', 'PLAIN credentials must not contain NUL');
  let sent = false;
  return {
    name: 'PLAIN',
    nonceBytes: 0,
    initial: () => {
      sent = true;
      return utf8(`${authzid}\0${user}\0${password}`);
    },
    respond: (challenge) => {
      // A server without SASL-IR asks with an empty challenge (RFC 4422 §5 item 2a).
      if (!sent && challenge.length === 0) {
        sent = true;
        return utf8(`${authzid}\0${user}\0${password}`);
      }
      throw noChallengeExpected('PLAIN');
    },
    finish: () => undefined,
  };
}

/** LOGIN: the server prompts "Username:" then "Password:"; prompts are not standardised. */
export function login(user: string, password: string): SaslClient {
  let step = 0;
  return {
    name: 'LOGIN',
    nonceBytes: 0,
    initial: () => null,
    respond: () => {
      step += 1;
      if (step === 1) return utf8(user);
      if (step === 2) return utf8(password);
      throw noChallengeExpected('LOGIN');
    },
    finish: () => undefined,
  };
}

/** RFC 4505 §2: the message is an optional trace token (email or opaque string). */
export function anonymous(trace = ''): SaslClient {
  let sent = false;
  return {
    name: 'ANONYMOUS',
    nonceBytes: 0,
    initial: () => {
      sent = true;
      return utf8(trace);
    },
    respond: (challenge) => {
      if (!sent && challenge.length === 0) {
        sent = true;
        return utf8(trace);
      }
      throw noChallengeExpected('ANONYMOUS');
    },
    finish: () => undefined,
  };
}
