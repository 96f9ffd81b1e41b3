/**
 * Reading from bytes (shared/reading/from-bytes.ts): the reading corpus's text, html and
 * attachment metadata, attachment contents, bodies skipped or capped, bare-LF files, and the
 * RFC 2231 / transfer-encoding details underneath.
 */
import { describe, expect, it } from 'vitest';
import { decodeParameters, splitStructured } from '../../../src/shared/mime/parameters.js';
import { decodeTransfer, transferDecoder } from '../../../src/shared/mime/transfer-encoding.js';
import {
  attachmentFromBytes,
  readMessageFromBytes,
} from '../../../src/shared/reading/from-bytes.js';
import type { Envelope } from '../../../src/shared/types.js';
import { readingCorpus } from '../../scenarios/reading-corpus.js';

const envelope: Envelope = {
  id: '1',
  mailbox: 'INBOX',
  flags: [],
  subject: '',
  from: [],
  to: [],
  cc: [],
  bcc: [],
  size: 0,
};
const corpus = readingCorpus('unit');
const toLf = (b: Uint8Array): Uint8Array =>
  Buffer.from(Buffer.from(b).toString('latin1').replace(/\r\n/g, '\n'), 'latin1');

describe('readMessageFromBytes on the reading corpus', () => {
  for (const c of corpus) {
    for (const [label, raw] of [
      ['CRLF', c.raw],
      ['bare LF', toLf(c.raw)],
    ] as const) {
      it(`${c.key} (${label}): text, html and attachments`, () => {
        const m = readMessageFromBytes(envelope, raw);
        expect(m.text).toBe(c.text);
        expect(m.html).toBe(c.html);
        expect(m.attachments).toEqual(c.attachments);
        for (const [partId, bytes] of Object.entries(c.contents))
          expect(Buffer.from(attachmentFromBytes(raw, partId, 'test'))).toEqual(Buffer.from(bytes));
      });
    }
  }

  it('headers are decoded, in order', () => {
    const m = readMessageFromBytes(envelope, corpus[0]!.raw);
    expect(m.headers.slice(0, 4).map((h) => h.name)).toEqual(['date', 'message-id', 'from', 'to']);
    expect(m.headers.find((h) => h.name === 'from')?.value).toBe('Zoë Martin <zoe@example.org>');
  });

  it('bodies: false skips the bodies; maxBodyBytes caps them and says so', () => {
    const raw = corpus[0]!.raw;
    const bare = readMessageFromBytes(envelope, raw, { bodies: false });
    expect(bare.text).toBeUndefined();
    expect(bare.attachments).toHaveLength(2);
    const capped = readMessageFromBytes(envelope, raw, { maxBodyBytes: 7 });
    expect(capped.text).toBe('Bonjour');
    expect(capped.truncated).toBe(true);
  });

  it('an unknown part id is ERR_NOT_FOUND, and so is a multipart', () => {
    expect(() => attachmentFromBytes(corpus[0]!.raw, '9', 'test')).toThrow(
      expect.objectContaining({ code: 'ERR_NOT_FOUND' }),
    );
    expect(() => attachmentFromBytes(corpus[0]!.raw, '1', 'test')).toThrow(
      expect.objectContaining({ code: 'ERR_NOT_FOUND' }),
    );
  });
});

describe('MIME parameters (RFC 2231)', () => {
  it('joins continuations, decodes charsets, prefers the extended form', () => {
    const { params } = splitStructured(
      `attachment; filename="plain.txt"; filename*0*=utf-8''%E2%82; filename*1*=%AC%20x; filename*2=".txt"`,
    );
    expect(decodeParameters(params).get('filename')).toBe('€ x.txt');
  });
  it('decodes encoded-words in quoted values and keeps broken ones', () => {
    const { params } = splitStructured(`x; name="=?ISO-8859-1?Q?caf=E9?="; other="=?bogus?Q?x?="`);
    const p = decodeParameters(params);
    expect(p.get('name')).toBe('café');
    expect(p.get('other')).toBe('=?bogus?Q?x?=');
  });
});

describe('transfer decoding', () => {
  it('base64 split anywhere decodes the same, garbage skipped', () => {
    const text = Buffer.from('hello world, this is base64!').toString('base64');
    const d = transferDecoder('base64');
    const parts = [text.slice(0, 3), `${text.slice(3, 10)}\r\n*`, text.slice(10)];
    const out = Buffer.concat([...parts.map((p) => d.push(Buffer.from(p))), d.end()]);
    expect(out.toString()).toBe('hello world, this is base64!');
  });
  it('quoted-printable: soft breaks, trailing space, hard breaks as CRLF, split =XX', () => {
    const d = transferDecoder('quoted-printable');
    const out = Buffer.concat([
      d.push(Buffer.from('a=3')),
      d.push(Buffer.from('D b  \nc=\nd =ZZ')),
      d.end(),
    ]);
    expect(out.toString('latin1')).toBe('a= b\r\ncd =ZZ');
  });
  it('identity: bare LF becomes CRLF, also across chunks', () => {
    const d = transferDecoder('8bit');
    const out = Buffer.concat([d.push(Buffer.from('a\r')), d.push(Buffer.from('\nb\nc')), d.end()]);
    expect(out.toString()).toBe('a\r\nb\r\nc');
    expect(Buffer.from(decodeTransfer(Buffer.from('x\ny'), undefined)).toString()).toBe('x\r\ny');
  });
});
