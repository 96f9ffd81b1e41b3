/**
 * ENVELOPE → Envelope with its caches must equal the plain mapping: RFC 2047 decoding of the
 * whole text, normalised flags without \Recent, the first `<id>`, group markers skipped.
 */
import { threadIdFor } from '../../../../src/shared/reading/threads.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeWordsCached,
  firstMessageId,
  imapFlags,
  shared,
  sharedEmail,
} from '../../../../src/backends/imap/ops/envelope-text.js';
import { hasAttachment, toEnvelope } from '../../../../src/backends/imap/ops/envelope.js';
import type { FetchedMessage } from '../../../../src/backends/imap/client/connection.js';
import type {
  BodyStructure,
  ImapAddress,
  ImapEnvelope,
} from '../../../../src/backends/imap/wire/types.js';
import { normalizeFlags } from '../../../../src/shared/flags.js';
import { decodeEncodedWords } from '../../../../src/shared/mime/encoded-words.js';

const WORDS = [
  '=?utf-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=',
  '=?utf-8?Q?Caf=C3=A9_cr=C3=A8me?=',
  '=?iso-8859-1?Q?Ni=F1o?=',
  '=?utf-8?B?44GT44KT?=',
  '=?utf-8?B?44G?=', // split multi-byte character, joined with the next word
  '=?x-unknown?Q?raw?=',
  '=?utf-8?Q?broken',
  '?=',
  '=?',
  'Re:',
  ' ',
  '  ',
  'plain',
  '#12',
];
const encodedText = fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }).map((a) => a.join(''));

describe('decodeWordsCached', () => {
  it('equals decodeEncodedWords on the whole text, first call and cached', () => {
    fc.assert(
      fc.property(encodedText, (text) => {
        const expected = decodeEncodedWords(text);
        expect(decodeWordsCached(text)).toBe(expected);
        expect(decodeWordsCached(text)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('shared', () => {
  it('returns an equal string, and stays correct past its bound', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 70 })), (words) => {
        for (const w of words) expect(shared([...w].join(''))).toBe(w);
      }),
    );
    for (let i = 0; i < 5000; i++)
      expect(shared(`user${i}@example.org`)).toBe(`user${i}@example.org`);
  });
});

describe('imapFlags', () => {
  it('normalises like normalizeFlags without \\Recent, a fresh array each time', () => {
    const flag = fc.constantFrom('\\Seen', '\\Recent', '\\recent', '$Forwarded', '$Junk', 'work');
    fc.assert(
      fc.property(fc.array(flag, { maxLength: 4 }), (raw) => {
        const expected = normalizeFlags(raw.filter((f) => f.toLowerCase() !== '\\recent'));
        const a = imapFlags(raw);
        const b = imapFlags(raw);
        expect(a).toEqual(expected);
        expect(b).toEqual(expected);
        expect(a).not.toBe(b);
      }),
    );
  });
});

describe('firstMessageId', () => {
  it('matches /<[^<>\\s]+>/', () => {
    const part = fc.constantFrom('<', '>', ' ', '\t', '\u00a0', 'a', '@', 'x.y', '<a@b>');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        expect(firstMessageId(text)).toBe(text.match(/<[^<>\s]+>/)?.[0]);
      }),
      { numRuns: 1000 },
    );
    expect(firstMessageId(null)).toBeUndefined();
  });
});

describe('toEnvelope', () => {
  const addr = (name: string | null, mailbox: string | null, host: string | null): ImapAddress => ({
    name,
    adl: null,
    mailbox,
    host,
  });
  const from = [addr('=?utf-8?Q?J=C3=B6rg?=', 'joerg', 'example.org')];
  const message = (sender: ImapAddress[]): FetchedMessage =>
    ({
      seq: 1,
      uid: 42,
      flags: ['\\Seen', '\\Recent'],
      rfc822Size: 10,
      envelope: {
        date: 'Mon, 1 Jan 2024 10:00:00 +0100',
        subject: 'Re: =?utf-8?Q?Caf=C3=A9?= #1',
        from,
        sender,
        replyTo: [],
        to: [
          addr(null, 'group', null),
          addr('  Bob ', 'bob', 'example.net'),
          addr(null, null, null),
        ],
        cc: [],
        bcc: [],
        inReplyTo: null,
        messageId: 'junk <m1@example.org> <m2@example.org>',
      },
    }) as FetchedMessage;

  it('maps every field', () => {
    const e = toEnvelope('INBOX', message(from));
    expect(e).toEqual({
      id: '42',
      mailbox: 'INBOX',
      flags: ['seen'],
      subject: 'Re: Café #1',
      from: [{ email: 'joerg@example.org', name: 'Jörg' }],
      sender: [{ email: 'joerg@example.org', name: 'Jörg' }],
      to: [{ email: 'bob@example.net', name: 'Bob' }],
      cc: [],
      bcc: [],
      size: 10,
      messageId: '<m1@example.org>',
      date: new Date('2024-01-01T09:00:00Z'),
      // no References or In-Reply-To: the message is its thread's root
      threadId: threadIdFor({ messageId: '<m1@example.org>' }),
    });
    expect(e.sender).not.toBe(e.from);
  });

  it('builds complete and partial envelopes with the same keys in the same order', () => {
    const complete = (drop: string | undefined): FetchedMessage => {
      const m = {
        ...message(from),
        internalDateParsed: new Date('2024-01-02T00:00:00Z'),
        bodyStructure: { multipart: false, type: 'text', subtype: 'plain' } as BodyStructure,
        preview: 'hello',
      } as FetchedMessage;
      const env: ImapEnvelope = {
        ...m.envelope!,
        replyTo: drop === 'replyTo' ? [] : from,
        inReplyTo: drop === 'inReplyTo' ? null : '<p@example.org>',
        date: drop === 'date' ? null : m.envelope!.date,
      };
      const out = { ...m, envelope: env } as FetchedMessage;
      if (drop === 'preview') delete out.preview;
      if (drop === 'receivedAt') delete out.internalDateParsed;
      return out;
    };
    const order = [
      'id',
      'mailbox',
      'flags',
      'subject',
      'from',
      'to',
      'cc',
      'bcc',
      'size',
      'sender',
      'replyTo',
      'messageId',
      'inReplyTo',
      'date',
      'receivedAt',
      'hasAttachment',
      'preview',
      'threadId',
    ];
    const full = toEnvelope('INBOX', complete(undefined));
    expect(Object.keys(full)).toEqual(order);
    expect(full.replyTo).toEqual(full.from);
    expect(full.replyTo).not.toBe(full.from);
    expect(full).toMatchObject({ inReplyTo: '<p@example.org>', hasAttachment: false });
    for (const drop of ['inReplyTo', 'date', 'replyTo', 'preview', 'receivedAt']) {
      const e = toEnvelope('INBOX', complete(drop));
      expect(Object.keys(e)).toEqual(order.filter((k) => k !== drop));
      // the thread id follows In-Reply-To, so it is compared on its own
      const {
        [drop]: _dropped,
        threadId: _t,
        ...rest
      } = full as unknown as Record<string, unknown>;
      const { threadId: _t2, ...got } = e as unknown as Record<string, unknown>;
      expect(e.threadId).toBe(threadIdFor(e));
      expect(got).toEqual(rest);
    }
  });

  it('decodes a Sender that differs from From on its own', () => {
    const e = toEnvelope('INBOX', message([addr('Alice', 'alice', 'example.org')]));
    expect(e.sender).toEqual([{ email: 'alice@example.org', name: 'Alice' }]);
  });

  it('finds attachments at any depth, disposition case-insensitively', () => {
    const leaf = (disposition?: string): BodyStructure =>
      ({
        multipart: false,
        type: 'text',
        subtype: 'plain',
        ...(disposition === undefined ? {} : { disposition: { type: disposition, params: {} } }),
      }) as unknown as BodyStructure;
    const multi = (...parts: BodyStructure[]): BodyStructure =>
      ({ multipart: true, subtype: 'mixed', parts }) as unknown as BodyStructure;
    expect(hasAttachment(multi(leaf(), multi(leaf('inline'), leaf('ATTACHMENT'))))).toBe(true);
    expect(hasAttachment(multi(leaf(), leaf('inline')))).toBe(false);
    expect(hasAttachment(undefined)).toBe(false);
  });
});

describe('sharedEmail', () => {
  it('is mailbox@host, one string per distinct address, and stays correct past its bound', () => {
    const a = sharedEmail('bob', 'example.net');
    expect(a).toBe('bob@example.net');
    expect(sharedEmail('bob', 'example.net')).toBe(a);
    expect(sharedEmail('bob', 'example.org')).toBe('bob@example.org');
    expect(sharedEmail('bo', 'b.example.net')).toBe('bo@b.example.net');
    for (let i = 0; i < 5000; i++)
      expect(sharedEmail(`u${i % 97}`, `h${i}.test`)).toBe(`u${i % 97}@h${i}.test`);
    const long = 'x'.repeat(70);
    expect(sharedEmail(long, 'example.net')).toBe(`${long}@example.net`);
  });
});
