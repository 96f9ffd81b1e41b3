import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeEncodedWords,
  envelopeFromHeaderBytes,
  findHeaderEnd,
  parseAddressList,
  parseHeaderBlock,
  parseHeaderText,
  parseMailDate,
} from '../../../src/shared/mime/index.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('header block', () => {
  it('finds the end with CRLF and LF line ends', () => {
    expect(findHeaderEnd(bytes('A: b\r\n\r\nbody'))).toBe(8);
    expect(findHeaderEnd(bytes('A: b\n\nbody'))).toBe(6);
    expect(findHeaderEnd(bytes('A: b\r\nC: d'))).toBe(-1);
    expect(findHeaderEnd(bytes('\nbody'))).toBe(1);
  });

  it('ends where the first empty line (LF LF or LF CR LF) ends, on any bytes', () => {
    // The definition, one line at a time: what the native-search version must equal.
    const byLines = (b: Uint8Array): number => {
      if (b[0] === 10) return 1;
      if (b[0] === 13 && b[1] === 10) return 2;
      for (let i = 0; i + 1 < b.length; i++) {
        if (b[i] !== 10) continue;
        if (b[i + 1] === 10) return i + 2;
        if (b[i + 1] === 13 && b[i + 2] === 10) return i + 3;
      }
      return -1;
    };
    const alphabet = fc.constantFrom(10, 13, 32, 58, 65, 0xc3);
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 40 }).map((a) => Uint8Array.from(a)),
        (b) => {
          expect(findHeaderEnd(b)).toBe(byLines(b));
          const shifted = new Uint8Array(b.length + 3);
          shifted.set(b, 3);
          expect(findHeaderEnd(shifted.subarray(3))).toBe(byLines(b)); // a view at an offset
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('parses bytes: folding, obs-FWS before the colon, only the wanted fields', () => {
    const block = bytes(
      'Received: from a\r\n\tby b\r\nSubject : folded\r\n  twice\r\nX-Skip: 1\r\nFrom: a@b\r\n\r\nFrom: body@x\r\n',
    );
    const map = parseHeaderBlock(block, new Set(['subject', 'from']));
    expect([...map.entries()]).toEqual([
      ['subject', ['folded  twice']],
      ['from', ['a@b']],
    ]);
    expect(parseHeaderBlock(block).get('received')).toEqual(['from a\tby b']);
  });

  it('unfolds continuation lines and keeps repeated fields', () => {
    const map = parseHeaderText('Subject: one\r\n two\r\nTo: a@x\r\nTo: b@y\r\n\r\nBody: no');
    expect(map.get('subject')).toEqual(['one two']);
    expect(map.get('to')).toEqual(['a@x', 'b@y']);
    expect(map.has('body')).toBe(false);
  });
});

describe('encoded words (RFC 2047)', () => {
  it('decodes Q and B, joins adjacent words and split multibyte characters', () => {
    expect(decodeEncodedWords('=?utf-8?Q?Gr=C3=BC=C3=9Fe_aus?= Köln')).toBe('Grüße aus Köln');
    expect(decodeEncodedWords('=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?=')).toBe('éé');
    // "é" = C3 A9 split across two words
    expect(decodeEncodedWords('=?utf-8?Q?=C3?= =?utf-8?Q?=A9?=')).toBe('é');
    expect(decodeEncodedWords('=?iso-8859-1?q?caf=E9?=')).toBe('café');
  });

  it('keeps broken words raw', () => {
    expect(decodeEncodedWords('=?x-nonsense?Q?abc?=')).toBe('=?x-nonsense?Q?abc?=');
    expect(decodeEncodedWords('=?utf-8?B?###?=')).toBe('=?utf-8?B?###?=');
    expect(decodeEncodedWords('plain =?utf-8?Q?ok?')).toBe('plain =?utf-8?Q?ok?');
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(typeof decodeEncodedWords(s)).toBe('string');
      }),
    );
  });
});

describe('addresses (RFC 5322 §3.4)', () => {
  it('parses names, quoted names, comments, groups and routes', () => {
    expect(
      parseAddressList(
        '"Doe, John" <john@x.org>, plain@y.org, bob@z.org (Bob B), team: a@t.org, "B \\"q\\"" <b@t.org>;, <@relay:c@r.org>',
      ),
    ).toEqual([
      { name: 'Doe, John', email: 'john@x.org' },
      { email: 'plain@y.org' },
      { name: 'Bob B', email: 'bob@z.org' },
      { email: 'a@t.org' },
      { name: 'B "q"', email: 'b@t.org' },
      { email: 'c@r.org' },
    ]);
    expect(parseAddressList('undisclosed-recipients:;')).toEqual([]);
    expect(parseAddressList('=?utf-8?Q?J=C3=BCrgen?= <j@x.de>')).toEqual([
      { name: 'Jürgen', email: 'j@x.de' },
    ]);
  });
});

describe('dates (RFC 5322 §3.3, §4.3)', () => {
  it('parses modern and obsolete forms', () => {
    expect(parseMailDate('Tue, 1 Jul 2003 10:52:37 +0200')?.toISOString()).toBe(
      '2003-07-01T08:52:37.000Z',
    );
    expect(parseMailDate('1 Jul 03 10:52 EDT')?.toISOString()).toBe('2003-07-01T14:52:00.000Z');
    expect(parseMailDate('Fri, 21 Nov 97 09:55:06 GMT')?.toISOString()).toBe(
      '1997-11-21T09:55:06.000Z',
    );
    expect(parseMailDate('Thu, 13 Feb 1969 23:32 -0330 (Newfoundland Time)')?.toISOString()).toBe(
      '1969-02-14T03:02:00.000Z',
    );
    expect(parseMailDate('21 November 2026 10:00:00 +0000')?.toISOString()).toBe(
      '2026-11-21T10:00:00.000Z',
    );
  });

  it('rejects garbage and impossible dates', () => {
    expect(parseMailDate('yesterday')).toBeUndefined();
    expect(parseMailDate('31 Feb 2020 10:00:00 +0000')).toBeUndefined();
    expect(parseMailDate(undefined)).toBeUndefined();
  });
});

describe('envelope from headers', () => {
  it('builds the header part of an envelope', () => {
    const env = envelopeFromHeaderBytes(
      bytes(
        'From: Alice <alice@x.org>\r\nTo: bob@y.org\r\nSubject: =?utf-8?B?SGVsbG8=?= world\r\n' +
          'Message-ID: <m1@x.org>\r\nReferences: <a@x> <b@x>\r\nIn-Reply-To: <b@x>\r\n' +
          'Date: Sat, 21 Nov 2026 10:00:00 +0000\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\nbody',
      ),
    );
    expect(env).toMatchObject({
      subject: 'Hello world',
      from: [{ name: 'Alice', email: 'alice@x.org' }],
      to: [{ email: 'bob@y.org' }],
      messageId: '<m1@x.org>',
      inReplyTo: '<b@x>',
      references: ['<a@x>', '<b@x>'],
      // headers alone: only a top-level disposition decides; a multipart body is scanned by
      // the stores (shared/attachment-reads.ts), not here
      hasAttachment: false,
    });
    expect(env.date?.toISOString()).toBe('2026-11-21T10:00:00.000Z');
  });

  it('is best effort on binary and 8-bit junk', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (junk) => {
        const env = envelopeFromHeaderBytes(junk);
        expect(typeof env.subject).toBe('string');
      }),
    );
    const latin = Uint8Array.from([...bytes('Subject: caf'), 0xe9, 0x0a, 0x0a]);
    expect(envelopeFromHeaderBytes(latin).subject).toBe('café');
  });
});
