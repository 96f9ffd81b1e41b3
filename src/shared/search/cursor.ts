/** A position in the token list, shared by the filter, condition and sort-clause parsers. */
import { describeToken, parseError, type Token } from './lexer.js';
import type { MailError } from '../errors.js';

export class TokenCursor {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token {
    return this.tokens[Math.min(this.index, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  /** The keyword the current token spells (lowercase), or undefined for values and punctuation. */
  keyword(token: Token = this.peek()): string | undefined {
    return token.kind === 'word' && !token.escaped ? token.value.toLowerCase() : undefined;
  }

  error(expected: string, token: Token = this.peek(), hint?: string): MailError {
    return parseError(token.column, expected, describeToken(token), hint);
  }
}
