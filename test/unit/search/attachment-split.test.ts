/**
 * The split of `has attachment` (src/shared/search/attachment-split.ts) is exact: for every
 * filter and every envelope, (A ∧ F[A:=true]) ∨ (¬A ∧ F[A:=false]) matches exactly when F does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Filter } from '../../../src/shared/search/ast.js';
import { fixAttachment, splitOnAttachment } from '../../../src/shared/search/attachment-split.js';
import { matchesEnvelopeOnly } from '../../../src/shared/search/evaluate.js';
import { parseSearchQuery } from '../../../src/shared/search/parser.js';
import type { Envelope } from '../../../src/shared/types.js';

const envelope = (hasAttachment: boolean, from: string, seen: boolean): Envelope => ({
  id: '1',
  mailbox: 'INBOX',
  flags: seen ? ['seen'] : [],
  subject: 's',
  from: [{ email: from }],
  to: [],
  cc: [],
  bcc: [],
  size: 10,
  hasAttachment,
});

const holds = (f: Filter | boolean, e: Envelope): boolean =>
  typeof f === 'boolean' ? f : matchesEnvelopeOnly(f, e) === true;

describe('splitOnAttachment', () => {
  it('leaves filters without the condition alone', () => {
    expect(splitOnAttachment(parseSearchQuery('from bob').filter)).toBeUndefined();
    expect(splitOnAttachment(undefined)).toBeUndefined();
  });

  it('folds constants: "has attachment or from bob"', () => {
    const split = splitOnAttachment(parseSearchQuery('has attachment or from bob').filter);
    expect(split).toEqual({
      withAttachment: true,
      withoutAttachment: { type: 'address', field: 'from', value: 'bob' },
    });
    expect(fixAttachment({ type: 'not', child: { type: 'hasAttachment' } }, true)).toBe(false);
  });

  it('property: exact for every filter and envelope', () => {
    const leaf = fc.constantFrom<Filter>(
      { type: 'hasAttachment' },
      { type: 'flag', flag: 'seen' },
      { type: 'address', field: 'from', value: 'bob' },
    );
    const tree = fc.letrec<{ f: Filter }>((tie) => ({
      f: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('f'), { maxLength: 3 }).map((children): Filter => ({ type: 'and', children })),
        fc.array(tie('f'), { maxLength: 3 }).map((children): Filter => ({ type: 'or', children })),
        tie('f').map((child): Filter => ({ type: 'not', child })),
      ),
    })).f;
    fc.assert(
      fc.property(
        tree,
        fc.boolean(),
        fc.constantFrom('bob@x', 'eve@x'),
        fc.boolean(),
        (f, a, from, seen) => {
          const e = envelope(a, from, seen);
          const split = splitOnAttachment(f);
          const whole = matchesEnvelopeOnly(f, e) === true;
          if (split === undefined) return;
          const halves = a ? holds(split.withAttachment, e) : holds(split.withoutAttachment, e);
          expect(halves).toBe(whole);
          for (const half of [split.withAttachment, split.withoutAttachment])
            if (typeof half !== 'boolean')
              expect(JSON.stringify(half)).not.toContain('hasAttachment');
        },
      ),
    );
  });
});
