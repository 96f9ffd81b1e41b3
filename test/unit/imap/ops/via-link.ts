/**
 * Tests call the operation coroutines (ops/*.ts) the way the backend does: on an ImapLink,
 * one queued call per operation (`link.run`). `viaLink(op)` keeps the call sites readable.
 */
import type { ImapCoroutine } from '../../../../src/backends/imap/commands/run.js';
import type { ImapLink } from '../../../../src/backends/imap/ops/link.js';
import type { ImapSession } from '../../../../src/backends/imap/session.js';

export function viaLink<A extends unknown[], T>(
  op: (session: ImapSession, ...args: A) => ImapCoroutine<T>,
): (link: ImapLink, ...args: A) => Promise<T> {
  return (link, ...args) => link.run((session) => op(session, ...args));
}
