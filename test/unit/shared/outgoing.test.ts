import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  deriveEnvelope,
  prepareMessage,
  stripBlindCopies,
  toCrlf,
} from '../../../src/shared/mime/outgoing.js';
import { parseHeaderText } from '../../../src/shared/mime/headers.js';
import { MailError } from '../../../src/shared/errors.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const envelopeOf = (header: string) => deriveEnvelope(parseHeaderText(header));

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MailError);
    expect((e as MailError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('deriveEnvelope', () => {
  it('takes MAIL FROM from the first From and RCPT TO from To + Cc + Bcc', () => {
    const env = envelopeOf(
      'From: Alice <alice@a.test>, Bob <bob@b.test>\nTo: c@c.test\nCc: d@d.test\nBcc: e@e.test\n',
    );
    expect(env).toEqual({ from: 'alice@a.test', to: ['c@c.test', 'd@d.test', 'e@e.test'] });
  });

  it('prefers Sender over From', () => {
    expect(envelopeOf('From: a@a.test\nSender: s@s.test\nTo: c@c.test\n').from).toBe('s@s.test');
  });

  it('flattens groups and ignores empty groups', () => {
    const env = envelopeOf(
      'From: a@a.test\nTo: Team: x@x.test, "Y, Jr." <y@y.test>;, undisclosed-recipients:;\n',
    );
    expect(env.to).toEqual(['x@x.test', 'y@y.test']);
  });

  it('decodes encoded-word display names without touching the address', () => {
    const env = envelopeOf(
      'From: =?UTF-8?B?SsO2cmc=?= <jorg@a.test>\nTo: =?ISO-8859-1?Q?Ren=E9?= <rene@b.test>\n',
    );
    expect(env).toEqual({ from: 'jorg@a.test', to: ['rene@b.test'] });
  });

  it('removes duplicates case-insensitively, keeping the first spelling', () => {
    const env = envelopeOf(
      'From: a@a.test\nTo: Bob@B.test, c@c.test\nCc: bob@b.test\nBcc: C@C.TEST\n',
    );
    expect(env.to).toEqual(['Bob@B.test', 'c@c.test']);
  });

  it('uses the newest Resent-* block when the message is being resent', () => {
    const env = envelopeOf(
      'Resent-From: r2@r.test\nResent-To: new@n.test\nResent-From: r1@r.test\nResent-To: old@o.test\nFrom: a@a.test\nTo: orig@o.test\n',
    );
    expect(env).toEqual({ from: 'r2@r.test', to: ['new@n.test'] });
  });

  it('converts internationalised domains to A-labels and keeps UTF-8 local parts', () => {
    const env = envelopeOf('From: a@bücher.example\nTo: jörg@müller.example\n');
    expect(env.from).toBe('a@xn--bcher-kva.example');
    expect(env.to).toEqual(['jörg@xn--mller-kva.example']);
  });

  it('refuses a message with no From', () => {
    expectCode(() => envelopeOf('To: c@c.test\n'), 'ERR_INVALID_ARGUMENT');
  });

  it('refuses a message with no recipient', () => {
    expectCode(
      () => envelopeOf('From: a@a.test\nTo: undisclosed-recipients:;\n'),
      'ERR_INVALID_ARGUMENT',
    );
  });

  it('refuses envelope addresses that could inject SMTP commands', () => {
    const header = parseHeaderText('From: a@a.test\nTo: b@b.test\n');
    expectCode(
      () =>
        deriveEnvelope(header, {
          envelope: { from: 'x@y.test>\r\nRCPT TO:<evil@e.test', to: ['b@b.test'] },
        }),
      'ERR_INVALID_ARGUMENT',
    );
    expectCode(
      () => deriveEnvelope(header, { envelope: { from: 'a@a.test', to: ['b@b.test\r\nDATA'] } }),
      'ERR_INVALID_ARGUMENT',
    );
  });

  it('uses an explicit envelope or reverse path over the header', () => {
    const header = parseHeaderText('From: a@a.test\nTo: b@b.test\n');
    expect(deriveEnvelope(header, { reversePath: 'bounce@a.test' })).toEqual({
      from: 'bounce@a.test',
      to: ['b@b.test'],
    });
    expect(deriveEnvelope(header, { envelope: { from: 'x@x.test', to: ['y@y.test'] } })).toEqual({
      from: 'x@x.test',
      to: ['y@y.test'],
    });
  });
});

describe('stripBlindCopies', () => {
  it('removes Bcc and Resent-Bcc with folded lines, keeps everything else byte for byte', () => {
    const raw = enc(
      'From: a@a.test\r\nBcc: x@x.test,\r\n y@y.test\r\nTo: b@b.test\r\nRESENT-BCC: z@z.test\r\nSubject: hi\r\n\r\nBcc: not a header\r\n',
    );
    expect(dec(stripBlindCopies(raw))).toBe(
      'From: a@a.test\r\nTo: b@b.test\r\nSubject: hi\r\n\r\nBcc: not a header\r\n',
    );
  });

  it('keeps 8-bit header and body bytes intact', () => {
    const raw = new Uint8Array([
      ...enc('Subject: '),
      0xe9,
      ...enc('\r\nBcc: x@x.test\r\n\r\n'),
      0xff,
      0x00,
      0x80,
    ]);
    const out = stripBlindCopies(raw);
    expect([...out]).toEqual([...enc('Subject: '), 0xe9, ...enc('\r\n\r\n'), 0xff, 0x00, 0x80]);
  });

  it('never leaves a Bcc field in the header for any header layout', () => {
    const field = fc.constantFrom(
      'Bcc',
      'bcc',
      'BCC',
      'Bcc ', // obsolete syntax: WSP before the colon (RFC 5322 §4.5.3)
      'bcc\t',
      'Resent-Bcc',
      'RESENT-bcc ',
      'To',
      'Cc',
      'Subject',
      'X-Bcc',
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(field, fc.stringMatching(/^[a-z@. ]{0,20}$/), fc.boolean()), {
          maxLength: 8,
        }),
        (fields) => {
          const header = fields
            .map(([n, v, fold]) => `${n}: ${v}${fold ? '\r\n\tcontinued' : ''}`)
            .join('\r\n');
          const out = dec(
            stripBlindCopies(
              enc(`From: a@a.test\r\n${header}${header === '' ? '' : '\r\n'}\r\nbody`),
            ),
          );
          const head = out.slice(0, out.indexOf('\r\n\r\n'));
          expect(head.split('\r\n').some((l) => /^(resent-)?bcc\s*:/i.test(l))).toBe(false);
          expect(out.endsWith('\r\n\r\nbody')).toBe(true);
          expect(head.split('\r\n').filter((l) => /^(to|cc|subject|x-bcc):/i.test(l)).length).toBe(
            fields.filter(([n]) => !/^(resent-)?bcc\s*$/i.test(n)).length,
          );
        },
      ),
    );
  });
});

describe('toCrlf', () => {
  it('turns bare LF and bare CR into CRLF and keeps CRLF', () => {
    expect(dec(toCrlf(enc('a\nb\r\nc\rd')))).toBe('a\r\nb\r\nc\r\nd');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\r', '\n', ' ') }), (s) => {
        const once = toCrlf(enc(s));
        expect(dec(toCrlf(once))).toBe(dec(once));
        expect(/\r(?!\n)|(?<!\r)\n/.test(dec(once))).toBe(false);
      }),
    );
  });
});

describe('prepareMessage', () => {
  it('normalises, strips Bcc, derives the envelope and reports 8-bit content', () => {
    const p = prepareMessage(
      'From: a@a.test\nTo: b@b.test\nBcc: c@c.test\nMessage-ID: <m1@a.test>\n\nhé\n',
    );
    expect(p.envelope).toEqual({ from: 'a@a.test', to: ['b@b.test', 'c@c.test'] });
    expect(new TextDecoder().decode(p.bytes)).toBe(
      'From: a@a.test\r\nTo: b@b.test\r\nMessage-ID: <m1@a.test>\r\n\r\nhé\r\n',
    );
    expect(p.eightBit).toBe(true);
    expect(p.messageId).toBe('m1@a.test');
  });

  it('refuses bytes that are not a message', () => {
    expectCode(() => prepareMessage('just some text without any header'), 'ERR_INVALID_ARGUMENT');
  });
});

describe('prepareMessage blind copies (property: order, case, folding, obsolete spelling, Resent-*)', () => {
  it('no blind recipient is left in the bytes, each one is in the envelope, the body is intact', () => {
    const blind = fc.constantFrom('Bcc', 'bcc', 'BCC ', 'Bcc\t', 'Resent-Bcc', 'resent-BCC ');
    const other = fc.constantFrom('To', 'Cc', 'Subject', 'X-Bcc', 'Resent-To');
    const field = fc.oneof(
      fc.tuple(blind, fc.integer({ min: 0, max: 99 }), fc.boolean()).map(([n, i, fold]) => ({
        line: `${n}: ${fold ? `hidden${i}@x.test,\r\n\thidden-fold${i}@x.test` : `hidden${i}@x.test`}`,
        blind: fold ? [`hidden${i}@x.test`, `hidden-fold${i}@x.test`] : [`hidden${i}@x.test`],
      })),
      fc.tuple(other, fc.integer({ min: 0, max: 99 })).map(([n, i]) => ({
        line: `${n}: seen${i}@y.test`,
        blind: [] as string[],
      })),
    );
    fc.assert(
      fc.property(fc.array(field, { maxLength: 8 }), fc.boolean(), (fields, bareLf) => {
        const resent = fields.some((f) => /^resent-/i.test(f.line));
        const lines = [
          ...(resent ? ['Resent-From: r@a.test'] : []),
          'From: a@a.test',
          'To: b@b.test',
          ...fields.map((f) => f.line),
        ];
        let raw = `${lines.join('\r\n')}\r\n\r\nBcc: body line\r\n`;
        if (bareLf) raw = raw.replace(/\r\n/g, '\n');
        const p = prepareMessage(raw);
        const out = dec(p.bytes);
        expect(out).not.toMatch(/hidden/);
        expect(out.endsWith('\r\n\r\nBcc: body line\r\n')).toBe(true);
        // Resent-* present: the envelope is the newest (first) resent block's (RFC 5322 §3.6.6).
        const expected = resent
          ? (fields.find((f) => /^resent-bcc/i.test(f.line))?.blind ?? [])
          : fields.flatMap((f) => f.blind);
        for (const e of expected) expect(p.envelope.to).toContain(e);
        expect(p.blindCopies).toBe(fields.some((f) => f.blind.length > 0));
      }),
    );
  });
});
