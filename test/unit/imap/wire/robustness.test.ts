/**
 * Hostile input: arbitrary and mutated server bytes through framer + decoder, in random chunks,
 * either decode or fail with a MailError — never another exception, never a hang — and literal
 * bytes are never read as protocol whatever they contain.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImapFramer } from '../../../../src/backends/imap/wire/framing.js';
import { decodeResponse } from '../../../../src/backends/imap/wire/decoder.js';
import { decodeModifiedUtf7, encodeModifiedUtf7 } from '../../../../src/shared/mutf7.js';
import { loadFixture, replay } from './fixture.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

const corpus = [loadFixture('rfc3501-section8.txt'), loadFixture('rfc9051-examples.txt')];
const TOKENS = [
  '{5}\r\n',
  '~{3}\r\n',
  '{99999999999}\r\n',
  '(',
  ')',
  '"',
  '\\',
  '\r\n',
  ' ',
  'NIL',
  '[',
  ']',
  '\0',
  '* ',
  '+ ',
  'BODY[',
  '<1.2>',
  '-1',
  '\xff',
].map(enc);

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    token: fc.integer({ min: 0, max: TOKENS.length - 1 }),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 40 }),
  }),
);

function mutate(
  src: Uint8Array,
  ms: { kind: string; at: number; byte?: number; token?: number; length?: number }[],
): Uint8Array {
  let b = Array.from(src);
  for (const m of ms) {
    const at = m.at % (b.length + 1);
    if (m.kind === 'flip') b[Math.min(at, b.length - 1)] = m.byte!;
    else if (m.kind === 'insert') b = [...b.slice(0, at), ...TOKENS[m.token!]!, ...b.slice(at)];
    else b = [...b.slice(0, at), ...b.slice(at + m.length!)];
  }
  return Uint8Array.from(b);
}

describe('hostile input', () => {
  it('arbitrary bytes in arbitrary chunks: responses or MailErrors only', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (bytes, cuts) => {
          replay(chunked(bytes, cuts)); // replay rethrows anything that is not a MailError
          replay(chunked(bytes, cuts), {
            quirks: { extraSpaces: false, nilAnywhere: false, brokenAddresses: false },
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('mutated RFC transcripts: responses or MailErrors only, with any quirk set', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...corpus),
        fc.array(mutation, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.boolean(),
        (src, ms, cuts, quirks) => {
          const all = quirks
            ? {}
            : {
                quirks: {
                  missingText: false,
                  negativeNumbers: false,
                  extraSpaces: false,
                  nilAnywhere: false,
                  nulPadding: false,
                  lowercaseKeywords: false,
                  brokenAddresses: false,
                },
              };
          replay(chunked(mutate(src, ms), cuts), all, { limits: { maxLiteralBytes: 4096 } });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('frames identically however the bytes are chunked, limits and errors included', () => {
    const summary = (chunks: Uint8Array[]): string[] => {
      const f = new ImapFramer({
        limits: { maxLineBytes: 120, maxLiteralBytes: 64, maxResponseBytes: 400 },
      });
      const out: string[] = [];
      for (const c of chunks) {
        for (const e of f.feed(c)) {
          if (e.kind === 'message')
            out.push(`m:${Array.from(e.bytes).join(',')}:${JSON.stringify(e.literals)}`);
          else if (e.kind === 'error') out.push(`e:${e.error.code}:${e.fatal}:${e.tag ?? ''}`);
        }
      }
      return out;
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...corpus),
        fc.array(mutation, { maxLength: 8 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        (src, ms, cuts) => {
          const bytes = mutate(src, ms);
          expect(summary(chunked(bytes, cuts))).toEqual(summary([bytes]));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never reads literal bytes as protocol, whatever they contain', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 80 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (bodies, cuts) => {
          const parts: Uint8Array[] = [];
          bodies.forEach((body, i) => {
            parts.push(
              enc(`* ${i + 1} FETCH (UID ${i + 1} BODY[] {${body.length}}\r\n`),
              body,
              enc(')\r\n'),
            );
          });
          const all = Uint8Array.from(parts.flatMap((p) => Array.from(p)));
          const framer = new ImapFramer();
          const got: Uint8Array[] = [];
          for (const c of chunked(all, cuts)) {
            for (const e of framer.feed(c)) {
              expect(e.kind).toBe('message');
              if (e.kind !== 'message') continue;
              const r = decodeResponse(e, { quirks: { nulPadding: false } });
              if (r.kind !== 'untagged' || r.type !== 'fetch') throw new Error('expected FETCH');
              got.push(r.attributes.bodySections![0]!.data!);
            }
          }
          expect(got.map((g) => Array.from(g))).toEqual(bodies.map((b) => Array.from(b)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('survives deep nesting with a MailError instead of a stack overflow', () => {
    const deep = enc('* 1 FETCH (BODYSTRUCTURE ' + '('.repeat(5000) + '))\r\n');
    expect(replay([deep])).toEqual([{ error: 'ERR_PARSE' }]);
    const list = enc('* 1 FETCH (X-A ' + '('.repeat(100000) + ')\r\n');
    expect(replay([list])).toEqual([{ error: 'ERR_PARSE' }]);
  });
});

describe('modified UTF-7', () => {
  it('matches RFC 3501 §5.1.3 examples and known vectors', () => {
    expect(encodeModifiedUtf7('~peter/mail/台北/日本語')).toBe('~peter/mail/&U,BTFw-/&ZeVnLIqe-');
    expect(decodeModifiedUtf7('~peter/mail/&U,BTFw-/&ZeVnLIqe-')).toBe('~peter/mail/台北/日本語');
    expect(encodeModifiedUtf7('A&B')).toBe('A&-B');
    expect(decodeModifiedUtf7('&Jjo-!')).toBe('☺!');
    expect(encodeModifiedUtf7('😀')).toBe('&2D3eAA-');
  });

  it('rejects invalid encodings (caller keeps the raw name)', () => {
    for (const bad of ['&', '&Jjo', '&AGE-', '&2D0-', '&Jj!-', '&U,BTFw', '&3gA-'])
      expect(decodeModifiedUtf7(bad)).toBeNull();
  });

  it('round-trips any well-formed string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const e = encodeModifiedUtf7(s);
        expect(/^[\x20-\x7e]*$/.test(e)).toBe(true);
        expect(decodeModifiedUtf7(e)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});
