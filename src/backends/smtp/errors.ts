/**
 * nodemailer's error codes → mailroom's MailError codes. nodemailer stays an implementation
 * detail: callers only ever see MailError.
 */
import { MailError, type ErrorCode } from '../../shared/errors.js';

interface NodemailerError {
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  message?: string;
  rejected?: string[];
}

const CODE_MAP: Record<string, ErrorCode> = {
  EAUTH: 'ERR_AUTH',
  ENOAUTH: 'ERR_AUTH',
  EOAUTH2: 'ERR_AUTH',
  ETLS: 'ERR_TLS',
  EREQUIRETLS: 'ERR_STARTTLS_REQUIRED',
  ECONNECTION: 'ERR_CONNECTION',
  ESOCKET: 'ERR_CONNECTION',
  EDNS: 'ERR_CONNECTION',
  ETIMEDOUT: 'ERR_TIMEOUT',
  EENVELOPE: 'ERR_SEND_REJECTED',
  EMESSAGE: 'ERR_PROTOCOL',
  EPROTOCOL: 'ERR_PROTOCOL',
  ESTREAM: 'ERR_IO',
};

const TLS_CERT = /certificate|self[- ]signed|CERT_|SSL|TLS|wrong version number/i;

export function fromNodemailer(error: unknown, backend: string): MailError {
  if (error instanceof MailError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as NodemailerError;
  let code: ErrorCode = (e.code !== undefined ? CODE_MAP[e.code] : undefined) ?? 'ERR_CONNECTION';
  // A server that does not offer STARTTLS answers our required STARTTLS with 5xx.
  if (e.code === 'ETLS' && e.command === 'STARTTLS' && (e.responseCode ?? 0) >= 500)
    code = 'ERR_STARTTLS_REQUIRED';
  if (e.code === 'ESOCKET' && TLS_CERT.test(e.message ?? '')) code = 'ERR_TLS';
  const hints: Partial<Record<ErrorCode, string>> = {
    ERR_AUTH: 'check the SMTP user and password (or access token)',
    ERR_TLS: 'check tls.ca / tls.servername, or the server certificate',
    ERR_STARTTLS_REQUIRED:
      "the server does not offer STARTTLS; use smtps:// if it speaks implicit TLS, or set starttls: 'never' to send in cleartext (not recommended)",
    ERR_CONNECTION: 'check the SMTP host and port',
  };
  const hint = hints[code];
  return new MailError(code, `smtp: ${scrub(e.message ?? String(error))}`, {
    backend,
    cause: error,
    details: {
      ...(e.code === undefined ? {} : { nodemailerCode: e.code }),
      ...(e.command === undefined ? {} : { command: e.command }),
      ...(e.responseCode === undefined ? {} : { responseCode: e.responseCode }),
      ...(e.response === undefined ? {} : { response: scrub(e.response) }),
      ...(e.rejected === undefined ? {} : { rejected: e.rejected }),
    },
    ...(hint === undefined ? {} : { hint }),
  });
}

/** AUTH lines echo base64 credentials in some server replies; never let them reach messages. */
function scrub(text: string): string {
  return text.replace(/(AUTH\s+\S+\s+)\S+/gi, '$1[redacted]');
}
