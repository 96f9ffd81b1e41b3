/**
 * Whether a mailbox exists as a selectable LIST entry (RFC 9051 §6.3.9: `\Noselect` and
 * `\NonExistent` entries name no mailbox). The fallback test behind every "does not exist"
 * answer: a NO without a response code says only that the server refused.
 */
import type { ImapConnection } from '../client/connection.js';
import type { ListEntry } from '../commands/index.js';

const SKIPPED = new Set(['\\noselect', '\\nonexistent']);

export const selectable = (e: ListEntry): boolean =>
  !e.attributes.some((a) => SKIPPED.has(a.toLowerCase()));

export async function mailboxListed(conn: ImapConnection, name: string): Promise<boolean> {
  const entries = await conn.list({ patterns: [name] });
  return entries.some((e) => e.mailbox === name && selectable(e));
}
