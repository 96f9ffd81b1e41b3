/**
 * The shared search AST → IMAP SEARCH keys (RFC 9051 §6.4.4), with exact boolean structure:
 * AND is juxtaposition, OR is the binary `OR a b` (n-ary ORs nest to the right), NOT is `NOT a`;
 * compound children are parenthesised. Dates compare the Date: header (SENT*), and strict
 * `after D` is `SENTSINCE D+1`. User text always goes through the typed encoder (`string`),
 * never spliced; non-ASCII text makes the search need CHARSET UTF-8.
 *
 * hasAttachment has no IMAP key: search.ts splits it out first (shared attachment-split.ts),
 * so a filter reaching here has none (one would be an internal error, ERR_INVALID_ARGUMENT).
 */
import { MailError } from '../../../shared/errors.js';
import { flagToImap, normalizeFlag } from '../../../shared/flags.js';
import type { Condition, Filter } from '../../../shared/search/ast.js';
import type { CommandValue } from '../wire/types.js';
import { atom, date, list, number, string } from '../wire/values.js';

export interface CompiledSearch {
  criteria: CommandValue[];
  /** Some string is not ASCII: send CHARSET UTF-8. */
  utf8: boolean;
}

const SYSTEM_FLAG_KEYS: Readonly<Record<string, string>> = {
  seen: 'SEEN',
  answered: 'ANSWERED',
  flagged: 'FLAGGED',
  draft: 'DRAFT',
  deleted: 'DELETED',
};

const DATE_KEYS = {
  on: 'SENTON',
  before: 'SENTBEFORE',
  since: 'SENTSINCE',
  after: 'SENTSINCE',
} as const;

function dayToDate(day: string, plusDays: number): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + plusDays));
}

class Compiler {
  utf8 = false;

  text(value: string): CommandValue {
    if (/[^\x20-\x7e]/.test(value)) this.utf8 = true;
    return string(value);
  }

  condition(c: Condition): CommandValue[] {
    switch (c.type) {
      case 'date':
        return [
          atom(DATE_KEYS[c.op]),
          date(dayToDate(c.day, c.op === 'after' ? 1 : 0), { withTime: false }),
        ];
      case 'address':
        return [atom(c.field.toUpperCase()), this.text(c.value)];
      case 'subject':
        return [atom('SUBJECT'), this.text(c.value)];
      case 'body':
        return [atom('BODY'), this.text(c.value)];
      case 'text':
        return [atom('TEXT'), this.text(c.value)];
      case 'header':
        return [atom('HEADER'), this.text(c.name), this.text(c.value)];
      case 'flag': {
        const flag = normalizeFlag(c.flag);
        const key = SYSTEM_FLAG_KEYS[flag];
        return key !== undefined ? [atom(key)] : [atom('KEYWORD'), atom(flagToImap(flag))];
      }
      case 'size':
        return [atom(c.op === 'larger' ? 'LARGER' : 'SMALLER'), number(c.bytes)];
      case 'hasAttachment':
        throw new MailError(
          'ERR_INVALID_ARGUMENT',
          'IMAP SEARCH has no key for attachments: split the filter first (splitOnAttachment)',
          { backend: 'imap' },
        );
    }
  }

  /** One search-key: a single key, or a parenthesised list for anything longer. */
  key(f: Filter): CommandValue[] {
    const keys = this.filter(f);
    return keys.length === 1 || isSingleKey(f) ? keys : [list(keys)];
  }

  filter(f: Filter): CommandValue[] {
    switch (f.type) {
      case 'and':
        return f.children.length === 0 ? [atom('ALL')] : f.children.flatMap((c) => this.key(c));
      case 'or':
        return this.or(f.children);
      case 'not':
        return [atom('NOT'), ...this.key(f.child)];
      default:
        return this.condition(f);
    }
  }

  or(children: readonly Filter[]): CommandValue[] {
    const [first, ...rest] = children;
    if (first === undefined) return [atom('NOT'), atom('ALL')];
    if (rest.length === 0) return this.filter(first);
    const right = rest.length === 1 ? this.key(rest[0] as Filter) : [list(this.or(rest))];
    return [atom('OR'), ...this.key(first), ...right];
  }
}

/** Conditions with arguments are still one search-key (`FROM x`, `HEADER a b`, `OR a b`, `NOT a`). */
function isSingleKey(f: Filter): boolean {
  return f.type !== 'and';
}

export function compileSearch(filter: Filter | undefined): CompiledSearch {
  const compiler = new Compiler();
  const criteria = filter === undefined ? [atom('ALL')] : compiler.filter(filter);
  return { criteria, utf8: compiler.utf8 };
}
