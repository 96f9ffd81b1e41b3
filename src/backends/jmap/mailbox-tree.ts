/**
 * JMAP mailboxes → the shared Mailbox model: parentId chains become paths (RFC 8621 §2), and
 * references (ids or name paths, `INBOX` = role inbox) resolve against the list.
 */
import { MailError } from '../../shared/errors.js';
import { MAILBOX_ROLES, type Mailbox, type MailboxRole } from '../../shared/types.js';
import type { MailboxObject } from './schemas.js';

export function pathOf(box: MailboxObject, byId: ReadonlyMap<string, MailboxObject>): string[] {
  const path: string[] = [];
  const visited = new Set<string>();
  let current: MailboxObject | undefined = box;
  // A parent cycle from a broken server must not loop forever.
  while (current !== undefined && !visited.has(current.id)) {
    visited.add(current.id);
    path.unshift(current.name);
    current = current.parentId == null ? undefined : byId.get(current.parentId);
  }
  return path;
}

function roleOf(role: string | null | undefined): MailboxRole | undefined {
  const lower = role?.toLowerCase();
  return MAILBOX_ROLES.find((r) => r === lower);
}

export function toMailboxes(list: readonly MailboxObject[], counts: boolean): Mailbox[] {
  const byId = new Map(list.map((b) => [b.id, b]));
  return list.map((b) => toMailbox(b, byId, counts));
}

export function toMailbox(
  box: MailboxObject,
  byId: ReadonlyMap<string, MailboxObject>,
  counts: boolean,
): Mailbox {
  const out: Mailbox = { id: box.id, name: box.name, path: pathOf(box, byId) };
  const role = roleOf(box.role);
  if (role !== undefined) out.role = role;
  if (counts) {
    out.total = box.totalEmails ?? 0;
    out.unread = box.unreadEmails ?? 0;
  }
  return out;
}

/** `a/b` or components → components; empty components are invalid. */
export function splitPath(path: string | readonly string[]): string[] {
  const parts = typeof path === 'string' ? path.split('/') : [...path];
  if (parts.length === 0 || parts.some((p) => p === '')) {
    throw new MailError('ERR_INVALID_ARGUMENT', `invalid mailbox path: ${JSON.stringify(path)}`);
  }
  return parts;
}

/**
 * Find a mailbox by id, then by name path. `INBOX` (any case) as the first component names the
 * role-inbox mailbox, whatever the server calls it (IMAP habit, RFC 9051 §5.1).
 */
export function findMailbox(ref: string, boxes: readonly Mailbox[]): Mailbox | undefined {
  const byId = boxes.find((b) => b.id === ref);
  if (byId !== undefined) return byId;
  const wanted = ref.split('/');
  const inbox = boxes.find((b) => b.role === 'inbox');
  if (inbox !== undefined && wanted[0]?.toUpperCase() === 'INBOX') {
    wanted.splice(0, 1, ...inbox.path);
  }
  return boxes.find(
    (b) => b.path.length === wanted.length && b.path.every((part, i) => part === wanted[i]),
  );
}

export function requireMailbox(ref: string, boxes: readonly Mailbox[]): Mailbox {
  const found = findMailbox(ref, boxes);
  if (found === undefined) throw new MailError('ERR_NOT_FOUND', `mailbox not found: ${ref}`);
  return found;
}
