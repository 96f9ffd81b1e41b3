/**
 * Tokeniser of the search DSL. Values are unquoted words (no whitespace or parentheses; a
 * backslash makes the next character literal) or double-quoted strings whose quotes are not part
 * of the value (`\"` and `\\` — in fact `\` + any character — stand for that character).
 * Tokenising the whole text first is what lets `order by` inside a quoted value stay a value
 * (io-email split the text at the last `order by` and broke on such values).
 */
import { MailError } from '../errors.js';

export type TokenKind = 'word' | 'quoted' | 'lparen' | 'rparen' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The decoded value (escapes resolved, quotes removed). */
  value: string;
  /** The source text of the token, as typed. */
  raw: string;
  /** 1-based column of the token's first character (UTF-16 units). */
  column: number;
  /** A word containing a backslash escape is never a keyword. */
  escaped: boolean;
}

/** The characters that separate tokens; the formatter quotes any value containing one. */
export function isSpace(ch: string): boolean {
  return SPACE.test(ch);
}

const SPACE = /^\s$/;
/** Runs of characters that need no attention inside a word / inside quotes. */
const PLAIN_WORD = /[^\s()\\]+/y;
const PLAIN_QUOTED = /[^"\\]+/y;

function plainRun(pattern: RegExp, text: string, at: number): string {
  pattern.lastIndex = at;
  const m = pattern.exec(text);
  return m === null ? '' : m[0];
}

/** Characters that end an unquoted word. */
export function isWordBreak(ch: string): boolean {
  return ch === '(' || ch === ')' || isSpace(ch);
}

export function parseError(
  column: number,
  expected: string,
  found: string,
  hint?: string,
): MailError {
  return new MailError('ERR_PARSE', `column ${column}: expected ${expected}, found ${found}`, {
    details: { column, expected, found },
    ...(hint === undefined ? {} : { hint }),
  });
}

function readQuoted(text: string, start: number): { token: Token; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const run = plainRun(PLAIN_QUOTED, text, i);
    value += run;
    i += run.length;
    const ch = text[i];
    if (ch === undefined) break;
    if (ch === '"') {
      const raw = text.slice(start, i + 1);
      return {
        token: { kind: 'quoted', value, raw, column: start + 1, escaped: false },
        end: i + 1,
      };
    }
    if (ch === '\\') {
      if (i + 1 >= text.length) break;
      value += text[i + 1];
      i += 2;
      continue;
    }
    value += ch;
    i += 1;
  }
  throw parseError(start + 1, `a closing '"' for the quote`, 'end of query');
}

function readWord(text: string, start: number): { token: Token; end: number } {
  let value = '';
  let escaped = false;
  let i = start;
  while (i < text.length && !isWordBreak(text[i] as string)) {
    const run = plainRun(PLAIN_WORD, text, i);
    value += run;
    i += run.length;
    const ch = text[i];
    if (ch === undefined || isWordBreak(ch)) break;
    if (ch === '\\') {
      if (i + 1 >= text.length) {
        throw parseError(i + 1, 'a character after the backslash', 'end of query');
      }
      value += text[i + 1];
      escaped = true;
      i += 2;
      continue;
    }
    value += ch;
    i += 1;
  }
  const raw = text.slice(start, i);
  return { token: { kind: 'word', value, raw, column: start + 1, escaped }, end: i };
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (isSpace(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')') {
      const kind = ch === '(' ? 'lparen' : 'rparen';
      tokens.push({ kind, value: ch, raw: ch, column: i + 1, escaped: false });
      i += 1;
    } else {
      const { token, end } = ch === '"' ? readQuoted(text, i) : readWord(text, i);
      tokens.push(token);
      i = end;
    }
  }
  tokens.push({ kind: 'eof', value: '', raw: '', column: text.length + 1, escaped: false });
  return tokens;
}

/** How a token is named in error messages. */
export function describeToken(token: Token): string {
  if (token.kind === 'eof') return 'end of query';
  const raw = token.raw.length > 40 ? `${token.raw.slice(0, 40)}…` : token.raw;
  return `'${raw}'`;
}
