/**
 * `order by KEY [asc|desc] ...`: keys separated by spaces and/or commas; each key ascending
 * unless `desc` follows it (io-email's default).
 */
import type { SortField, SortKey } from './ast.js';
import type { TokenCursor } from './cursor.js';
import { describeToken, parseError, type Token } from './lexer.js';
import { SORT_FIELDS } from './keywords.js';

interface Part {
  text: string;
  column: number;
}

/** Splits word tokens on commas, keeping each piece's column; a lone comma is its own part. */
function parts(token: Token): Part[] {
  const out: Part[] = [];
  let start = 0;
  const raw = token.raw;
  for (let i = 0; i <= raw.length; i += 1) {
    if (i === raw.length || raw[i] === ',') {
      if (i > start) out.push({ text: raw.slice(start, i), column: token.column + start });
      if (i < raw.length) out.push({ text: ',', column: token.column + i });
      start = i + 1;
    }
  }
  return out;
}

const FIELD_LIST = SORT_FIELDS.join(', ');

function fail(part: Part | Token, expected: string): never {
  const found = 'kind' in part ? describeToken(part) : `'${part.text}'`;
  throw parseError(part.column, expected, found);
}

/** Parses the keys after `order by` up to the end of the query. */
export function parseSortKeys(cursor: TokenCursor): SortKey[] {
  const keys: SortKey[] = [];
  // What the previous part allows next: a field (start, after a comma) or anything.
  let afterField = false;
  let afterComma = false;
  for (;;) {
    const token = cursor.peek();
    if (token.kind === 'eof') {
      if (keys.length === 0 || afterComma) fail(token, `a sort field (${FIELD_LIST})`);
      return keys;
    }
    if (token.kind !== 'word' || token.escaped) {
      fail(
        token,
        afterField ? `'asc', 'desc', ',' or a sort field` : `a sort field (${FIELD_LIST})`,
      );
    }
    cursor.next();
    for (const part of parts(token)) {
      const word = part.text.toLowerCase();
      if (word === ',') {
        if (keys.length === 0 || afterComma) fail(part, `a sort field (${FIELD_LIST})`);
        afterComma = true;
        afterField = false;
      } else if ((word === 'asc' || word === 'desc') && afterField) {
        (keys[keys.length - 1] as SortKey).order = word;
        afterField = false;
        afterComma = false;
      } else if ((SORT_FIELDS as readonly string[]).includes(word)) {
        keys.push({ field: word as SortField, order: 'asc' });
        afterField = true;
        afterComma = false;
      } else {
        fail(
          part,
          afterField ? `'asc', 'desc', ',' or a sort field` : `a sort field (${FIELD_LIST})`,
        );
      }
    }
  }
}
