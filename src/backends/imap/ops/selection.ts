/**
 * The mailbox an operation runs in, as coroutines over one session: SELECT unless the session
 * already has that mailbox open the way operations need it, and the "does it exist?" fallback
 * behind every NO (ops/errors.ts).
 *
 * Invariant: a selection is reused only when it is the session's current one, opened read-write
 * by SELECT (not EXAMINE), with CONDSTORE when the server has it and QRESYNC is not enabled
 * (ops/diff.ts relies on MODSEQ in FETCH answers), and not stale (selected.ts: a skipped
 * response may have been an EXPUNGE). Anything else — a SELECT made elsewhere on the
 * connection, a mailbox renamed or deleted (those ops mark the selection stale), a new
 * connection (a new session) — means a new SELECT.
 */
import type { ImapSession } from '../session.js';
import {
  list,
  select,
  type ListEntry,
  type SelectOptions,
  type SelectResult,
} from '../commands/index.js';
import type { ImapCoroutine } from '../commands/run.js';
import { isMailError } from '../../../shared/errors.js';
import { isNo, notFound, responseCode } from './errors.js';

/** The SELECT parameters operations use: CONDSTORE when available (QRESYNC implies it). */
function wantsCondstore(session: ImapSession): boolean {
  return session.hasCapability('CONDSTORE') && !session.enabled.has('QRESYNC');
}

/**
 * SELECT `mailbox` unless it is already selected as operations need it (or `fresh`, or with
 * `qresync`: RFC 7162 §3.2.5 parameters, which always mean a new SELECT).
 */
export function* selectMailbox(
  session: ImapSession,
  mailbox: string,
  fresh = false,
  qresync?: SelectOptions['qresync'],
): ImapCoroutine<SelectResult> {
  const condstore = wantsCondstore(session);
  const s = session.selected;
  if (
    !fresh &&
    qresync === undefined &&
    s !== undefined &&
    s.name === mailbox &&
    !s.stale &&
    !s.examined &&
    (s.condstore || !condstore)
  )
    return { ...s.snapshot(), vanished: [], changed: [] };
  try {
    const options: SelectOptions = condstore ? { condstore: true } : {};
    if (qresync !== undefined) options.qresync = qresync;
    return yield* select(session, mailbox, options);
  } catch (error) {
    throw yield* mailboxError(error, mailbox, session);
  }
}

/** Make the next operation SELECT again (after RENAME / DELETE of a mailbox). */
export function forgetSelection(session: ImapSession): void {
  if (session.selected !== undefined) session.selected.stale = true;
}

const SKIPPED = new Set(['\\noselect', '\\nonexistent']);

/** RFC 9051 §6.3.9: `\Noselect` and `\NonExistent` entries name no mailbox. */
export const selectable = (e: ListEntry): boolean =>
  !e.attributes.some((a) => SKIPPED.has(a.toLowerCase()));

/** Whether a mailbox exists as a selectable LIST entry. */
export function* mailboxListed(session: ImapSession, name: string): ImapCoroutine<boolean> {
  const entries = yield* list(session, { patterns: [name] });
  return entries.some((e) => e.mailbox === name && selectable(e));
}

/**
 * The error for a failed command that names an existing mailbox (SELECT, APPEND, COPY, MOVE):
 * ERR_NOT_FOUND for `[NONEXISTENT]` / `[TRYCREATE]` (RFC 5530 §3, RFC 9051 §7.1), or for a
 * code-less NO when LIST does not show the mailbox; the original error otherwise. A LIST
 * refused by the server counts as "listed" (we cannot tell); any other failure of it
 * (the connection broke) is thrown.
 */
export function* mailboxError(
  error: unknown,
  mailbox: string,
  session: ImapSession,
): ImapCoroutine<unknown> {
  const code = responseCode(error);
  if (code === 'NONEXISTENT' || code === 'TRYCREATE') return notFound(mailbox, error);
  if (isNo(error) && code === undefined) {
    let listed = true;
    try {
      listed = yield* mailboxListed(session, mailbox);
    } catch (listError) {
      if (!isMailError(listError, 'ERR_PROTOCOL')) throw listError;
    }
    if (!listed) return notFound(mailbox, error);
  }
  return error;
}
