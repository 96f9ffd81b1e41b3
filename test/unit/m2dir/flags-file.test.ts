import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFlagsFile, serializeFlags } from '../../../src/backends/m2dir/flags-file.js';
import { normalizeFlags } from '../../../src/shared/flags.js';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('.meta/<id>.flags', () => {
  it('writes JMAP-style keywords, one per line, newline-terminated, sorted', () => {
    expect(text(serializeFlags(['seen', 'Work', 'flagged', '\\Answered']))).toBe(
      '$answered\n$flagged\n$seen\nWork\n',
    );
    expect(serializeFlags([])).toHaveLength(0);
  });

  it('reads any spelling, ignores blank lines and CRLF', () => {
    expect(parseFlagsFile(bytes('\\Seen\r\n\n$forwarded\n  Work  \n$junk'))).toEqual([
      'seen',
      'forwarded',
      'junk',
      'Work',
    ]);
    expect(parseFlagsFile(null)).toEqual([]);
    expect(parseFlagsFile(bytes(''))).toEqual([]);
  });

  it('drops flags that cannot be one line', () => {
    expect(text(serializeFlags(['a\nb', 'ok']))).toBe('ok\n');
  });

  it('round-trips normalised flag sets', () => {
    const flag = fc.oneof(
      fc.constantFrom('seen', 'answered', 'flagged', 'draft', 'deleted', 'junk', 'mdnsent'),
      fc.stringMatching(/^[A-Za-z$][A-Za-z0-9_$]{0,10}$/),
    );
    fc.assert(
      fc.property(fc.array(flag, { maxLength: 8 }), (flags) => {
        expect(parseFlagsFile(serializeFlags(flags))).toEqual(normalizeFlags(flags));
      }),
    );
  });
});
