/**
 * Named server quirks (test/fixtures/imap/quirks/): each decodes with the quirks on, at every
 * split point, and — for the switchable ones — fails with ERR_PARSE (never anything else) when
 * its switch is off, which proves the switch is what makes it pass.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type {
  DecoderQuirks,
  ImapResponse,
  UntaggedResponse,
} from '../../../../src/backends/imap/wire/types.js';
import { FIXTURES, decodeAll, loadFixture, plain, replay } from './fixture.js';

type Fetch = Extract<UntaggedResponse, { type: 'fetch' }>;
const fetches = (rs: ImapResponse[]): Fetch[] =>
  rs.filter((r): r is Fetch => r.kind === 'untagged' && r.type === 'fetch');
const text = (b: Uint8Array | null | undefined): string =>
  new TextDecoder().decode(b ?? new Uint8Array());

const SWITCH: Record<string, keyof DecoderQuirks> = {
  'missing-text.txt': 'missingText',
  'negative-numbers.txt': 'negativeNumbers',
  'trailing-spaces.txt': 'extraSpaces',
  'nil-in-bodystructure.txt': 'nilAnywhere',
  'nul-padding.txt': 'nulPadding',
  'lowercase-keywords.txt': 'lowercaseKeywords',
  'exchange-envelope.txt': 'brokenAddresses',
};

const CHECKS: Record<string, (rs: ImapResponse[]) => void> = {
  'missing-text.txt': (rs) => {
    expect(rs[0]).toMatchObject({
      type: 'status',
      code: { type: 'HIGHESTMODSEQ', value: 2392n },
      text: '',
    });
    expect(rs[1]).toMatchObject({ code: { type: 'UIDNEXT', value: 5 }, text: '' });
    expect(rs[2]).toMatchObject({ kind: 'tagged', tag: 'A1', code: { type: 'READ-WRITE' } });
  },
  'negative-numbers.txt': (rs) => {
    expect(fetches(rs)[0]!.attributes.bodyStructure).toMatchObject({
      type: 'text',
      size: 0,
      lines: 0,
    });
  },
  'trailing-spaces.txt': (rs) => {
    expect(fetches(rs)[0]!.attributes).toEqual({ uid: 19436 });
    expect(rs[1]).toMatchObject({ type: 'mailboxStatus', values: { messages: 2, uidNext: 3 } });
    expect(rs[2]).toMatchObject({ type: 'search', ids: [1, 2, 3] });
    expect(rs[3]).toMatchObject({ type: 'capability', capabilities: ['IMAP4rev1', 'IDLE'] });
    expect(rs[4]).toMatchObject({ type: 'flags', flags: ['\\Seen', '\\Answered'] });
  },
  'bare-continuation.txt': (rs) => expect(rs).toEqual([{ kind: 'continuation', text: '' }]),
  'nil-in-bodystructure.txt': (rs) => {
    const [a, b] = fetches(rs);
    expect(a!.attributes.bodyStructure).toMatchObject({
      encoding: '',
      params: [{ name: 'charset', value: '' }],
    });
    expect(b!.attributes.bodyStructure).toMatchObject({
      multipart: true,
      subtype: 'alternative',
      params: [{ name: 'boundary', value: '' }],
    });
  },
  'nul-padding.txt': (rs) => {
    expect(rs[0]).toMatchObject({ type: 'exists', value: 3 });
    // NUL inside a literal is data and stays
    expect(Array.from(fetches(rs)[0]!.attributes.bodySections![0]!.data!)).toEqual([0x41, 0, 0x42]);
  },
  'literal-marker-in-text.txt': (rs) => {
    expect(rs.map((r) => (r.kind === 'untagged' ? r.type : r.kind))).toEqual([
      'status',
      'exists',
      'tagged',
      'continuation',
      'exists',
    ]);
    expect(rs[0]).toMatchObject({ text: 'Hello {5}' });
    expect(rs[2]).toMatchObject({
      status: 'NO',
      code: { type: 'ALERT' },
      text: 'quota exceeded {3}',
    });
  },
  'lowercase-keywords.txt': (rs) => {
    expect(rs[0]).toMatchObject({
      type: 'status',
      status: 'OK',
      code: { type: 'UIDNEXT', value: 5 },
    });
    expect(rs[1]).toMatchObject({ type: 'exists', value: 3 });
    expect(fetches(rs)[0]!.attributes).toMatchObject({
      uid: 7,
      flags: ['\\seen'],
      internalDateParsed: new Date('2024-01-01T10:00:00Z'),
    });
    expect(rs[3]).toMatchObject({ kind: 'tagged', status: 'OK' });
  },
  'gmail-labels.txt': (rs) => {
    expect(fetches(rs)[0]!.attributes).toEqual({
      gmLabels: ['\\Important', 'Work Stuff', 'Inbox', '\\Starred', 'Äpfel'],
      uid: 5,
    });
    expect(fetches(rs)[1]!.attributes).toEqual({ gmLabels: [], uid: 6 });
  },
  'exchange-envelope.txt': (rs) => {
    const env = fetches(rs)[0]!.attributes.envelope!;
    expect(env.from.map((a) => a.mailbox)).toEqual(['alice', 'bob']);
    expect(env.sender).toEqual([]);
    expect(env.to).toEqual([{ name: 'Carol', adl: null, mailbox: 'carol', host: null }]);
    expect(env.messageId).toBe('<id@x>');
  },
  'exchange-response-code.txt': (rs) => {
    expect(rs[0]).toMatchObject({
      code: { type: 'unknown', name: 'ERROR=', text: '"Command failed" Source="IMAP"' },
      text: 'done',
    });
    expect(rs[1]).toMatchObject({
      status: 'NO',
      code: { type: 'unknown', name: 'UNKNOWN-CODE', text: 'foo bar' },
      text: 'nope',
    });
  },
  'empty-param-list.txt': (rs) =>
    expect(fetches(rs)[0]!.attributes.bodyStructure).toMatchObject({ params: [], lines: 1 }),
  'eightbit-filename-literal.txt': (rs) => {
    expect(fetches(rs)[0]!.attributes.bodyStructure).toMatchObject({
      params: [{ name: 'name', value: 'Grüße.pdf' }],
      disposition: { type: 'attachment', params: [{ name: 'filename', value: 'x.pdf' }] },
    });
  },
  'exchange-flags-after-literal.txt': (rs) => {
    const a = fetches(rs)[0]!.attributes;
    expect(text(a.bodySections![0]!.data)).toBe('Hello');
    expect(a).toMatchObject({ uid: 5, flags: ['\\Seen'] });
  },
  'brackets-in-mailbox.txt': (rs) =>
    expect(rs[0]).toMatchObject({
      type: 'list',
      list: { mailbox: 'INBOX.[Airmail].Snooze', delimiter: '.' },
    }),
};

describe('server quirk fixtures', () => {
  const files = readdirSync(FIXTURES + 'quirks').filter((f) => f.endsWith('.txt'));

  it('has a check for every fixture', () => {
    expect(files.sort()).toEqual(Object.keys(CHECKS).sort());
  });

  for (const file of files) {
    describe(file, () => {
      const bytes = loadFixture('quirks/' + file);
      it('decodes as the server meant it', () => CHECKS[file]!(decodeAll(bytes)));
      it('decodes the same at every split point', () => {
        const whole = JSON.stringify(plain(replay([bytes])));
        for (let k = 1; k < bytes.length; k++) {
          expect(JSON.stringify(plain(replay([bytes.subarray(0, k), bytes.subarray(k)])))).toBe(
            whole,
          );
        }
      });
      const name = SWITCH[file];
      if (name !== undefined) {
        it(`fails cleanly with the ${name} switch off`, () => {
          const outcomes = replay([bytes], { quirks: { [name]: false } });
          expect(outcomes.some((o) => 'error' in o && o.error === 'ERR_PARSE')).toBe(true);
        });
      }
    });
  }
});
