/**
 * The search compiler's output as it goes on the wire: AST → IMAP SEARCH keys with exact
 * boolean structure (RFC 9051 §6.4.4), encoded by the real encoder (so quoting/literals are
 * the encoder's, never hand-built).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileSearch } from '../../../../src/backends/imap/ops/search-compile.js';
import { encodeCommand } from '../../../../src/backends/imap/wire/encoder.js';
import { parseSearchQuery } from '../../../../src/shared/search/parser.js';
import type { Filter } from '../../../../src/shared/search/ast.js';
import { MailError } from '../../../../src/shared/errors.js';

/** Encode with LITERAL+ so every segment is sent at once; returns the part after `A1 SEARCH `. */
function wire(filter: Filter | undefined): string {
  const { criteria } = compileSearch(filter);
  const cmd = encodeCommand('A1', 'SEARCH', criteria, { literalPlus: true });
  const text = Buffer.concat(cmd.segments.map((s) => s.bytes)).toString('utf8');
  return text.slice('A1 SEARCH '.length, -2);
}

const q = (text: string): string => wire(parseSearchQuery(text).filter);

describe('compileSearch', () => {
  it('no filter is ALL', () => {
    expect(wire(undefined)).toBe('ALL');
  });

  it('and is juxtaposition, or is OR a b, not is NOT', () => {
    expect(q('from alice and not flag seen')).toBe('FROM "alice" NOT SEEN');
    expect(q('subject lunch or from juergen')).toBe('OR SUBJECT "lunch" FROM "juergen"');
  });

  it('n-ary OR nests to the right, each operand one search-key', () => {
    const f: Filter = {
      type: 'or',
      children: [
        { type: 'flag', flag: 'seen' },
        { type: 'flag', flag: 'flagged' },
        { type: 'flag', flag: 'draft' },
      ],
    };
    expect(wire(f)).toBe('OR SEEN (OR FLAGGED DRAFT)');
  });

  it('parenthesises an AND under OR and under NOT', () => {
    const and: Filter = {
      type: 'and',
      children: [
        { type: 'address', field: 'to', value: 'bob' },
        { type: 'size', op: 'larger', bytes: 100 },
      ],
    };
    expect(wire({ type: 'or', children: [and, { type: 'subject', value: 'x' }] })).toBe(
      'OR (TO "bob" LARGER 100) SUBJECT "x"',
    );
    expect(wire({ type: 'not', child: and })).toBe('NOT (TO "bob" LARGER 100)');
  });

  it('dates use SENT*; after D is SENTSINCE D+1 (crossing a month end)', () => {
    expect(wire({ type: 'date', op: 'on', day: '2026-01-05' })).toBe('SENTON 05-Jan-2026');
    expect(wire({ type: 'date', op: 'before', day: '2026-01-05' })).toBe('SENTBEFORE 05-Jan-2026');
    expect(wire({ type: 'date', op: 'since', day: '2026-01-05' })).toBe('SENTSINCE 05-Jan-2026');
    expect(wire({ type: 'date', op: 'after', day: '2026-01-31' })).toBe('SENTSINCE 01-Feb-2026');
    expect(wire({ type: 'date', op: 'after', day: '2024-12-31' })).toBe('SENTSINCE 01-Jan-2025');
  });

  it('flags: system flags as keys, others as KEYWORD with the IMAP spelling', () => {
    expect(wire({ type: 'flag', flag: 'answered' })).toBe('ANSWERED');
    expect(wire({ type: 'flag', flag: 'forwarded' })).toBe('KEYWORD $Forwarded');
    expect(wire({ type: 'flag', flag: 'project-x' })).toBe('KEYWORD project-x');
  });

  it('header, body, text, cc/bcc, smaller', () => {
    expect(wire({ type: 'header', name: 'List-Id', value: '' })).toBe('HEADER "List-Id" ""');
    expect(wire({ type: 'body', value: 'a' })).toBe('BODY "a"');
    expect(wire({ type: 'text', value: 'a' })).toBe('TEXT "a"');
    expect(wire({ type: 'address', field: 'bcc', value: 'z' })).toBe('BCC "z"');
    expect(wire({ type: 'size', op: 'smaller', bytes: 5 })).toBe('SMALLER 5');
  });

  it('non-ASCII text asks for CHARSET UTF-8 and is not spliced as a quoted string', () => {
    const compiled = compileSearch({ type: 'subject', value: 'Grüße' });
    expect(compiled.utf8).toBe(true);
    expect(wire({ type: 'subject', value: 'Grüße' })).toMatch(/^SUBJECT \{7\+\}\r\nGrüße$/);
    expect(compileSearch({ type: 'subject', value: 'plain' }).utf8).toBe(false);
  });

  it('quotes and backslashes in user text stay data', () => {
    expect(wire({ type: 'subject', value: 'a"b\\c' })).toBe('SUBJECT "a\\"b\\\\c"');
  });

  it('hasAttachment never reaches the compiler (search.ts splits it out first)', () => {
    expect(() => compileSearch({ type: 'hasAttachment' })).toThrow(MailError);
  });

  it('property: every filter without hasAttachment compiles to balanced parentheses', () => {
    const leaf = fc.oneof(
      fc.constantFrom<Filter>({ type: 'flag', flag: 'seen' }, { type: 'flag', flag: 'draft' }),
      fc.string().map((value): Filter => ({ type: 'subject', value })),
    );
    const tree = fc.letrec<{ f: Filter }>((tie) => ({
      f: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc
          .array(tie('f'), { minLength: 1, maxLength: 3 })
          .map((children): Filter => ({ type: 'and', children })),
        fc
          .array(tie('f'), { minLength: 1, maxLength: 3 })
          .map((children): Filter => ({ type: 'or', children })),
        tie('f').map((child): Filter => ({ type: 'not', child })),
      ),
    }));
    fc.assert(
      fc.property(tree.f, (f) => {
        const { criteria } = compileSearch(f);
        const text = Buffer.concat(
          encodeCommand('A1', 'SEARCH', criteria, { literalPlus: true }).segments.map(
            (s) => s.bytes,
          ),
        ).toString('latin1');
        // strip quoted strings and literals, then parentheses must balance
        const bare = text
          .replace(/"(?:[^"\\]|\\.)*"/g, '')
          .replace(/\{\d+\+\}\r\n[\s\S]*?(?= |\)|\r\n$)/g, '');
        let depth = 0;
        for (const ch of bare) {
          if (ch === '(') depth++;
          if (ch === ')') depth--;
          if (depth < 0) return false;
        }
        return depth === 0;
      }),
    );
  });
});
