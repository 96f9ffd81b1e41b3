/**
 * SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677), without channel binding (gs2 flag
 * `n`: this client does not support it). The server signature is verified (RFC 5802 §5.1:
 * the client MUST check `v=`), and success without it is refused, so a server that does not
 * know the password cannot pretend to be the real one.
 */
import { createHash, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { MailError } from '../../../shared/errors.js';
import { gs2SaslName } from './oauth.js';
import { fromUtf8, utf8, type SaslClient } from './types.js';

type Hash = 'sha1' | 'sha256';
/** Refuse absurd iteration counts (a hostile server could pin the CPU for minutes). */
export const SCRAM_MAX_ITERATIONS = 1_000_000;

function fail(name: string, why: string): MailError {
  return new MailError('ERR_AUTH', `${name}: ${why}`);
}

/** RFC 5802 §5.1 attribute list "a=value,b=value" (values may contain '='). */
function attributes(message: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) map.set(part.slice(0, 1), part.slice(2));
  }
  return map;
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

export function scram(hash: Hash, user: string, password: string, authzid = ''): SaslClient {
  const name = hash === 'sha1' ? 'SCRAM-SHA-1' : 'SCRAM-SHA-256';
  const keyLength = hash === 'sha1' ? 20 : 32;
  const hmac = (key: Buffer, data: string): Buffer => createHmac(hash, key).update(data).digest();
  // SASLprep (RFC 4013) is approximated by NFKC; identical for ASCII passwords.
  const secret = password.normalize('NFKC');
  const gs2Header = `n,${authzid === '' ? '' : `a=${gs2SaslName(authzid)}`},`;
  let clientFirstBare = '';
  let clientNonce = '';
  let expectedServerSignature: Buffer | undefined;
  let state: 'start' | 'sent-first' | 'sent-final' | 'verified' = 'start';

  function answerServerFirst(serverFirst: string): Uint8Array {
    const attrs = attributes(serverFirst);
    if (attrs.has('m')) throw fail(name, 'unsupported mandatory extension');
    const nonce = attrs.get('r');
    const salt = attrs.get('s');
    const iterations = Number(attrs.get('i'));
    if (nonce === undefined || !nonce.startsWith(clientNonce) || nonce.length <= clientNonce.length)
      throw fail(name, 'server nonce does not extend the client nonce');
    if (salt === undefined || salt === '') throw fail(name, 'missing salt');
    if (!Number.isInteger(iterations) || iterations < 1 || iterations > SCRAM_MAX_ITERATIONS)
      throw fail(name, 'unacceptable iteration count');
    const salted = pbkdf2Sync(secret, Buffer.from(salt, 'base64'), iterations, keyLength, hash);
    const clientKey = hmac(salted, 'Client Key');
    const storedKey = createHash(hash).update(clientKey).digest();
    const withoutProof = `c=${Buffer.from(gs2Header).toString('base64')},r=${nonce}`;
    const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
    const proof = xor(clientKey, hmac(storedKey, authMessage));
    expectedServerSignature = hmac(hmac(salted, 'Server Key'), authMessage);
    return utf8(`${withoutProof},p=${proof.toString('base64')}`);
  }

  function checkServerFinal(serverFinal: string): void {
    const attrs = attributes(serverFinal);
    const error = attrs.get('e');
    if (error !== undefined) throw fail(name, `server reported ${error.slice(0, 64)}`);
    const signature = Buffer.from(attrs.get('v') ?? '', 'base64');
    const expected = expectedServerSignature ?? Buffer.alloc(0);
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected))
      throw fail(name, 'the server signature does not verify (server does not know the password)');
    state = 'verified';
  }

  return {
    name,
    nonceBytes: 18,
    initial: (random) => {
      if (random.length === 0) throw fail(name, 'no client nonce');
      // printable = %x21-2B / %x2D-7E: base64 never contains ','.
      clientNonce = Buffer.from(random).toString('base64');
      clientFirstBare = `n=${gs2SaslName(user.normalize('NFKC'))},r=${clientNonce}`;
      state = 'sent-first';
      return utf8(`${gs2Header}${clientFirstBare}`);
    },
    respond: (challenge) => {
      const text = fromUtf8(challenge);
      if (state === 'sent-first') {
        state = 'sent-final';
        return answerServerFirst(text);
      }
      if (state === 'sent-final') {
        checkServerFinal(text);
        return new Uint8Array(0);
      }
      throw fail(name, 'unexpected server challenge');
    },
    finish: () => {
      if (state !== 'verified') throw fail(name, 'the server did not prove its identity');
    },
  };
}
