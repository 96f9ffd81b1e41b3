/**
 * `has attachment` anywhere in a query, on servers whose own search cannot be trusted with it
 * (IMAP has no key; JMAP's `hasAttachment` is the server's idea, not docs/model.md's). Shannon
 * expansion on that one condition: F = (A ∧ F[A:=true]) ∨ (¬A ∧ F[A:=false]). Both halves are
 * attachment-free, so the server evaluates them exactly; the client then keeps, of the first
 * half's matches, those with an attachment and, of the second's, those without — by the shared
 * definition (Envelope.hasAttachment). Exact under OR and NOT, no condition is guessed.
 */
import type { Filter } from './ast.js';

/** A filter with the attachment condition fixed: `true` / `false` when it folded away. */
export type FixedFilter = Filter | boolean;

export interface AttachmentSplit {
  /** What the server must match for messages that have an attachment. */
  withAttachment: FixedFilter;
  /** … and for messages without one. */
  withoutAttachment: FixedFilter;
}

function mentionsAttachment(f: Filter): boolean {
  switch (f.type) {
    case 'and':
    case 'or':
      return f.children.some(mentionsAttachment);
    case 'not':
      return mentionsAttachment(f.child);
    default:
      return f.type === 'hasAttachment';
  }
}

/** `f` with hasAttachment := `value`, constants folded (the result is constant-free or a boolean). */
export function fixAttachment(f: Filter, value: boolean): FixedFilter {
  switch (f.type) {
    case 'hasAttachment':
      return value;
    case 'not': {
      const child = fixAttachment(f.child, value);
      return typeof child === 'boolean' ? !child : { type: 'not', child };
    }
    case 'and':
    case 'or': {
      const absorbing = f.type === 'or'; // true absorbs an OR, false an AND
      const kept: Filter[] = [];
      for (const c of f.children) {
        const fixed = fixAttachment(c, value);
        if (fixed === absorbing) return absorbing;
        if (typeof fixed !== 'boolean') kept.push(fixed);
      }
      if (kept.length === 0) return !absorbing;
      return kept.length === 1 ? (kept[0] as Filter) : { type: f.type, children: kept };
    }
    default:
      return f;
  }
}

/** undefined when the filter has no attachment condition (the server can take it whole). */
export function splitOnAttachment(filter: Filter | undefined): AttachmentSplit | undefined {
  if (filter === undefined || !mentionsAttachment(filter)) return undefined;
  return {
    withAttachment: fixAttachment(filter, true),
    withoutAttachment: fixAttachment(filter, false),
  };
}

/**
 * The client's half of the split: an envelope matches when the half its own hasAttachment
 * selects matched on the server (`inWith` / `inWithout`: membership in those server results).
 */
export function matchesSplit(
  envelope: { hasAttachment?: boolean },
  inWith: boolean,
  inWithout: boolean,
): boolean {
  return envelope.hasAttachment === true ? inWith : inWithout;
}
