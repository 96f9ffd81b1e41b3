/** Hand-built envelopes for the evaluator and sorter tests. */
import type { Envelope } from '../../../src/shared/types.js';

export function envelope(overrides: Partial<Envelope> & { id: string }): Envelope {
  return {
    mailbox: 'INBOX',
    flags: [],
    subject: '',
    from: [],
    to: [],
    cc: [],
    bcc: [],
    size: 0,
    ...overrides,
  };
}

export const alice = envelope({
  id: 'alice',
  subject: 'Re: Quarterly Report',
  from: [{ name: 'Alice Liddell', email: 'alice@example.org' }],
  to: [{ email: 'bob@example.com' }, { name: 'Carol', email: 'carol@example.net' }],
  cc: [{ email: 'dave@example.com' }],
  flags: ['seen', 'Work'],
  date: new Date('2023-01-01T10:00:00Z'),
  receivedAt: new Date('2023-01-01T10:05:00Z'),
  size: 4096,
  hasAttachment: true,
});

/** Late evening UTC on Jan 31: already Feb 1 east of UTC+2. */
export const late = envelope({
  id: 'late',
  subject: 'ÉTÉ café',
  from: [{ email: 'newsletter@shop.example' }],
  flags: ['flagged'],
  date: new Date('2023-01-31T23:30:00Z'),
  size: 100,
  hasAttachment: false,
});

/** No date, no addresses beyond from, no attachment information. */
export const bare = envelope({
  id: 'bare',
  subject: 'spam spam',
  from: [{ name: 'Nobody', email: 'x@y.z' }],
  size: 1024,
});
