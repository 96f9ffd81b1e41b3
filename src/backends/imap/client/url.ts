/**
 * `imap://` and `imaps://` URLs (RFC 5092 §3 for the shape; only server, credentials and the
 * `;AUTH=` mechanism are used here): imap = STARTTLS on 143, imaps = implicit TLS on 993. User info is percent-decoded.
 */
import { MailError } from '../../../shared/errors.js';

export interface ImapUrl {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  /** The SASL mechanism of `;AUTH=mech` (RFC 5092 §3.2), upper-cased; absent for `;AUTH=*`. */
  mechanism?: string;
}

export function parseImapUrl(text: string): ImapUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // never echo the URL: it may hold a password
    throw new MailError('ERR_CONFIG', 'invalid IMAP URL', {
      hint: 'use imap://host[:port] or imaps://host[:port]',
    });
  }
  const scheme = url.protocol.toLowerCase();
  if (scheme !== 'imap:' && scheme !== 'imaps:')
    throw new MailError(
      'ERR_CONFIG',
      `unsupported URL scheme ${scheme.slice(0, 16)} (expected imap: or imaps:)`,
    );
  const secure = scheme === 'imaps:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new MailError('ERR_CONFIG', 'the IMAP URL has no host');
  const port = url.port === '' ? (secure ? 993 : 143) : Number(url.port);
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new MailError('ERR_CONFIG', 'badly escaped user info in the IMAP URL');
    }
  };
  // RFC 5092 §3.2: iuserinfo = enc-user [";AUTH=" ("*" / enc-auth-type)]; "*" is any mechanism.
  // (WHATWG URL percent-encodes the ';' and '=', so the split is made on the decoded text.)
  const [, user = '', mech] = /^(.*?)(?:;AUTH=(.*))?$/is.exec(decode(url.username)) ?? [];
  const mechanism = mech?.toUpperCase();
  if (mechanism !== undefined && mechanism !== '*' && !/^[A-Z0-9_-]{1,40}$/.test(mechanism))
    throw new MailError('ERR_CONFIG', 'the IMAP URL names an invalid ;AUTH= mechanism');
  return {
    host,
    port,
    secure,
    ...(user === '' ? {} : { user }),
    ...(url.password === '' ? {} : { password: decode(url.password) }),
    ...(mechanism === undefined || mechanism === '*' ? {} : { mechanism }),
  };
}
