import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter, compileSort } from '../../../src/backends/jmap/search-filter.js';
import type { Filter } from '../../../src/shared/search/ast.js';

describe('search AST → JMAP filter (RFC 8621 §4.4.1)', () => {
  it('date conditions use UTC day bounds on receivedAt', () => {
    expect(compileFilter({ type: 'date', op: 'on', day: '2026-02-28' })).toEqual({
      after: '2026-02-28T00:00:00Z',
      before: '2026-03-01T00:00:00Z',
    });
    expect(compileFilter({ type: 'date', op: 'before', day: '2026-01-01' })).toEqual({
      before: '2026-01-01T00:00:00Z',
    });
    expect(compileFilter({ type: 'date', op: 'after', day: '2025-12-31' })).toEqual({
      after: '2026-01-01T00:00:00Z',
    });
    expect(compileFilter({ type: 'date', op: 'since', day: '2026-01-05' })).toEqual({
      after: '2026-01-05T00:00:00Z',
    });
  });

  it('subject and addresses are substring `header` conditions, not the word-indexed ones', () => {
    expect(compileFilter({ type: 'subject', value: 'port' })).toEqual({
      header: ['Subject', 'port'],
    });
    for (const [field, name] of [
      ['from', 'From'],
      ['to', 'To'],
      ['cc', 'Cc'],
      ['bcc', 'Bcc'],
    ] as const) {
      expect(compileFilter({ type: 'address', field, value: 'ali' })).toEqual({
        header: [name, 'ali'],
      });
    }
    expect(compileFilter({ type: 'body', value: 'x' })).toEqual({ body: 'x' });
    expect(compileFilter({ type: 'text', value: 'x' })).toEqual({ text: 'x' });
  });

  it('sizes, headers, flags and attachments', () => {
    expect(compileFilter({ type: 'size', op: 'larger', bytes: 100 })).toEqual({ minSize: 101 });
    expect(compileFilter({ type: 'size', op: 'smaller', bytes: 100 })).toEqual({ maxSize: 100 });
    expect(compileFilter({ type: 'header', name: 'X-Spam', value: '' })).toEqual({
      header: ['X-Spam'],
    });
    expect(compileFilter({ type: 'header', name: 'List-Id', value: 'dev' })).toEqual({
      header: ['List-Id', 'dev'],
    });
    expect(compileFilter({ type: 'flag', flag: 'Work' })).toEqual({ hasKeyword: 'Work' });
    expect(compileFilter({ type: 'hasAttachment' })).toEqual({ hasAttachment: true });
  });

  it('keeps the boolean structure exactly: evaluating the compiled filter = evaluating the AST', () => {
    // Leaves are flags; a message is a set of flags. JMAP NOT means "none of its conditions".
    const leaf = fc.constantFrom('a', 'b', 'c').map((flag): Filter => ({ type: 'flag', flag }));
    const tree = fc.letrec<{ f: Filter }>((tie) => ({
      f: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc
          .array(tie('f'), { minLength: 1, maxLength: 3 })
          .map((children): Filter => ({ type: 'and', children })),
        fc
          .array(tie('f'), { minLength: 1, maxLength: 3 })
          .map((children): Filter => ({ type: 'or', children })),
        tie('f').map((child): Filter => ({ type: 'not', child })),
      ),
    })).f;
    const evalAst = (f: Filter, m: Set<string>): boolean => {
      if (f.type === 'and') return f.children.every((c) => evalAst(c, m));
      if (f.type === 'or') return f.children.some((c) => evalAst(c, m));
      if (f.type === 'not') return !evalAst(f.child, m);
      return f.type === 'flag' && m.has(f.flag);
    };
    const evalJmap = (f: Record<string, unknown>, m: Set<string>): boolean => {
      const conditions = (f.conditions ?? []) as Record<string, unknown>[];
      if (f.operator === 'AND') return conditions.every((c) => evalJmap(c, m));
      if (f.operator === 'OR') return conditions.some((c) => evalJmap(c, m));
      if (f.operator === 'NOT') return !conditions.some((c) => evalJmap(c, m));
      return m.has(f.hasKeyword as string);
    };
    fc.assert(
      fc.property(tree, fc.subarray(['a', 'b', 'c']), (filter, flags) => {
        const m = new Set(flags);
        expect(evalJmap(compileFilter(filter), m)).toBe(evalAst(filter, m));
      }),
    );
  });

  it('sorts: default newest first, fields mapped', () => {
    expect(compileSort([])).toEqual([
      { property: 'sentAt', isAscending: false },
      { property: 'receivedAt', isAscending: false },
    ]);
    expect(compileSort([{ field: 'arrival', order: 'asc' }])).toEqual([
      { property: 'receivedAt', isAscending: true },
    ]);
  });
});
