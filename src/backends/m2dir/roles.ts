/**
 * Special-use roles (RFC 6154 names) guessed from the usual folder names, since m2dir has no
 * role metadata. Top-level folders and direct children of INBOX qualify.
 */
import type { MailboxRole } from '../../shared/types.js';

const ROLE_BY_NAME = new Map<string, MailboxRole>([
  ['inbox', 'inbox'],
  ['sent', 'sent'],
  ['sent items', 'sent'],
  ['sent messages', 'sent'],
  ['sent mail', 'sent'],
  ['drafts', 'drafts'],
  ['draft', 'drafts'],
  ['trash', 'trash'],
  ['deleted items', 'trash'],
  ['deleted messages', 'trash'],
  ['bin', 'trash'],
  ['junk', 'junk'],
  ['spam', 'junk'],
  ['junk e-mail', 'junk'],
  ['archive', 'archive'],
  ['archives', 'archive'],
]);

export function roleOf(components: readonly string[]): MailboxRole | undefined {
  const leaf = components[components.length - 1];
  if (leaf === undefined) return undefined;
  const parentOk =
    components.length === 1 ||
    (components.length === 2 && components[0]?.toLowerCase() === 'inbox');
  const role = ROLE_BY_NAME.get(leaf.toLowerCase());
  if (role === undefined || !parentOk) return undefined;
  return role === 'inbox' && components.length !== 1 ? undefined : role;
}
