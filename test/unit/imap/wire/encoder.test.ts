/**
 * Encoder: typed values only, CR/LF/NUL never inside quoted strings, literal forms gated on
 * capabilities (RFC 7888), and encode → decode round trips through our own decoder.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../../../src/backends/imap/wire/encoder.js';
import { decodeResponse } from '../../../../src/backends/imap/wire/decoder.js';
import { ImapFramer } from '../../../../src/backends/imap/wire/framing.js';
import * as v from '../../../../src/backends/imap/wire/values.js';
import type {
  CommandValue,
  EncoderCapabilities,
  EncodedCommand,
} from '../../../../src/backends/imap/wire/types.js';
import { isMailError } from '../../../../src/shared/errors.js';

const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const wire = (c: EncodedCommand): Uint8Array => {
  const total = c.segments.reduce((n, s) => n + s.bytes.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const s of c.segments) {
    out.set(s.bytes, at);
    at += s.bytes.length;
  }
  return out;
};
const texts = (c: EncodedCommand): [string, boolean][] =>
  c.segments.map((s) => [dec(s.bytes), s.waitForContinuation]);
const throwsCode = (f: () => unknown, code: string): void => {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(isMailError(caught) && caught.code).toBe(code);
};

describe('values', () => {
  it('validates sequence sets', () => {
    for (const ok of ['1', '1:*', '*', '$', '1,3:5,7:*', '4294967295'])
      expect(v.sequenceSet(ok).value).toBe(ok);
    expect(v.sequenceSet([1, [3, 5]]).value).toBe('1,3:5');
    for (const bad of [
      '',
      '0',
      '1:',
      ':2',
      '1,,2',
      '1 2',
      '1\r\nA2 LOGOUT',
      '$,1',
      '01',
      '4294967296',
      '-1',
      'a',
    ])
      throwsCode(() => v.sequenceSet(bad), 'ERR_INVALID_ARGUMENT');
  });

  it('validates atoms, flags, tokens, numbers and dates', () => {
    throwsCode(() => v.atom('a b'), 'ERR_INVALID_ARGUMENT');
    throwsCode(() => v.atom(''), 'ERR_INVALID_ARGUMENT');
    throwsCode(() => v.flagList(['\\Seen', 'bad flag']), 'ERR_INVALID_ARGUMENT');
    throwsCode(() => v.flagList(['x\r\n']), 'ERR_INVALID_ARGUMENT');
    throwsCode(() => v.token('BODY[HEADER'), 'ERR_INVALID_ARGUMENT');
    throwsCode(() => v.token('BODY[]\r\nA2 X'), 'ERR_INVALID_ARGUMENT');
    throwsCode(() => v.number(-1), 'ERR_INVALID_ARGUMENT');
    throwsCode(() => v.number(1.5), 'ERR_INVALID_ARGUMENT');
    throwsCode(() => v.date(new Date(Number.NaN)), 'ERR_INVALID_ARGUMENT');
    throwsCode(() => v.astring('\ud800'), 'ERR_INVALID_ARGUMENT');
    expect(v.token('BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100>').value).toContain('HEADER.FIELDS');
    expect(v.date(new Date('2024-03-05T10:20:30Z')).value).toBe('05-Mar-2024');
    expect(v.date(new Date('2024-03-05T10:20:30Z'), { withTime: true }).value).toBe(
      '05-Mar-2024 10:20:30 +0000',
    );
  });
});

describe('encodeCommand', () => {
  it('chooses atom, quoted or literal for astrings', () => {
    const c = encodeCommand('A1', 'LOGIN', [v.astring('alice'), v.astring('p"w\\d x')]);
    expect(texts(c)).toEqual([['A1 LOGIN alice "p\\"w\\\\d x"\r\n', false]]);
    expect(texts(encodeCommand('A1', 'X', [v.astring('')]))).toEqual([['A1 X ""\r\n', false]]);
  });

  it('sends CR/LF as a synchronising literal and waits for the continuation', () => {
    const c = encodeCommand('A1', 'LOGIN', [v.astring('bob'), v.astring('a\r\nA2 DELETE INBOX')]);
    expect(texts(c)).toEqual([
      ['A1 LOGIN bob {18}\r\n', true],
      ['a\r\nA2 DELETE INBOX\r\n', false],
    ]);
  });

  it('gates non-synchronising literals on LITERAL+, LITERAL- (≤ 4096) and IMAP4rev2', () => {
    const small = v.literal(new Uint8Array(10).fill(0x61));
    const big = v.literal(new Uint8Array(5000).fill(0x61));
    const marker = (caps: EncoderCapabilities, lit: CommandValue): string =>
      dec(encodeCommand('A', 'APPEND', [v.mailbox('INBOX'), lit], caps).segments[0]!.bytes).match(
        /~?\{\d+\+?\}/,
      )![0];
    expect(marker({}, small)).toBe('{10}');
    expect(marker({ literalPlus: true }, big)).toBe('{5000+}');
    expect(marker({ literalMinus: true }, small)).toBe('{10+}');
    expect(marker({ literalMinus: true }, big)).toBe('{5000}');
    expect(marker({ imap4rev2: true }, small)).toBe('{10+}');
    expect(marker({ imap4rev2: true }, big)).toBe('{5000}');
    expect(encodeCommand('A', 'APPEND', [big], { literalPlus: true }).segments).toHaveLength(1);
  });

  it('refuses NUL in strings; uses literal8 for NUL data only with BINARY', () => {
    throwsCode(
      () => encodeCommand('A', 'LOGIN', [v.astring('a\0b'), v.astring('x')]),
      'ERR_INVALID_ARGUMENT',
    );
    const data = v.literal(new Uint8Array([1, 0, 2]));
    throwsCode(() => encodeCommand('A', 'APPEND', [data]), 'ERR_INVALID_ARGUMENT');
    expect(dec(encodeCommand('A', 'APPEND', [data], { binary: true }).segments[0]!.bytes)).toBe(
      'A APPEND ~{3}\r\n',
    );
    throwsCode(
      () => encodeCommand('A', 'APPEND', [v.literal(new Uint8Array([1]), { binary: true })]),
      'ERR_UNSUPPORTED',
    );
  });

  it('sends 8-bit text as a literal unless UTF8=ACCEPT, and mailbox names in modified UTF-7', () => {
    expect(texts(encodeCommand('A', 'SEARCH', [v.atom('SUBJECT'), v.string('Grüße')]))[0]![0]).toBe(
      'A SEARCH SUBJECT {7}\r\n',
    );
    expect(
      texts(
        encodeCommand('A', 'SEARCH', [v.atom('SUBJECT'), v.string('Grüße')], { utf8Accept: true }),
      ),
    ).toEqual([['A SEARCH SUBJECT "Grüße"\r\n', false]]);
    expect(texts(encodeCommand('A', 'SELECT', [v.mailbox('Entwürfe & Co')]))).toEqual([
      ['A SELECT "Entw&APw-rfe &- Co"\r\n', false],
    ]);
    expect(
      texts(encodeCommand('A', 'SELECT', [v.mailbox('Entwürfe')], { utf8Accept: true })),
    ).toEqual([['A SELECT "Entwürfe"\r\n', false]]);
  });

  it('encodes lists, flags, dates, numbers and sequence sets', () => {
    const c = encodeCommand('A7', 'UID STORE', [
      v.sequenceSet('1:*'),
      v.atom('+FLAGS.SILENT'),
      v.flagList(['\\Seen', '$Junk']),
    ]);
    expect(texts(c)).toEqual([['A7 UID STORE 1:* +FLAGS.SILENT (\\Seen $Junk)\r\n', false]]);
    const d = encodeCommand('A8', 'UID FETCH', [
      v.sequenceSet('5'),
      v.list([v.atom('UID'), v.token('BODY.PEEK[HEADER]'), v.atom('MODSEQ')]),
      v.list([v.atom('CHANGEDSINCE'), v.number(12345678901234n)]),
    ]);
    expect(texts(d)[0]![0]).toBe(
      'A8 UID FETCH 5 (UID BODY.PEEK[HEADER] MODSEQ) (CHANGEDSINCE 12345678901234)\r\n',
    );
    expect(
      texts(
        encodeCommand('A9', 'APPEND', [
          v.mailbox('INBOX'),
          v.date(new Date(0), { withTime: true }),
          v.nstring(null),
        ]),
      )[0]![0],
    ).toBe('A9 APPEND INBOX "01-Jan-1970 00:00:00 +0000" NIL\r\n');
  });

  it('redacts sensitive values and literal contents from the log form', () => {
    const c = encodeCommand('A1', 'LOGIN', [
      v.astring('alice'),
      v.astring('hunter2', { sensitive: true }),
    ]);
    expect(c.redacted).not.toContain('hunter2');
    const l = encodeCommand('A1', 'LOGIN', [
      v.astring('alice'),
      v.astring('pw with\nnewline', { sensitive: true }),
    ]);
    expect(l.redacted).not.toContain('newline');
  });

  it('rejects bad tags and command names', () => {
    throwsCode(() => encodeCommand('A 1', 'NOOP', []), 'ERR_INVALID_ARGUMENT');
    throwsCode(() => encodeCommand('A+', 'NOOP', []), 'ERR_INVALID_ARGUMENT');
    throwsCode(() => encodeCommand('A1', 'NOOP\r\nA2 LOGOUT', []), 'ERR_INVALID_ARGUMENT');
  });
});

describe('properties', () => {
  const anyText = fc.string({ unit: 'binary', maxLength: 60 });
  const capsArb = fc.record({
    literalPlus: fc.boolean(),
    literalMinus: fc.boolean(),
    imap4rev2: fc.boolean(),
    utf8Accept: fc.boolean(),
    binary: fc.boolean(),
  });

  it('CR/LF/NUL in any string argument never produce a second command line', () => {
    fc.assert(
      fc.property(anyText, anyText, capsArb, (user, pass, caps) => {
        let c: EncodedCommand;
        try {
          c = encodeCommand('A1', 'LOGIN', [v.astring(user), v.string(pass)], caps);
        } catch (e) {
          expect(isMailError(e, 'ERR_INVALID_ARGUMENT')).toBe(true);
          return;
        }
        const framed = new ImapFramer().feed(wire(c));
        expect(framed).toHaveLength(1);
        expect(framed[0]!.kind === 'message' && framed[0]!.bytes.length).toBe(wire(c).length);
      }),
      { numRuns: 500 },
    );
  });

  it('astring and mailbox names round-trip through the decoder', () => {
    fc.assert(
      fc.property(anyText, anyText, fc.boolean(), (name, rights, utf8Accept) => {
        let c: EncodedCommand;
        try {
          c = encodeCommand('A1', 'MYRIGHTS', [v.mailbox(name), v.astring(rights)], { utf8Accept });
        } catch (e) {
          expect(isMailError(e, 'ERR_INVALID_ARGUMENT')).toBe(true);
          return;
        }
        // 'A1 MYRIGHTS …' → '* MYRIGHTS …': a valid untagged MYRIGHTS response
        const bytes = wire(c).subarray(1);
        bytes[0] = 0x2a;
        const r = decodeResponse(bytes, { utf8Accept });
        expect(r).toMatchObject({ kind: 'untagged', type: 'myrights', rights });
        if (r.kind === 'untagged' && r.type === 'myrights')
          expect(r.mailbox).toBe(name.toUpperCase() === 'INBOX' ? 'INBOX' : name);
      }),
      { numRuns: 500 },
    );
  });

  it('string and nstring round-trip through the decoder (quoted or literal)', () => {
    fc.assert(
      fc.property(anyText, fc.option(anyText), capsArb, (key, value, caps) => {
        let c: EncodedCommand;
        try {
          c = encodeCommand('A1', 'ID', [v.list([v.string(key), v.nstring(value)])], caps);
        } catch (e) {
          expect(isMailError(e, 'ERR_INVALID_ARGUMENT')).toBe(true);
          return;
        }
        const bytes = wire(c).subarray(1); // 'A1 ID (…)' → '* ID (…)'
        bytes[0] = 0x2a;
        const r = decodeResponse(bytes);
        if (r.kind !== 'untagged' || r.type !== 'id') throw new Error('expected ID');
        expect({ ...r.params }).toEqual({ [key]: value });
      }),
      { numRuns: 500 },
    );
  });

  it('sequence sets round-trip', () => {
    const range = fc.tuple(
      fc.integer({ min: 1, max: 0xffffffff }),
      fc.integer({ min: 1, max: 0xffffffff }),
    );
    fc.assert(
      fc.property(fc.array(range, { minLength: 1, maxLength: 20 }), (ranges) => {
        const set = v.sequenceSet(ranges.map(([a, b]) => (a === b ? a : ([a, b] as const))));
        const r = decodeResponse(new TextEncoder().encode(`* VANISHED ${set.value}\r\n`));
        expect(r).toMatchObject({
          type: 'vanished',
          uids: ranges.map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) })),
        });
      }),
    );
  });
});
