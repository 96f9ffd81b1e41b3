/**
 * Canonical mailbox names (docs/sync.md "Mailbox names"): the inbox is `INBOX` on every side
 * (IMAP `INBOX`, JMAP role `inbox`, the Maildir root); any other mailbox is its path components
 * joined with `/`, whatever the store's delimiter. Include/exclude patterns and the optional
 * name mapping work on these names.
 */
import type { Mailbox } from '../shared/types.js';
import type { Side } from './types.js';

export function canonicalName(mailbox: Mailbox): string {
  if (mailbox.role === 'inbox') return 'INBOX';
  if (mailbox.path.length === 1 && mailbox.path[0]?.toUpperCase() === 'INBOX') return 'INBOX';
  return mailbox.path.join('/');
}

/** The path to create for a canonical name. */
export const pathOf = (name: string): string[] => (name === 'INBOX' ? ['INBOX'] : name.split('/'));

/** `*` matches within one level, `**` across levels, `?` one character; the rest is literal. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export interface NameRules {
  include?: readonly string[];
  exclude?: readonly string[];
  mapName?: (name: string, from: Side) => string;
}

export class MailboxNames {
  private readonly include: RegExp[];
  private readonly exclude: RegExp[];

  constructor(private readonly rules: NameRules) {
    this.include = (rules.include ?? []).map(globToRegExp);
    this.exclude = (rules.exclude ?? []).map(globToRegExp);
  }

  /** The name in the remote side's naming, which the state and the plan use. */
  fromSide(mailbox: Mailbox, side: Side): string {
    const name = canonicalName(mailbox);
    return side === 'local' && this.rules.mapName !== undefined
      ? this.rules.mapName(name, 'local')
      : name;
  }

  /** The name to create on `side` for a state name. */
  toSide(name: string, side: Side): string {
    return side === 'local' && this.rules.mapName !== undefined
      ? this.rules.mapName(name, 'remote')
      : name;
  }

  selected(name: string): boolean {
    if (this.include.length > 0 && !this.include.some((re) => re.test(name))) return false;
    return !this.exclude.some((re) => re.test(name));
  }
}
