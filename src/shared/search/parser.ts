/**
 * Recursive-descent parser of the search DSL (a superset of io-email's, docs/search.md):
 *
 *   query     = [or-expr] ["order" "by" sort-keys]
 *   or-expr   = and-expr *("or" and-expr)
 *   and-expr  = unary *(["and"] unary)        ; juxtaposition means "and"
 *   unary     = "not" unary / "(" or-expr ")" / condition
 *
 * Precedence not > and > or. A run of `and`s (or `or`s) at one level becomes one n-ary node;
 * parentheses always make their own node, so printing and re-parsing keeps the tree's shape.
 */
import type { Filter, SearchQuery } from './ast.js';
import { parseCondition } from './condition-parser.js';
import { TokenCursor } from './cursor.js';
import { CONDITION_KEYWORDS } from './keywords.js';
import { tokenize } from './lexer.js';
import { parseSortKeys } from './sort-clause.js';
import { MailError } from '../errors.js';

/** Deeper nesting than this is refused (it would otherwise exhaust the call stack). */
export const MAX_NESTING = 200;

const NEXT_AFTER_FILTER = `'and', 'or', a condition, 'order by' or end of query`;

class FilterParser {
  private depth = 0;

  constructor(private readonly cursor: TokenCursor) {}

  /** True when the current token can begin a unary expression. */
  startsUnary(): boolean {
    const token = this.cursor.peek();
    if (token.kind === 'lparen') return true;
    const kw = this.cursor.keyword(token);
    return kw !== undefined && (kw === 'not' || CONDITION_KEYWORDS.has(kw));
  }

  orExpr(): Filter {
    const children = [this.andExpr()];
    while (this.cursor.keyword() === 'or') {
      this.cursor.next();
      children.push(this.andExpr());
    }
    return children.length === 1 ? (children[0] as Filter) : { type: 'or', children };
  }

  private andExpr(): Filter {
    const children = [this.unary()];
    for (;;) {
      if (this.cursor.keyword() === 'and') {
        this.cursor.next();
        children.push(this.unary());
      } else if (this.startsUnary()) {
        children.push(this.unary());
      } else {
        break;
      }
    }
    return children.length === 1 ? (children[0] as Filter) : { type: 'and', children };
  }

  private unary(): Filter {
    this.enter();
    try {
      const token = this.cursor.peek();
      const kw = this.cursor.keyword(token);
      if (kw === 'not') {
        this.cursor.next();
        return { type: 'not', child: this.unary() };
      }
      if (token.kind === 'lparen') {
        this.cursor.next();
        const inner = this.orExpr();
        const close = this.cursor.peek();
        if (close.kind !== 'rparen') {
          const what = `')' to close the '(' at column ${token.column}`;
          throw this.cursor.error(`'and', 'or', a condition or ${what}`, close);
        }
        this.cursor.next();
        return inner;
      }
      if (kw !== undefined && CONDITION_KEYWORDS.has(kw)) return parseCondition(this.cursor, kw);
      throw this.cursor.error(`a condition, 'not' or '('`, token);
    } finally {
      this.depth -= 1;
    }
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_NESTING) {
      const token = this.cursor.peek();
      throw new MailError(
        'ERR_PARSE',
        `column ${token.column}: the query nests deeper than ${MAX_NESTING} levels`,
        { details: { column: token.column, expected: 'less nesting', found: token.raw } },
      );
    }
  }
}

/** True when the cursor is at `order by` (consumes it) — `order` alone is an error. */
function atOrderBy(cursor: TokenCursor): boolean {
  if (cursor.keyword() !== 'order') return false;
  cursor.next();
  if (cursor.keyword() !== 'by') throw cursor.error(`'by' after 'order'`);
  cursor.next();
  return true;
}

/**
 * Text → AST. An empty query matches everything in the default order; `order by …` alone sorts
 * everything. Throws MailError('ERR_PARSE') naming the 1-based column and what was expected.
 */
export function parseSearchQuery(text: string): SearchQuery {
  if (typeof text !== 'string') {
    throw new MailError('ERR_INVALID_ARGUMENT', 'the search query must be a string');
  }
  const cursor = new TokenCursor(tokenize(text));
  const query: SearchQuery = { sort: [] };
  const filters = new FilterParser(cursor);
  if (cursor.keyword() !== 'order' && cursor.peek().kind !== 'eof') {
    query.filter = filters.orExpr();
  }
  if (atOrderBy(cursor)) {
    query.sort = parseSortKeys(cursor);
  }
  const rest = cursor.peek();
  if (rest.kind !== 'eof') {
    const expected = query.filter === undefined ? `a condition, 'not' or '('` : NEXT_AFTER_FILTER;
    const stray = query.filter !== undefined && (rest.kind === 'word' || rest.kind === 'quoted');
    const hint = stray
      ? 'a value with spaces must be quoted, e.g. subject "hello world"'
      : undefined;
    throw cursor.error(expected, rest, hint);
  }
  return query;
}
