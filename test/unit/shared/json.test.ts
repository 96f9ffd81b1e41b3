import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MailError } from '../../../src/shared/errors.js';
import { KNOWN_FLAGS, normalizeFlags } from '../../../src/shared/flags.js';
import * as json from '../../../src/shared/json.js';
import type {
  Address,
  Envelope,
  EnvelopeDiff,
  EnvelopePage,
  Mailbox,
  MailboxDiff,
  SendResult,
  WatchEvent,
} from '../../../src/shared/types.js';
import { MAILBOX_ROLES } from '../../../src/shared/types.js';

// ---- arbitraries: every optional field present or absent, never `undefined` ----------------

const text = fc.string({ unit: 'grapheme', maxLength: 20 });
const date = fc.date({ noInvalidDate: true });
const count = fc.nat({ max: 1_000_000 });
const keyword = fc.stringMatching(/^[A-Za-z$][A-Za-z0-9_-]{0,10}$/);
const flagList = fc
  .array(fc.oneof(fc.constantFrom(...KNOWN_FLAGS), keyword), { maxLength: 5 })
  .map((f) => normalizeFlags(f));

const address: fc.Arbitrary<Address> = fc.record(
  { name: text, email: fc.emailAddress() },
  { noNullPrototype: true, requiredKeys: ['email'] },
);
const addresses = fc.array(address, { maxLength: 3 });

const mailbox: fc.Arbitrary<Mailbox> = fc.record(
  {
    id: text,
    name: text,
    path: fc.array(text, { maxLength: 3 }),
    role: fc.constantFrom(...MAILBOX_ROLES),
    total: count,
    unread: count,
  },
  { noNullPrototype: true, requiredKeys: ['id', 'name', 'path'] },
);

const envelope: fc.Arbitrary<Envelope> = fc.record(
  {
    id: text,
    mailbox: text,
    messageId: text,
    inReplyTo: text,
    references: fc.array(text, { maxLength: 3 }),
    threadId: text,
    flags: flagList,
    subject: text,
    from: addresses,
    sender: addresses,
    replyTo: addresses,
    to: addresses,
    cc: addresses,
    bcc: addresses,
    date,
    receivedAt: date,
    size: count,
    hasAttachment: fc.boolean(),
    preview: text,
  },
  {
    noNullPrototype: true,
    requiredKeys: ['id', 'mailbox', 'flags', 'subject', 'from', 'to', 'cc', 'bcc', 'size'],
  },
);

const envelopePage: fc.Arbitrary<EnvelopePage> = fc.record(
  {
    envelopes: fc.array(envelope, { maxLength: 3 }),
    page: fc.integer({ min: 1, max: 1000 }),
    pageSize: count,
    total: count,
  },
  { noNullPrototype: true, requiredKeys: ['envelopes', 'page', 'pageSize'] },
);

const mailboxDiff: fc.Arbitrary<MailboxDiff> = fc.record(
  {
    created: fc.array(mailbox, { maxLength: 3 }),
    updated: fc.array(mailbox, { maxLength: 3 }),
    removed: fc.array(text, { maxLength: 3 }),
    state: text,
  },
  { noNullPrototype: true },
);

const envelopeDiff: fc.Arbitrary<EnvelopeDiff> = fc.record(
  {
    added: fc.array(envelope, { maxLength: 3 }),
    removed: fc.array(text, { maxLength: 3 }),
    flagsChanged: fc.array(fc.record({ id: text, flags: flagList }, { noNullPrototype: true }), {
      maxLength: 3,
    }),
    reset: fc.boolean(),
    state: text,
  },
  { noNullPrototype: true },
);

const watchEvent: fc.Arbitrary<WatchEvent> = fc.oneof(
  fc.record(
    { type: fc.constant('added' as const), mailbox: text, envelope },
    { noNullPrototype: true },
  ),
  fc.record(
    { type: fc.constant('removed' as const), mailbox: text, id: text },
    { noNullPrototype: true },
  ),
  fc.record(
    {
      type: fc.constant('flags-changed' as const),
      mailbox: text,
      id: text,
      flags: flagList,
    },
    { noNullPrototype: true },
  ),
  fc.record({ type: fc.constant('reset' as const), mailbox: text }, { noNullPrototype: true }),
);

const sendResult: fc.Arbitrary<SendResult> = fc.record(
  {
    transport: fc.constantFrom('smtp', 'jmap'),
    messageId: text,
    envelope: fc.record(
      { from: text, to: fc.array(text, { maxLength: 3 }) },
      { noNullPrototype: true },
    ),
    accepted: fc.array(text, { maxLength: 3 }),
    rejected: fc.array(text, { maxLength: 3 }),
    raw: fc.uint8Array({ maxLength: 64 }),
    sentCopy: fc.record({ mailbox: text, id: text }, { noNullPrototype: true }),
    warnings: fc.array(text, { maxLength: 2 }),
  },
  { noNullPrototype: true, requiredKeys: ['transport', 'envelope', 'accepted', 'rejected', 'raw'] },
);

// ---- round trips ---------------------------------------------------------------------------

interface Codec<T> {
  arb: fc.Arbitrary<T>;
  to: (x: T) => unknown;
  from: (x: unknown) => T;
}
const codecs: Record<string, Codec<never>> = {
  Address: { arb: address, to: json.addressToJSON, from: json.addressFromJSON },
  Mailbox: { arb: mailbox, to: json.mailboxToJSON, from: json.mailboxFromJSON },
  Envelope: { arb: envelope, to: json.envelopeToJSON, from: json.envelopeFromJSON },
  EnvelopePage: { arb: envelopePage, to: json.envelopePageToJSON, from: json.envelopePageFromJSON },
  MailboxDiff: { arb: mailboxDiff, to: json.mailboxDiffToJSON, from: json.mailboxDiffFromJSON },
  EnvelopeDiff: { arb: envelopeDiff, to: json.envelopeDiffToJSON, from: json.envelopeDiffFromJSON },
  WatchEvent: { arb: watchEvent, to: json.watchEventToJSON, from: json.watchEventFromJSON },
  SendResult: { arb: sendResult, to: json.sendResultToJSON, from: json.sendResultFromJSON },
} as unknown as Record<string, Codec<never>>;

describe('JSON round trip', () => {
  for (const [name, codec] of Object.entries(codecs)) {
    it(`${name}: fromJSON(toJSON(x)) deep-equals x, through JSON text too`, () => {
      fc.assert(
        fc.property(codec.arb, (x) => {
          const plain = codec.to(x);
          expect(codec.from(plain)).toStrictEqual(x);
          const viaText = JSON.parse(JSON.stringify(plain)) as unknown;
          expect(codec.from(viaText)).toStrictEqual(x);
          expect(codec.from(JSON.stringify(plain))).toStrictEqual(x);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('writes Dates as ISO 8601 strings and raw bytes as base64', () => {
    const e = json.envelopeToJSON({
      id: '1',
      mailbox: 'INBOX',
      flags: [],
      subject: 's',
      from: [],
      to: [],
      cc: [],
      bcc: [],
      size: 3,
      date: new Date('2026-01-05T09:00:00Z'),
    });
    expect(e.date).toBe('2026-01-05T09:00:00.000Z');
    const r = json.sendResultToJSON({
      transport: 'smtp',
      envelope: { from: 'a@x', to: ['b@y'] },
      accepted: ['b@y'],
      rejected: [],
      raw: new TextEncoder().encode('Hi!\r\n'),
    });
    expect(r.raw).toBe('SGkhDQo=');
  });

  it('normalises flag spellings and accepts keywords on the way in', () => {
    const e = json.watchEventFromJSON({
      type: 'flags-changed',
      mailbox: 'm',
      id: '1',
      flags: ['$Label1', '\\Seen', '$flagged', 'seen'],
    });
    expect(e).toEqual({
      type: 'flags-changed',
      mailbox: 'm',
      id: '1',
      flags: ['seen', 'flagged', '$Label1'],
    });
  });

  it('accepts dates with an offset and ignores unknown keys', () => {
    const m = json.envelopeFromJSON({
      id: '1',
      mailbox: 'INBOX',
      flags: [],
      subject: 's',
      from: [],
      to: [],
      cc: [],
      bcc: [],
      size: 1,
      date: '2026-01-06T10:30:00+01:00',
      extra: 'ignored',
    });
    expect(m.date?.toISOString()).toBe('2026-01-06T09:30:00.000Z');
    expect('extra' in m).toBe(false);
  });

  it('refuses to serialise an invalid Date', () => {
    const bad = {
      id: '1',
      mailbox: 'm',
      flags: [],
      subject: '',
      from: [],
      to: [],
      cc: [],
      bcc: [],
      size: 0,
      date: new Date(NaN),
    };
    expect(() => json.envelopeToJSON(bad)).toThrow(MailError);
  });
});

// ---- bad input → ERR_PARSE naming the field -----------------------------------------------

function parseError(fn: () => unknown): MailError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MailError);
    expect((error as MailError).code).toBe('ERR_PARSE');
    return error as MailError;
  }
  throw new Error('expected ERR_PARSE');
}

describe('fromJSON rejects bad input with ERR_PARSE', () => {
  const good = json.envelopeToJSON({
    id: '1',
    mailbox: 'INBOX',
    flags: ['seen'],
    subject: 's',
    from: [{ email: 'a@example.org' }],
    to: [],
    cc: [],
    bcc: [],
    size: 10,
  });

  const cases: [what: string, input: unknown, path: string][] = [
    ['a missing field', { ...good, subject: undefined }, 'subject'],
    ['a wrong type', { ...good, size: '10' }, 'size'],
    ['a negative size', { ...good, size: -1 }, 'size'],
    ['a nested bad address', { ...good, from: [{ name: 'A' }] }, 'from.0.email'],
    ['a non-ISO date', { ...good, date: 'Mon, 05 Jan 2026 09:00:00 +0000' }, 'date'],
    ['an impossible date', { ...good, date: '2026-13-45T99:00:00Z' }, 'date'],
    ['a non-string flag', { ...good, flags: ['seen', 3] }, 'flags.1'],
    ['not an object', 42, ''],
  ];
  for (const [what, input, path] of cases) {
    it(`Envelope with ${what} → path '${path}'`, () => {
      const error = parseError(() => json.envelopeFromJSON(input));
      expect(error.details['path']).toBe(path);
      if (path !== '') expect(error.message).toContain(path);
    });
  }

  it('names the path inside a page and a diff', () => {
    const page = { envelopes: [good, { ...good, id: 7 }], page: 1, pageSize: 50 };
    expect(parseError(() => json.envelopePageFromJSON(page)).details['path']).toBe(
      'envelopes.1.id',
    );
    const diff = { added: [], removed: [], flagsChanged: [{ id: 'x' }], reset: false, state: 's' };
    expect(parseError(() => json.envelopeDiffFromJSON(diff)).details['path']).toBe(
      'flagsChanged.0.flags',
    );
  });

  it('rejects an unknown role, an unknown event type, bad base64 and malformed JSON text', () => {
    parseError(() => json.mailboxFromJSON({ id: 'a', name: 'a', path: [], role: 'spam' }));
    parseError(() => json.watchEventFromJSON({ type: 'exploded', mailbox: 'm' }));
    parseError(() =>
      json.sendResultFromJSON({
        transport: 'smtp',
        envelope: { from: '', to: [] },
        accepted: [],
        rejected: [],
        raw: 'not base64!',
      }),
    );
    parseError(() => json.mailboxDiffFromJSON('{"created": ['));
  });

  it('never throws anything but ERR_PARSE on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.string()), (value) => {
        for (const codec of Object.values(codecs)) {
          try {
            codec.from(value);
          } catch (error) {
            expect(error).toBeInstanceOf(MailError);
            expect((error as MailError).code).toBe('ERR_PARSE');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
