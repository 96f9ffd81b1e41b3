/**
 * Decoder details not covered by the transcripts: partial origins, streamed literals, error
 * positions, mailbox name decoding modes, strictness when quirks are off.
 */
import { describe, expect, it } from 'vitest';
import { decodeResponse } from '../../../../src/backends/imap/wire/decoder.js';
import { ImapFramer } from '../../../../src/backends/imap/wire/framing.js';
import { parseDateTime } from '../../../../src/backends/imap/wire/decoder/fetch.js';
import type { ImapResponse } from '../../../../src/backends/imap/wire/types.js';
import { MailError } from '../../../../src/shared/errors.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const decode = (s: string, utf8Accept = false): ImapResponse =>
  decodeResponse(enc(s), { utf8Accept });
const fetchOf = (r: ImapResponse) => {
  if (r.kind !== 'untagged' || r.type !== 'fetch') throw new Error('expected FETCH');
  return r.attributes;
};
const parseError = (f: () => unknown): MailError => {
  try {
    f();
  } catch (e) {
    if (e instanceof MailError) return e;
    throw e;
  }
  throw new Error('expected a MailError');
};

describe('decoder details', () => {
  it('reads section origins and section specs with spaces', () => {
    const a = fetchOf(
      decode('* 1 FETCH (BODY[]<100> {3}\r\nabc BODY[HEADER.FIELDS (FROM TO)] NIL)\r\n'),
    );
    expect(a.bodySections).toEqual([
      { section: '', origin: 100, data: enc('abc') },
      { section: 'HEADER.FIELDS (FROM TO)', data: null },
    ]);
  });

  it('marks a streamed literal with its stream id and size', () => {
    const f = new ImapFramer({ streamLiteralsAbove: 2 });
    const events = f.feed(enc('* 1 FETCH (UID 3 BODY[] {5}\r\nhello)\r\n'));
    const m = events.at(-1)!;
    if (m.kind !== 'message') throw new Error('expected a message');
    expect(fetchOf(decodeResponse(m)).bodySections).toEqual([
      { section: '', data: new Uint8Array(), streamed: { id: 1, size: 5 } },
    ]);
  });

  it('reports ERR_PARSE with line and column of the offending byte', () => {
    const e = parseError(() => decode('* 1 FETCH (UID x)\r\n'));
    expect(e.code).toBe('ERR_PARSE');
    expect(e.details).toMatchObject({ line: 1, column: 16 });
    const e2 = parseError(() => decode('* 1 FETCH (BODY[] {2}\r\nab FLAGS (\\Seen) UID ?)\r\n'));
    expect(e2.details).toMatchObject({ line: 2 });
  });

  it('decodes mailbox names by mode and keeps invalid modified UTF-7 raw', () => {
    expect(decode('* LIST () "/" "Entw&APw-rfe"\r\n')).toMatchObject({
      list: { mailbox: 'Entwürfe', rawMailbox: 'Entw&APw-rfe' },
    });
    expect(decode('* LIST () "/" "Entw&APw-rfe"\r\n', true)).toMatchObject({
      list: { mailbox: 'Entw&APw-rfe' },
    });
    expect(decode('* LIST () "/" "Entwürfe"\r\n', true)).toMatchObject({
      list: { mailbox: 'Entwürfe' },
    });
    expect(decode('* LIST () "/" "a&b"\r\n')).toMatchObject({ list: { mailbox: 'a&b' } });
    expect(decode('* STATUS inbox (MESSAGES 1)\r\n')).toMatchObject({
      mailbox: 'INBOX',
      rawMailbox: 'inbox',
    });
  });

  it('is strict when quirks are off', () => {
    const strict = {
      quirks: {
        missingText: false,
        extraSpaces: false,
        negativeNumbers: false,
        nilAnywhere: false,
      },
    };
    for (const bad of [
      'A1 OK\r\n',
      '* 1 FETCH (UID 1 )\r\n',
      '* SEARCH 1  2\r\n',
      '* 1 FETCH (RFC822.SIZE -1)\r\n',
    ]) {
      expect(() => decodeResponse(enc(bad), strict)).toThrow(MailError);
    }
  });

  it('refuses input that is not exactly one response', () => {
    expect(parseError(() => decode('* 1 EXISTS\r\n* 2 EXISTS\r\n')).code).toBe('ERR_PARSE');
    expect(parseError(() => decode('* 1 EXISTS')).code).toBe('ERR_PARSE');
  });

  it('keeps unknown response codes and untagged responses with numbers raw', () => {
    expect(decode('* OK [X-SOMETHING 1 2 (3)] fine\r\n')).toMatchObject({
      code: { type: 'unknown', name: 'X-SOMETHING', text: '1 2 (3)' },
      text: 'fine',
    });
    expect(decode('* 5 XTHING foo\r\n')).toMatchObject({ type: 'unknown', name: '5 XTHING' });
    expect(decode('* OK [UIDVALIDITY abc] broken\r\n')).toMatchObject({
      code: { type: 'unknown', name: 'UIDVALIDITY', text: 'abc' },
    });
  });

  it('parses ESEARCH PARTIAL and INTERNALDATE with negative zone', () => {
    const r = decode('* ESEARCH (TAG "A1") UID PARTIAL (-1:-100 200:250,300)\r\n');
    expect(r).toMatchObject({
      esearch: {
        tag: 'A1',
        uid: true,
        partial: {
          range: '-1:-100',
          ids: [
            { start: 200, end: 250 },
            { start: 300, end: 300 },
          ],
        },
      },
    });
    expect(
      fetchOf(
        decode('* 1 FETCH (INTERNALDATE " 7-Feb-2024 23:30:00 -0130")\r\n'),
      ).internalDateParsed?.toISOString(),
    ).toBe('2024-02-08T01:00:00.000Z');
  });

  it('parses date-time strictly', () => {
    expect(parseDateTime('17-Jul-1996 02:44:25 -0700')?.toISOString()).toBe(
      '1996-07-17T09:44:25.000Z',
    );
    for (const bad of [
      '',
      'xx-Jan-2024 10:00:00 +0000',
      '01-Foo-2024 10:00:00 +0000',
      '01-Jan-2024 10:00:00 0000',
      '01-Jan-2024T10:00:00 +0000',
      '01-Jan-2024 10-00-00 +0000',
    ]) {
      expect(parseDateTime(bad)).toBeUndefined();
    }
  });
});
