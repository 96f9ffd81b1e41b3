/**
 * DIGEST-MD5 (RFC 2831), authentication only (qop=auth: no integrity or confidentiality
 * layer). Server-first: the challenge carries realm(s), nonce, qop and algorithm=md5-sess;
 * the client answers with `response` = KD(HEX(H(A1)), nonce:nc:cnonce:qop:HEX(H(A2)))
 * (§2.1.2.1) and then checks the server's `rspauth` (§2.1.3) — success without a valid
 * rspauth is refused, so a server that does not know the password cannot impersonate the real
 * one. RFC 6331 moved DIGEST-MD5 to Historic; it ranks below SCRAM for that reason.
 * Randomness (cnonce) comes in through `initial()`; secrets never appear in errors.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { MailError } from '../../../shared/errors.js';
import type { SaslClient } from './types.js';

/** RFC 2831 §2.1.1: a digest-challenge MUST be less than 2048 bytes. */
const MAX_CHALLENGE = 2048;

function fail(why: string): MailError {
  return new MailError('ERR_AUTH', `DIGEST-MD5: ${why}`);
}

/**
 * `name=token` / `name="quoted\"string"` pairs separated by commas with optional LWS
 * (RFC 2831 §7.1 #rule). Names are case-insensitive; repeated names keep every value (realm).
 */
export function parseDirectives(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && /[ \t\r\n]/.test(text[i] ?? '')) i++;
  };
  for (;;) {
    skipSpace();
    while (text[i] === ',') {
      i++;
      skipSpace();
    }
    if (i >= text.length) return out;
    const name = /^[!#-'*+\-.0-9A-Z^-z|~]+/i.exec(text.slice(i))?.[0];
    if (name === undefined) throw fail('malformed challenge');
    i += name.length;
    skipSpace();
    if (text[i] !== '=') throw fail('malformed challenge');
    i++;
    skipSpace();
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const ch = text[i++];
        if (ch === undefined) throw fail('unterminated quoted string in challenge');
        if (ch === '"') break;
        value += ch === '\\' ? (text[i++] ?? '') : ch;
      }
    } else {
      const token = /^[^,\s"]*/.exec(text.slice(i))?.[0] ?? '';
      value = token;
      i += token.length;
    }
    const key = name.toLowerCase();
    const list = out.get(key);
    if (list === undefined) out.set(key, [value]);
    else list.push(value);
    skipSpace();
    if (i < text.length && text[i] !== ',') throw fail('malformed challenge');
  }
}

const md5 = (...parts: (Buffer | string)[]): Buffer => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
};
const hex = (b: Buffer): string => b.toString('hex');
const quote = (s: string): string => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/**
 * §2.1.2.1: with charset=utf-8, a username or password whose characters all fit ISO 8859-1
 * is converted to ISO 8859-1 before hashing; otherwise it is hashed as UTF-8.
 */
function credentialBytes(s: string, utf8: boolean): Buffer {
  if (!utf8 || /^[\u0000-\u00ff]*$/.test(s)) return Buffer.from(s, 'latin1');
  return Buffer.from(s, 'utf8');
}

export interface DigestMd5Options {
  /** Service and host for `digest-uri` (`imap/host`, RFC 2831 §2.1.2). */
  host: string;
  service?: string;
  authzid?: string;
  /** A fixed client nonce instead of one made from `initial()`'s random bytes (test vectors). */
  cnonce?: string;
}

export function digestMd5(user: string, password: string, options: DigestMd5Options): SaslClient {
  const digestUri = `${options.service ?? 'imap'}/${options.host}`;
  const authzid = options.authzid ?? '';
  let cnonce = '';
  let expected: Buffer | undefined;
  let state: 'start' | 'answered' | 'verified' = 'start';

  function answer(challenge: string): Uint8Array {
    if (challenge.length >= MAX_CHALLENGE) throw fail('challenge too long');
    const d = parseDirectives(challenge);
    const one = (name: string): string | undefined => {
      const values = d.get(name);
      if (values !== undefined && values.length > 1) throw fail(`repeated ${name} directive`);
      return values?.[0];
    };
    const nonce = one('nonce');
    if (nonce === undefined || nonce === '') throw fail('challenge without nonce');
    if (one('algorithm')?.toLowerCase() !== 'md5-sess') throw fail('algorithm must be md5-sess');
    const qops = (one('qop') ?? 'auth').split(',').map((q) => q.trim().toLowerCase());
    if (!qops.includes('auth')) throw fail('the server does not offer qop=auth');
    const utf8 = one('charset')?.toLowerCase() === 'utf-8';
    const realm = d.get('realm')?.[0];
    const nc = '00000001';
    // A1 = H(user:realm:passwd) ":" nonce ":" cnonce [":" authzid]   (H is binary here)
    const userHash = md5(
      credentialBytes(user, utf8),
      ':',
      Buffer.from(realm ?? '', utf8 ? 'utf8' : 'latin1'),
      ':',
      credentialBytes(password, utf8),
    );
    const a1Tail = `:${nonce}:${cnonce}${authzid === '' ? '' : `:${authzid}`}`;
    const ha1 = hex(md5(userHash, Buffer.from(a1Tail, utf8 ? 'utf8' : 'latin1')));
    const kd = (a2: string): string =>
      hex(md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${hex(md5(a2))}`));
    // §2.1.3: rspauth uses A2 without "AUTHENTICATE"
    expected = Buffer.from(kd(`:${digestUri}`), 'latin1');
    const fields = [
      ...(utf8 ? ['charset=utf-8'] : []),
      `username=${quote(user)}`,
      ...(realm === undefined ? [] : [`realm=${quote(realm)}`]),
      `nonce=${quote(nonce)}`,
      `nc=${nc}`,
      `cnonce=${quote(cnonce)}`,
      `digest-uri=${quote(digestUri)}`,
      `response=${kd(`AUTHENTICATE:${digestUri}`)}`,
      'qop=auth',
      ...(authzid === '' ? [] : [`authzid=${quote(authzid)}`]),
    ];
    state = 'answered';
    return Buffer.from(fields.join(','), utf8 ? 'utf8' : 'latin1');
  }

  function verify(challenge: string): Uint8Array {
    const rspauth = parseDirectives(challenge).get('rspauth')?.[0];
    const got = Buffer.from(rspauth ?? '', 'latin1');
    if (expected === undefined || got.length !== expected.length || !timingSafeEqual(got, expected))
      throw fail('the server did not prove it knows the password (bad rspauth)');
    state = 'verified';
    return new Uint8Array(0);
  }

  return {
    name: 'DIGEST-MD5',
    nonceBytes: 16,
    initial(random) {
      cnonce = options.cnonce ?? Buffer.from(random).toString('base64').replace(/=+$/, '');
      return null;
    },
    respond(challenge) {
      const text = Buffer.from(challenge).toString('utf8');
      if (state === 'start') return answer(text);
      if (state === 'answered') return verify(text);
      throw fail('unexpected server challenge');
    },
    finish() {
      if (state !== 'verified') throw fail('the server did not send rspauth');
    },
  };
}
