import { describe, expect, it } from 'vitest';
import {
  matchesEnvelopeOnly,
  matchesFilter,
  matchesFilterSync,
  needsContent,
  parseSearchQuery,
} from '../../../src/shared/search/index.js';
import type { Envelope } from '../../../src/shared/types.js';
import { alice, bare, late } from './envelopes.js';

const HEADERS: Record<string, string> = {
  alice:
    'From: Alice Liddell <alice@example.org>\r\nList-Id: <dev.lists.example.org>\r\nX-Long: first\r\n\tsecond part\r\nSubject: Re: Quarterly Report\r\n\r\n',
  late: 'From: newsletter@shop.example\nX-Spam-Flag: YES\n',
  bare: 'From: Nobody <x@y.z>\r\n',
};
const BODIES: Record<string, string> = {
  alice: 'Please find the Q4 numbers attached.',
  late: 'Summer SALE — everything 50% off',
  bare: '',
};
const provider = {
  headers: (e: Envelope) => HEADERS[e.id] ?? '',
  bodyText: (e: Envelope) => Promise.resolve(BODIES[e.id] ?? ''),
};
const syncProvider = { headers: provider.headers, bodyText: (e: Envelope) => BODIES[e.id] ?? '' };

const all = [alice, late, bare];

/** [query, ids that match] — over alice, late, bare. */
const cases: [string, string[]][] = [
  ['date 2023-01-01', ['alice']],
  ['not date 2023-01-01', ['late', 'bare']],
  ['date 2023-01-01 or from shop', ['alice', 'late']],
  ['not date 2023-01-01 and not from shop', ['bare']],
  ['before 2023-01-31', ['alice']],
  ['before 2023-02-01', ['alice', 'late']],
  ['after 2023-01-01', ['late']],
  ['since 2023-01-01', ['alice', 'late']],
  ['since 2023-02-01', []],
  ['not since 2023-01-02', ['alice', 'bare']],
  ['from alice', ['alice']],
  ['from LIDDELL', ['alice']],
  ['from EXAMPLE.ORG', ['alice']],
  ['from nobody', ['bare']],
  ['to carol', ['alice']],
  ['to example.com', ['alice']],
  ['to bob', ['alice']],
  ['cc dave', ['alice']],
  ['bcc anyone', []],
  ['from ""', ['alice', 'late', 'bare']],
  ['to ""', ['alice']],
  ['subject report', ['alice']],
  ['subject "re: quarterly"', ['alice']],
  ['subject été', ['late']],
  ['subject CAFÉ', ['late']],
  ['flag seen', ['alice']],
  ['flag \\Seen', ['alice']],
  ['flag work', ['alice']],
  ['not flag seen', ['late', 'bare']],
  ['flag flagged or flag seen', ['alice', 'late']],
  ['larger 1k', ['alice']],
  ['larger 1023', ['alice', 'bare']],
  ['smaller 1k', ['late']],
  ['smaller 4096', ['late', 'bare']],
  ['has attachment', ['alice']],
  ['not has attachment', ['late', 'bare']],
  ['body q4', ['alice']],
  ['body "50% OFF"', ['late']],
  ['not body sale', ['alice', 'bare']],
  ['text nobody', ['bare']],
  ['text sale', ['late']],
  ['header list-id dev.lists', ['alice']],
  ['header X-Spam-Flag ""', ['late']],
  ['header X-Long "first second"', ['alice']],
  ['not header X-Spam-Flag yes', ['alice', 'bare']],
  ['from alice body q4', ['alice']],
  ['from shop or body q4', ['alice', 'late']],
  ['(from alice or from nobody) and not subject spam', ['alice']],
  ['', ['alice', 'late', 'bare']],
];

describe('matchesFilter over hand-built envelopes', () => {
  it.each(cases)('%s', async (input, ids) => {
    const { filter } = parseSearchQuery(input);
    const got: string[] = [];
    for (const e of all) if (await matchesFilter(filter, e, provider)) got.push(e.id);
    expect(got).toEqual(ids);
    const sync = all.filter((e) => matchesFilterSync(filter, e, syncProvider)).map((e) => e.id);
    expect(sync).toEqual(ids);
  });
});

describe('dates use the UTC day unless an offset is given', () => {
  it('takes the calendar day at the given offset east of UTC', () => {
    const { filter } = parseSearchQuery('date 2023-02-01');
    expect(matchesEnvelopeOnly(filter, late)).toBe(false);
    expect(matchesEnvelopeOnly(filter, late, { timezoneOffsetMinutes: 120 })).toBe(true);
    expect(matchesEnvelopeOnly(filter, late, { timezoneOffsetMinutes: -300 })).toBe(false);
  });

  it('never matches a missing or invalid date, and `not` of it is true', () => {
    const invalid = { ...late, date: new Date(Number.NaN) };
    for (const q of [
      'date 2023-01-31',
      'before 2999-01-01',
      'after 1000-01-01',
      'since 1000-01-01',
    ]) {
      const { filter } = parseSearchQuery(q);
      expect(matchesEnvelopeOnly(filter, bare)).toBe(false);
      expect(matchesEnvelopeOnly(filter, invalid)).toBe(false);
      expect(matchesEnvelopeOnly({ type: 'not', child: filter! }, bare)).toBe(true);
    }
  });
});

describe('three-valued envelope-only evaluation', () => {
  it('decides without content when the envelope settles the answer', () => {
    expect(matchesEnvelopeOnly(parseSearchQuery('from shop and body q4').filter, alice)).toBe(
      false,
    );
    expect(matchesEnvelopeOnly(parseSearchQuery('from alice or body x').filter, alice)).toBe(true);
    expect(
      matchesEnvelopeOnly(parseSearchQuery('from alice and body q4').filter, alice),
    ).toBeUndefined();
    expect(matchesEnvelopeOnly(parseSearchQuery('not body q4').filter, alice)).toBeUndefined();
    expect(matchesEnvelopeOnly(undefined, alice)).toBe(true);
  });

  it('asks the provider only when needed, and only for what is needed', async () => {
    const calls: string[] = [];
    const counting = {
      headers: (e: Envelope) => (calls.push(`h:${e.id}`), HEADERS[e.id] ?? ''),
      bodyText: (e: Envelope) => (calls.push(`b:${e.id}`), BODIES[e.id] ?? ''),
    };
    const { filter } = parseSearchQuery('from alice and body q4');
    expect(await matchesFilter(filter, late, counting)).toBe(false);
    expect(calls).toEqual([]);
    expect(await matchesFilter(filter, alice, counting)).toBe(true);
    expect(calls).toEqual(['b:alice']);
  });

  it('needsContent tells whether body or header text can be needed', () => {
    expect(needsContent(undefined)).toBe(false);
    expect(needsContent(parseSearchQuery('from a or not flag seen').filter)).toBe(false);
    expect(needsContent(parseSearchQuery('from a or not body x').filter)).toBe(true);
    expect(needsContent(parseSearchQuery('header x y').filter)).toBe(true);
    expect(needsContent(parseSearchQuery('(text y)').filter)).toBe(true);
  });

  it('reports a missing or asynchronous provider as ERR_INVALID_ARGUMENT', async () => {
    const { filter } = parseSearchQuery('body x');
    await expect(matchesFilter(filter, alice)).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
    await expect(
      matchesFilter(parseSearchQuery('header a b').filter, alice, { bodyText: () => '' }),
    ).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
    expect(() => matchesFilterSync(filter, alice, provider)).toThrow(/asynchronous/);
  });

  it('treats empty and/or as true/false', () => {
    expect(matchesEnvelopeOnly({ type: 'and', children: [] }, alice)).toBe(true);
    expect(matchesEnvelopeOnly({ type: 'or', children: [] }, alice)).toBe(false);
  });
});
