/**
 * Mechanism choice. With no mechanism named, the strongest one both sides support wins:
 * tokens → OAUTHBEARER, XOAUTH2; passwords → SCRAM-SHA-256, SCRAM-SHA-1, DIGEST-MD5 (mutual
 * authentication, but Historic per RFC 6331), CRAM-MD5, PLAIN, LOGIN. `null` means "use the LOGIN command" (RFC 9051 §6.2.3), allowed only when the
 * server does not advertise LOGINDISABLED.
 */
import { MailError } from '../../../shared/errors.js';
import { cramMd5 } from './cram-md5.js';
import { digestMd5 } from './digest-md5.js';
import { oauthBearer, xoauth2 } from './oauth.js';
import { scram } from './scram.js';
import { anonymous, login, plain } from './simple.js';
import type { SaslClient, SaslCredentials } from './types.js';

export const PASSWORD_MECHANISMS = [
  'SCRAM-SHA-256',
  'SCRAM-SHA-1',
  'DIGEST-MD5',
  'CRAM-MD5',
  'PLAIN',
  'LOGIN',
];
export const TOKEN_MECHANISMS = ['OAUTHBEARER', 'XOAUTH2'];
export const KNOWN_MECHANISMS = [...TOKEN_MECHANISMS, ...PASSWORD_MECHANISMS, 'ANONYMOUS'];

/** Build a client for one named mechanism. */
export function createSaslClient(mechanism: string, creds: SaslCredentials): SaslClient {
  const name = mechanism.toUpperCase();
  const needPassword = (): string => {
    if (creds.password === undefined) throw new MailError('ERR_CONFIG', `${name} needs a password`);
    return creds.password;
  };
  const needToken = (): string => {
    const token = creds.accessToken ?? creds.password;
    if (token === undefined) throw new MailError('ERR_CONFIG', `${name} needs an access token`);
    return token;
  };
  switch (name) {
    case 'PLAIN':
      return plain(creds.user, needPassword(), creds.authzid ?? '');
    case 'LOGIN':
      return login(creds.user, needPassword());
    case 'CRAM-MD5':
      return cramMd5(creds.user, needPassword());
    case 'DIGEST-MD5':
      return digestMd5(creds.user, needPassword(), {
        host: creds.host ?? 'localhost',
        ...(creds.authzid === undefined ? {} : { authzid: creds.authzid }),
      });
    case 'SCRAM-SHA-1':
      return scram('sha1', creds.user, needPassword(), creds.authzid ?? '');
    case 'SCRAM-SHA-256':
      return scram('sha256', creds.user, needPassword(), creds.authzid ?? '');
    case 'OAUTHBEARER':
      return oauthBearer(creds.user, needToken(), creds.host, creds.port);
    case 'XOAUTH2':
      return xoauth2(creds.user, needToken());
    case 'ANONYMOUS':
      return anonymous(creds.trace ?? '');
    default:
      throw new MailError('ERR_UNSUPPORTED', `SASL mechanism ${name} is not supported`);
  }
}

/**
 * The mechanism to use given the server's `AUTH=` capabilities (upper case names), or null
 * for the LOGIN command. Throws ERR_AUTH when nothing acceptable is offered.
 */
export function chooseMechanism(
  offered: readonly string[],
  creds: SaslCredentials,
  loginDisabled: boolean,
  requested?: string,
): string | null {
  const available = new Set(offered.map((m) => m.toUpperCase()));
  if (requested !== undefined) {
    const name = requested.toUpperCase();
    if (name === 'LOGIN-COMMAND') return null;
    if (!available.has(name))
      throw new MailError('ERR_AUTH', `the server does not offer SASL mechanism ${name}`, {
        details: { offered: [...available] },
      });
    return name;
  }
  const candidates = creds.accessToken !== undefined ? TOKEN_MECHANISMS : PASSWORD_MECHANISMS;
  const found = candidates.find((m) => available.has(m));
  if (found !== undefined) return found;
  if (creds.accessToken === undefined && !loginDisabled) return null;
  throw new MailError('ERR_AUTH', 'no acceptable authentication mechanism is offered', {
    details: { offered: [...available] },
  });
}
