/** composeReply / composeForward (shared/reading/compose-reply.ts), sent through SMTP's composer. */
import { describe, expect, it } from 'vitest';
import {
  composeForward,
  composeReply,
  prefixedSubject,
} from '../../../src/shared/reading/compose-reply.js';
import type { Message } from '../../../src/shared/types.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { composerInput } from '../../../src/backends/smtp/compose.js';

const original: Message = {
  id: '1',
  mailbox: 'INBOX',
  flags: [],
  subject: 'Re: Re: plans',
  from: [{ name: 'Ann', email: 'ann@example.org' }],
  to: [{ email: 'me@example.org' }, { email: 'bob@example.org' }],
  cc: [{ email: 'ME@example.org' }, { email: 'carl@example.org' }, { email: 'bob@example.org' }],
  bcc: [],
  size: 10,
  messageId: '<m2@x>',
  inReplyTo: '<m1@x>',
  references: ['<m0@x>', '<m1@x>'],
  date: new Date('2026-03-01T10:00:00Z'),
  headers: [],
  text: 'line one\n\nline two\n',
  attachments: [],
};

describe('composeReply', () => {
  it('threads, does not stack Re:, quotes', () => {
    const r = composeReply(original, { from: 'me@example.org', text: 'Sounds good.' });
    expect(r.subject).toBe('Re: plans');
    expect(r.to).toEqual([{ name: 'Ann', email: 'ann@example.org' }]);
    expect(r.cc).toBeUndefined();
    expect(r.inReplyTo).toBe('<m2@x>');
    expect(r.references).toEqual(['<m0@x>', '<m1@x>', '<m2@x>']);
    expect(r.text).toBe(
      'Sounds good.\n\nOn Sun, 01 Mar 2026 10:00:00 GMT, Ann <ann@example.org> wrote:\n> line one\n>\n> line two\n',
    );
  });
  it('reply-all leaves out the user (any case) and duplicates; Reply-To wins', () => {
    const r = composeReply(
      { ...original, replyTo: [{ email: 'list@example.org' }] },
      { from: 'Me <me@example.org>', all: true, quote: false },
    );
    expect(r.to).toEqual([{ email: 'list@example.org' }]);
    expect(r.cc).toEqual([{ email: 'bob@example.org' }, { email: 'carl@example.org' }]);
  });
  it("a reply to one's own message goes to its recipients", () => {
    const r = composeReply(
      { ...original, from: [{ email: 'me@example.org' }], to: [{ email: 'bob@example.org' }] },
      { from: 'me@example.org' },
    );
    expect(r.to).toEqual([{ email: 'bob@example.org' }]);
    const self = composeReply(
      { ...original, from: [{ email: 'me@example.org' }], to: [{ email: 'me@example.org' }] },
      { from: 'me@example.org' },
    );
    expect(self.to).toEqual([{ email: 'me@example.org' }]);
    expect(() =>
      composeReply(
        { ...original, from: [], replyTo: [], to: [], cc: [] },
        { from: 'me@example.org' },
      ),
    ).toThrow(/no one to reply to/);
  });
});

describe('composeForward', () => {
  it('inline, with Fwd: once', () => {
    const f = composeForward(
      { ...original, subject: 'Fwd: plans' },
      { from: 'me@example.org', to: ['dan@example.org'] },
    );
    expect(f.subject).toBe('Fwd: plans');
    expect(f.text).toContain(
      '---------- Forwarded message ----------\nFrom: Ann <ann@example.org>',
    );
    expect(f.text).toContain('line two');
  });
  it('as message/rfc822, which the SMTP composer builds', async () => {
    const raw = Buffer.from('Subject: plans\r\n\r\nhi\r\n');
    const f = composeForward(original, {
      from: 'me@example.org',
      to: ['dan@example.org'],
      attach: true,
      raw,
    });
    expect(f.attachments?.[0]).toMatchObject({
      contentType: 'message/rfc822',
      filename: 'plans.eml',
    });
    const built = await new MailComposer(composerInput(f) as never).compile().build();
    const text = built.toString();
    expect(text).toMatch(/Content-Type: message\/rfc822/);
    expect(text).toContain('Subject: Fwd: plans');
  });
  it('prefixes never stack, whatever the language', () => {
    expect(prefixedSubject('Re', 'AW: Re: x')).toBe('Re: x');
    expect(prefixedSubject('Fwd', 'Fw: Re: x')).toBe('Fwd: x');
  });
});
