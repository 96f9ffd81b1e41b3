/**
 * Fixed RFC 5322 test messages for the storage scenarios. Lines end in CRLF (RFC 5322 §2.1);
 * every Date header is distinct so "newest first" has one right answer; Message-IDs carry the
 * run id so messages of concurrent runs never collide (RFC 5322 §3.6.4 uniqueness).
 */
import type { Address, Flag } from '../../src/shared/types.js';

export interface TestMessage {
  /** Short handle used by the scenarios. */
  key: string;
  raw: string;
  /** Expected decoded values on the envelope. */
  subject: string;
  from: Address[];
  to: Address[];
  cc: Address[];
  date: Date;
  messageId: string;
  /** Flags given to addMessage. */
  flags: Flag[];
}

const crlf = (lines: string[]): string => lines.join('\r\n') + '\r\n';

interface Spec {
  key: string;
  /** Header value as it appears on the wire (may be RFC 2047 encoded). */
  subjectHeader: string;
  subject: string;
  fromHeader: string;
  from: Address[];
  toHeader: string;
  to: Address[];
  ccHeader?: string;
  cc?: Address[];
  dateHeader: string;
  date: string;
  flags: Flag[];
  extraHeaders?: string[];
  body: string[];
}

const SPECS: Spec[] = [
  {
    key: 'report',
    subjectHeader: 'Quarterly report',
    subject: 'Quarterly report',
    fromHeader: 'Alice Example <alice@example.org>',
    from: [{ name: 'Alice Example', email: 'alice@example.org' }],
    toHeader: 'Bob Builder <bob@example.net>',
    to: [{ name: 'Bob Builder', email: 'bob@example.net' }],
    dateHeader: 'Mon, 05 Jan 2026 09:00:00 +0000',
    date: '2026-01-05T09:00:00Z',
    flags: [],
    body: ['Hi Bob,', '', 'the quarterly numbers are attached in spirit.', '', 'Alice'],
  },
  {
    key: 'greetings',
    // RFC 2047 §4.1 B-encoding of "Grüße aus Köln" and §4.2 Q-encoding of "Jürgen Müller".
    subjectHeader: '=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=',
    subject: 'Grüße aus Köln',
    fromHeader: '=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>',
    from: [{ name: 'Jürgen Müller', email: 'juergen@example.de' }],
    toHeader: 'alice@example.org',
    to: [{ email: 'alice@example.org' }],
    dateHeader: 'Tue, 06 Jan 2026 10:30:00 +0100',
    date: '2026-01-06T09:30:00Z',
    flags: ['seen'],
    extraHeaders: ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'],
    body: ['Hallo Alice,', '', 'viele Grüße aus Köln!', '', 'Jürgen'],
  },
  {
    key: 'lunch',
    subjectHeader: 'Lunch on Friday?',
    subject: 'Lunch on Friday?',
    fromHeader: '"Carol Q. Public" <carol@example.com>',
    from: [{ name: 'Carol Q. Public', email: 'carol@example.com' }],
    toHeader: 'bob@example.net',
    to: [{ email: 'bob@example.net' }],
    ccHeader: 'Alice Example <alice@example.org>',
    cc: [{ name: 'Alice Example', email: 'alice@example.org' }],
    dateHeader: 'Wed, 07 Jan 2026 12:15:00 -0500',
    date: '2026-01-07T17:15:00Z',
    flags: ['seen', 'flagged'],
    body: ['Anyone up for lunch on Friday?', '', 'Carol'],
  },
  {
    key: 'reply',
    subjectHeader: 'Re: Quarterly report',
    subject: 'Re: Quarterly report',
    fromHeader: 'Bob Builder <bob@example.net>',
    from: [{ name: 'Bob Builder', email: 'bob@example.net' }],
    toHeader: 'Alice Example <alice@example.org>',
    to: [{ name: 'Alice Example', email: 'alice@example.org' }],
    dateHeader: 'Thu, 08 Jan 2026 08:00:00 +0000',
    date: '2026-01-08T08:00:00Z',
    flags: ['answered', 'seen'],
    body: ['> the quarterly numbers are attached in spirit.', '', 'Thanks, looks good.', '', 'Bob'],
  },
  {
    key: 'minutes',
    subjectHeader: 'Minutes of the planning meeting',
    subject: 'Minutes of the planning meeting',
    fromHeader: 'Alice Example <alice@example.org>',
    from: [{ name: 'Alice Example', email: 'alice@example.org' }],
    toHeader: 'team@example.org',
    to: [{ email: 'team@example.org' }],
    dateHeader: 'Fri, 09 Jan 2026 16:45:00 +0000',
    date: '2026-01-09T16:45:00Z',
    flags: ['seen'],
    body: ['Minutes:', '', '1. Ship it.', '2. Celebrate.'],
  },
];

/** Build the message set for one run; `runId` makes the Message-IDs unique. */
export function buildMessages(runId: string): TestMessage[] {
  return SPECS.map((spec) => {
    const messageId = `<${spec.key}.${runId}@mailroom.test>`;
    const headers = [
      `Date: ${spec.dateHeader}`,
      `From: ${spec.fromHeader}`,
      `To: ${spec.toHeader}`,
      ...(spec.ccHeader === undefined ? [] : [`Cc: ${spec.ccHeader}`]),
      `Subject: ${spec.subjectHeader}`,
      `Message-ID: ${messageId}`,
      ...(spec.key === 'reply' ? [`In-Reply-To: <report.${runId}@mailroom.test>`] : []),
      'MIME-Version: 1.0',
      ...(spec.extraHeaders ?? ['Content-Type: text/plain; charset=us-ascii']),
    ];
    return {
      key: spec.key,
      raw: crlf([...headers, '', ...spec.body]),
      subject: spec.subject,
      from: spec.from,
      to: spec.to,
      cc: spec.cc ?? [],
      date: new Date(spec.date),
      messageId,
      flags: spec.flags,
    };
  });
}

/** A message with a given subject, for watch/diff scenarios that need one more. */
export function extraMessage(runId: string, subject: string, dateIso: string): string {
  const date = new Date(dateIso).toUTCString().replace('GMT', '+0000');
  return crlf([
    `Date: ${date}`,
    'From: Dave Extra <dave@example.org>',
    'To: alice@example.org',
    `Subject: ${subject}`,
    `Message-ID: <extra.${subject.replace(/[^A-Za-z0-9]/g, '')}.${runId}@mailroom.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    `This message is about ${subject}.`,
  ]);
}

/** Servers may store LF-only input as CRLF (IMAP APPEND, RFC 9051 §2.2.1); compare with CRLF. */
export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
