/**
 * One condition of the DSL: `date|before|after|since D`, `from|to|cc|bcc X`, `subject|body|text
 * X`, `header NAME VALUE`, `flag F`, `larger|smaller N[k|m|g]`, `has attachment`.
 */
import type { Condition } from './ast.js';
import type { TokenCursor } from './cursor.js';
import { parseDay } from './dates.js';
import { normalizeFlag } from '../flags.js';
import { ADDRESS_KEYWORDS, DATE_KEYWORDS, isReserved, TEXT_KEYWORDS } from './keywords.js';
import type { Token } from './lexer.js';

const SIZE = /^(\d+)([kmg]?)$/i;
const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
/** RFC 5322 §3.6.8 field name: printable US-ASCII except ':'. */
const HEADER_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/** Bytes of a size literal such as `10k`, or undefined when it is not one. */
export function parseSize(text: string): number | undefined {
  const m = SIZE.exec(text);
  if (!m) return undefined;
  const bytes = Number(m[1]) * (SIZE_UNITS[(m[2] ?? '').toLowerCase()] ?? 1);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

export function isHeaderName(name: string): boolean {
  return HEADER_NAME.test(name);
}

/** A value token: quoted, or an unquoted word that is not a reserved keyword. */
function value(cursor: TokenCursor, expected: string, allowKeyword = false): Token {
  const token = cursor.peek();
  if (token.kind === 'quoted') return cursor.next();
  if (token.kind === 'word') {
    if (allowKeyword || token.escaped || !isReserved(token.value)) return cursor.next();
    throw cursor.error(
      expected,
      token,
      `'${token.value}' is a keyword; quote it to search for the word: "${token.value}"`,
    );
  }
  throw cursor.error(expected, token);
}

/** Parses the condition that begins with `keyword` (already identified, not yet consumed). */
export function parseCondition(cursor: TokenCursor, keyword: string): Condition {
  const head = cursor.next();
  const after = `after '${head.value}'`;
  const dateOp = DATE_KEYWORDS[keyword];
  if (dateOp !== undefined) {
    const expected = `a date (YYYY-MM-DD) ${after}`;
    const token = value(cursor, expected);
    const day = parseDay(token.value);
    if (day === undefined) throw cursor.error(expected, token);
    return { type: 'date', op: dateOp, day };
  }
  const field = ADDRESS_KEYWORDS[keyword];
  if (field !== undefined) {
    return { type: 'address', field, value: value(cursor, `a value ${after}`).value };
  }
  if ((TEXT_KEYWORDS as readonly string[]).includes(keyword)) {
    const type = keyword as (typeof TEXT_KEYWORDS)[number];
    return { type, value: value(cursor, `a value ${after}`).value };
  }
  switch (keyword) {
    case 'header': {
      const expectedName = `a header name ${after}`;
      const name = value(cursor, expectedName, true);
      if (!isHeaderName(name.value)) throw cursor.error(expectedName, name);
      const text = value(cursor, `a value after the header name '${name.value}'`).value;
      return { type: 'header', name: name.value, value: text };
    }
    case 'flag': {
      const expected = `a flag ${after}`;
      const token = value(cursor, expected);
      const flag = normalizeFlag(token.value);
      if (flag === '') throw cursor.error(expected, token);
      return { type: 'flag', flag };
    }
    case 'larger':
    case 'smaller': {
      const expected = `a size (bytes, optionally with a k, m or g suffix) ${after}`;
      const token = value(cursor, expected);
      const bytes = parseSize(token.value);
      if (bytes === undefined) throw cursor.error(expected, token);
      return { type: 'size', op: keyword, bytes };
    }
    case 'has': {
      const token = cursor.peek();
      if (cursor.keyword(token) !== 'attachment') throw cursor.error(`'attachment' ${after}`);
      cursor.next();
      return { type: 'hasAttachment' };
    }
    case 'has-attachment':
      return { type: 'hasAttachment' };
    default:
      throw cursor.error('a condition', head);
  }
}
