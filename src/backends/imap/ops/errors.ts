/**
 * Maps server refusals onto the shared error codes: `[NONEXISTENT]` (RFC 5530 §3) and
 * `[TRYCREATE]` (RFC 9051 §7.1) mean the mailbox does not exist; `[ALREADYEXISTS]` means it
 * does. A NO without a code means only "refused" (Cyrus: `NO Message contains bare newlines`):
 * it is "not found" only when the mailbox is also absent from LIST (ops/selection.ts
 * `mailboxError`), otherwise the server's own refusal (ERR_PROTOCOL with its text and code) is
 * what the caller gets.
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

export function unsupported(message: string): MailError {
  return new MailError('ERR_UNSUPPORTED', message, { backend: 'imap' });
}
