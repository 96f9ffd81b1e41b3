/**
 * Header text and odd input, the same on every backend: decoded subjects and display names
 * carry no control characters, every WHATWG charset label decodes in encoded-words, raw
 * UTF-8 header bytes round-trip, bare-LF input is stored, and every DSL query — including
 * `has attachment` inside `or` — gets the same answer (docs/model.md "Attachments").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../src/shared/types.js';
import type { Scenario } from './context.js';

const crlf = (lines: readonly string[]): string => lines.join('\r\n');

function message(runId: string, key: string, headers: readonly string[], body: string): string {
  return crlf([
    'Date: Tue, 03 Feb 2026 10:00:00 +0000',
    `Message-ID: <${key}.${runId}@mailroom.test>`,
    ...headers,
    '',
    body,
    '',
  ]);
}

/** Encoded-words in charsets beyond UTF-8 (RFC 2047 §2), each with the text it must decode to. */
export const CHARSET_SUBJECTS: [label: string, header: string, decoded: string][] = [
  ['windows-1252', '=?windows-1252?Q?=93smart=94_quotes_=80?=', '“smart” quotes €'],
  ['iso-8859-1', '=?ISO-8859-1?Q?caf=E9?=', 'café'],
  ['iso-8859-2', '=?iso-8859-2?Q?=A3=F3d=BC?=', 'Łódź'],
  ['iso-8859-15', '=?iso-8859-15?Q?=A4uro?=', '€uro'],
  ['koi8-r', '=?koi8-r?B?8NLJ18XU?=', 'Привет'],
  ['windows-1251', '=?windows-1251?B?z/Do4uXy?=', 'Привет'],
  ['iso-2022-jp', '=?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=', 'こんにちは'],
  ['shift_jis', '=?shift_jis?B?grGC8YLJgr+CzQ==?=', 'こんにちは'],
  ['gb18030', '=?gb18030?B?xOO6ww==?=', '你好'],
  ['gb2312', '=?gb2312?B?xOO6ww==?=', '你好'],
  ['big5', '=?big5?B?p0Gmbg==?=', '你好'],
  ['euc-kr', '=?euc-kr?B?vsiz58fPvLy/5A==?=', '안녕하세요'],
];

export function registerHeaderTextScenarios(s: Scenario): void {
  describe('header text and odd input', () => {
    let box = '';
    const listed = new Map<string, Envelope>();
    const added: Record<string, string> = {};

    const raws = (): [string, string][] => [
      [
        'control',
        message(
          s.runId,
          'control',
          [
            'From: =?UTF-8?Q?Eve=0D=0AEvil=00?= <eve@example.org>',
            'To: bob@example.org',
            'Subject: =?UTF-8?Q?hello=0D=0Aa1_LOGOUT?=',
          ],
          'control characters in encoded words',
        ),
      ],
      ...CHARSET_SUBJECTS.map(([label, header]): [string, string] => [
        `charset-${label}`,
        message(
          s.runId,
          `charset-${label}`,
          ['From: carol@example.org', 'To: bob@example.org', `Subject: ${header}`],
          `charset ${label}`,
        ),
      ]),
      [
        'long-header',
        message(
          s.runId,
          'long-header',
          [
            ...Array.from(
              { length: 900 },
              (_, i) =>
                `Received: from relay${i}.example.net (relay${i}.example.net [192.0.2.${i % 250}]) by mx.example.org; Tue, 03 Feb 2026 10:00:00 +0000`,
            ),
            'From: Loop Sender <loop@example.org>',
            'To: bob@example.org',
            'Subject: after 900 Received lines',
          ],
          'a header block of ~110 KB',
        ),
      ],
      [
        'utf8-raw',
        message(
          s.runId,
          'utf8-raw',
          [
            'From: Jürgen Müller <juergen@example.org>',
            'To: bob@example.org',
            'Subject: Grüße aus Köln — 日本語',
            'MIME-Version: 1.0',
            'Content-Type: text/plain; charset=utf-8',
            'Content-Transfer-Encoding: 8bit',
          ],
          'raw UTF-8 header bytes (RFC 6532)',
        ),
      ],
    ];

    beforeAll(async () => {
      const created = await s.store.createMailbox([s.name('header-text')]);
      box = created.id;
      for (const [key, raw] of raws()) added[key] = await s.store.addMessage(box, raw);
      const byId = new Map((await s.all(box)).map((e) => [e.id, e]));
      for (const [key, id] of Object.entries(added)) {
        const e = byId.get(id);
        if (e !== undefined) listed.set(key, e);
      }
    });

    afterAll(async () => {
      if (box !== '') await s.store.deleteMailbox(box).catch(() => undefined);
    });

    it('decoded subject and display names carry no control characters', () => {
      const e = listed.get('control');
      expect(e?.subject).toBe('hello a1 LOGOUT');
      expect(e?.from).toEqual([{ name: 'Eve Evil', email: 'eve@example.org' }]);
    });

    for (const [label, , decoded] of CHARSET_SUBJECTS) {
      it(`an encoded-word in ${label} decodes`, () => {
        expect(listed.get(`charset-${label}`)?.subject).toBe(decoded);
      });
    }

    // 900 lines, not the 1,500 of a real mail loop: Cyrus keeps only the first 1,000 header
    // lines (its maxheaderlines default), a server limit and not ours.
    it('fields after a ~110 KB header block are found (bounded reads grow to 1 MiB)', () => {
      const e = listed.get('long-header');
      expect(e?.subject).toBe('after 900 Received lines');
      expect(e?.from).toEqual([{ name: 'Loop Sender', email: 'loop@example.org' }]);
    });

    it('a bare-LF message (a Unix tool, an mbox split) is stored and lists', async () => {
      const raw = message(
        s.runId,
        'bare-lf',
        ['From: unix@example.org', 'To: bob@example.org', 'Subject: written with LF only'],
        'line one\nline two',
      ).replace(/\r\n/g, '\n');
      const id = await s.store.addMessage(box, raw);
      const e = (await s.all(box)).find((x) => x.id === id);
      expect(e?.subject).toBe('written with LF only');
      const bytes = new TextDecoder().decode(await s.store.getMessage(box, id));
      expect(bytes.replace(/\r\n/g, '\n')).toBe(raw);
    });

    it('raw UTF-8 header bytes round-trip (RFC 6532)', () => {
      const e = listed.get('utf8-raw');
      expect(e?.subject).toBe('Grüße aus Köln — 日本語');
      expect(e?.from).toEqual([{ name: 'Jürgen Müller', email: 'juergen@example.org' }]);
    });
  });
}
