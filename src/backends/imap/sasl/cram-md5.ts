/**
 * CRAM-MD5 (RFC 2195 §2): the server sends a challenge; the client answers
 * `user SP hex(HMAC-MD5(password, challenge))`. Hashing is pure computation, so node:crypto's
 * HMAC is allowed in a coroutine; only randomness must come through a request.
 */
import { createHmac } from 'node:crypto';
import { MailError } from '../../../shared/errors.js';
import { utf8, type SaslClient } from './types.js';

export function cramMd5(user: string, password: string): SaslClient {
  let answered = false;
  return {
    name: 'CRAM-MD5',
    nonceBytes: 0,
    initial: () => null,
    respond: (challenge) => {
      if (answered || challenge.length === 0)
        throw new MailError('ERR_AUTH', 'CRAM-MD5: unexpected server challenge');
      answered = true;
      const digest = createHmac('md5', password).update(challenge).digest('hex');
      return utf8(`${user} ${digest}`);
    },
    finish: () => undefined,
  };
}
