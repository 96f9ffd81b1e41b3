/**
 * Maps server refusals onto the shared error codes: NO on SELECT/EXAMINE, `[NONEXISTENT]`
 * (RFC 5530 §3) and `[TRYCREATE]` (RFC 9051 §7.1) mean the mailbox does not exist;
 * `[ALREADYEXISTS]` means it does.
 */
import { MailError, isMailError } from '../../../shared/errors.js';

export function responseCode(error: unknown): string | undefined {
  if (!isMailError(error, 'ERR_PROTOCOL')) return undefined;
  const code = error.details['code'];
  return typeof code === 'string' ? code : undefined;
}

export function isNo(error: unknown): boolean {
  return isMailError(error, 'ERR_PROTOCOL') && error.details['status'] === 'NO';
}

export function notFound(mailbox: string, cause?: unknown): MailError {
  return new MailError('ERR_NOT_FOUND', `no mailbox ${JSON.stringify(mailbox)}`, {
    backend: 'imap',
    ...(cause === undefined ? {} : { cause }),
  });
}

/** A NO on a command that names an existing mailbox (SELECT, APPEND, STATUS) → ERR_NOT_FOUND. */
export function mailboxError(error: unknown, mailbox: string): unknown {
  const code = responseCode(error);
  if (code === 'NONEXISTENT' || code === 'TRYCREATE' || (isNo(error) && code === undefined))
    return notFound(mailbox, error);
  return error;
}

export function unsupported(message: string): MailError {
  return new MailError('ERR_UNSUPPORTED', message, { backend: 'imap' });
}
