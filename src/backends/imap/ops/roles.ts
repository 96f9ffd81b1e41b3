/**
 * Mailbox roles: RFC 6154 SPECIAL-USE attributes first, then common names (the fallback every
 * client uses for servers without SPECIAL-USE). INBOX is case-insensitive (RFC 9051 §5.1).
 */
import type { MailboxRole } from '../../../shared/types.js';

const ATTRIBUTE_ROLES: Readonly<Record<string, MailboxRole>> = {
  '\\all': 'all',
  '\\archive': 'archive',
  '\\drafts': 'drafts',
  '\\flagged': 'flagged',
  '\\important': 'important',
  '\\junk': 'junk',
  '\\sent': 'sent',
  '\\trash': 'trash',
};

const NAME_ROLES: Readonly<Record<string, MailboxRole>> = {
  archive: 'archive',
  archives: 'archive',
  drafts: 'drafts',
  draft: 'drafts',
  sent: 'sent',
  'sent items': 'sent',
  'sent messages': 'sent',
  'sent mail': 'sent',
  junk: 'junk',
  spam: 'junk',
  'junk e-mail': 'junk',
  trash: 'trash',
  'deleted items': 'trash',
  'deleted messages': 'trash',
};

export const ROLE_ATTRIBUTE: Readonly<Record<MailboxRole, string | undefined>> = {
  inbox: undefined,
  all: '\\All',
  archive: '\\Archive',
  drafts: '\\Drafts',
  flagged: '\\Flagged',
  important: '\\Important',
  junk: '\\Junk',
  sent: '\\Sent',
  trash: '\\Trash',
};

export function roleOf(
  name: string,
  path: readonly string[],
  attributes: readonly string[],
): MailboxRole | undefined {
  if (name.toUpperCase() === 'INBOX') return 'inbox';
  for (const a of attributes) {
    const role = ATTRIBUTE_ROLES[a.toLowerCase()];
    if (role !== undefined) return role;
  }
  // Name heuristics only for top-level (or INBOX.<name>) mailboxes.
  const top = path.length === 1 || (path.length === 2 && path[0]?.toUpperCase() === 'INBOX');
  if (!top) return undefined;
  return NAME_ROLES[(path[path.length - 1] ?? '').toLowerCase()];
}
