/**
 * Mailbox ids ↔ directories, for both layouts:
 * - Maildir++ (Dovecot's default): INBOX is the root, `Foo/Bar` is `<root>/.Foo.Bar`, names are
 *   modified UTF-7 (so `.` cannot appear inside a component: it is the hierarchy separator).
 * - fs: INBOX is the root, `Foo/Bar` is `<root>/Foo/Bar` (nested directories).
 * The mailbox id is `INBOX` or the path components joined with `/`; it is exactly what
 * listMailboxes returns and what every operation accepts (docs/model.md).
 */
import type { MailboxPath } from '../../shared/backend.js';
import { MailError } from '../../shared/errors.js';
import type { MailboxRole } from '../../shared/types.js';
import { join } from './fs-requests.js';
import { decodeModifiedUtf7, encodeModifiedUtf7 as encodeMutf7 } from '../../shared/mutf7.js';

/** Dovecot writes folder names in modified UTF-7; a name that is not valid mUTF-7 is kept raw. */
const decodeMutf7 = (name: string): string => decodeModifiedUtf7(name) ?? name;

export type Layout = 'maildir++' | 'fs';

export const INBOX_ID = 'INBOX';

const MAILDIR_SUBDIRS = new Set(['cur', 'new', 'tmp']);

function invalid(message: string): MailError {
  return new MailError('ERR_INVALID_ARGUMENT', message, { backend: 'maildir' });
}

/**
 * Components that would escape the root or be ambiguous are refused (docs/architecture.md, Rules): empty, `.`,
 * `..`, NUL or control characters, `/` or `\` inside a component, the Maildir subdirectory
 * names in the fs layout, and `.` (the separator) in Maildir++.
 */
export function checkComponents(components: readonly string[], layout: Layout): string[] {
  if (components.length === 0) throw invalid('a mailbox path needs at least one component');
  for (const c of components) {
    if (c === '' || c === '.' || c === '..')
      throw invalid(`mailbox name component ${JSON.stringify(c)} is not allowed`);
    if (/[\x00-\x1f\x7f/\\]/.test(c))
      throw invalid('mailbox names must not contain NUL, control characters, / or \\');
    if (layout === 'maildir++' && c.includes('.'))
      throw invalid(`"${c}": '.' separates folders in the Maildir++ layout`);
    if (layout === 'fs' && (MAILDIR_SUBDIRS.has(c) || c.startsWith('.')))
      throw invalid(`"${c}" is reserved in the fs Maildir layout`);
  }
  return [...components];
}

/** A path given to create/rename: components, or a string split on '/'. */
export function pathComponents(path: MailboxPath, layout: Layout): string[] {
  if (typeof path === 'string') {
    if (path.startsWith('/')) throw invalid('absolute mailbox paths are not allowed');
    return checkComponents(path.split('/'), layout);
  }
  return checkComponents(path, layout);
}

export const isInboxId = (id: string): boolean => id.toUpperCase() === INBOX_ID;

/** Mailbox id → components ([] for INBOX). */
export function idComponents(id: string, layout: Layout): string[] {
  if (typeof id !== 'string' || id === '') throw invalid('a mailbox id is required');
  if (isInboxId(id)) return [];
  if (id.startsWith('/')) throw invalid('absolute mailbox paths are not allowed');
  return checkComponents(id.split('/'), layout);
}

export const componentsToId = (components: readonly string[]): string =>
  components.length === 0 ? INBOX_ID : components.join('/');

export function mailboxDir(root: string, components: readonly string[], layout: Layout): string {
  if (components.length === 0) return root;
  if (layout === 'fs') return join(root, ...components);
  return join(root, `.${components.map(encodeMutf7).join('.')}`);
}

/** Maildir++ directory name (`.Foo.Bar`) → components, or undefined if it is not a folder. */
export function maildirPlusPlusComponents(dirName: string): string[] | undefined {
  if (!dirName.startsWith('.') || dirName === '.' || dirName === '..') return undefined;
  const parts = dirName.slice(1).split('.');
  if (parts.some((p) => p === '')) return undefined;
  return parts.map(decodeMutf7);
}

const ROLE_NAMES: [MailboxRole, string[]][] = [
  ['sent', ['sent', 'sent items', 'sent messages', 'sent mail', 'outbox.sent']],
  ['drafts', ['drafts', 'draft']],
  ['trash', ['trash', 'deleted items', 'deleted messages', 'bin']],
  ['junk', ['junk', 'spam', 'junk e-mail', 'junk email', 'bulk mail']],
  ['archive', ['archive', 'archives']],
];

/** Roles for the usual top-level folder names (the names clients and Dovecot's defaults use). */
export function roleOf(components: readonly string[]): MailboxRole | undefined {
  if (components.length === 0) return 'inbox';
  if (components.length !== 1) return undefined;
  const name = (components[0] ?? '').toLowerCase();
  return ROLE_NAMES.find(([, names]) => names.includes(name))?.[0];
}
