/**
 * Real-world shaped messages for the reading scenarios, each with the one expectation every
 * backend must meet (text, html, attachment metadata). They cover what mail clients meet:
 * nested multipart/alternative + related with an inline image (cid), an RFC 2231 UTF-8
 * filename, a forwarded message/rfc822, RFC 2231 continuations in ISO-8859-1, an RFC 2047
 * encoded-word filename, windows-1252 quoted-printable, ISO-2022-JP, GB18030 HTML only, a
 * calendar invite, and a message with no MIME headers at all.
 */
import type { AttachmentInfo } from '../../src/shared/types.js';

const crlf = (lines: readonly string[]): string => lines.join('\r\n');
/** base64 wrapped at 76 columns, as mailers write it. */
export const b64 = (bytes: Uint8Array | string): string =>
  (
    Buffer.from(bytes)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');

/** A small PNG (the bytes do not matter, only that they round-trip). */
export const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1,
  0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
]);
export const PDF = Buffer.from('%PDF-1.4\n% résumé\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const ICS = crlf([
  'BEGIN:VCALENDAR',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:42@mailroom.test',
  'SUMMARY:Planning',
  'DTSTART:20260301T100000Z',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
]);
const JAPANESE_NAME = '日本語ファイル.txt';
/** こんにちは in ISO-2022-JP (JIS X 0208 row 4, between ESC $ B and ESC ( B). */
const HELLO_ISO2022JP = Buffer.from([
  0x1b, 0x24, 0x42, 0x24, 0x33, 0x24, 0x73, 0x24, 0x4b, 0x24, 0x41, 0x24, 0x4f, 0x1b, 0x28, 0x42,
]).toString('latin1');
/** 你好 in GB18030 (GBK range). */
const NIHAO_GB18030 = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]);

export interface ReadingCase {
  key: string;
  /** The message bytes (8-bit parts are in their own charset, not UTF-8). */
  raw: Uint8Array;
  text?: string;
  html?: string;
  attachments: AttachmentInfo[];
  /** Bytes of each attachment by part id, decoded. */
  contents: Record<string, Uint8Array>;
  hasAttachment: boolean;
}

function head(runId: string, key: string, day: number, extra: string[]): string[] {
  return [
    `Date: Tue, ${String(day).padStart(2, '0')} Mar 2026 09:00:00 +0100`,
    `Message-ID: <read-${key}.${runId}@mailroom.test>`,
    'From: =?UTF-8?Q?Zo=C3=AB?= Martin <zoe@example.org>',
    'To: carol@example.org',
    `Subject: read ${key}`,
    ...extra,
  ];
}

const FORWARDED = crlf([
  'Date: Mon, 02 Mar 2026 08:00:00 +0000',
  'Message-ID: <inner@mailroom.test>',
  'From: dave@example.org',
  'To: zoe@example.org',
  'Subject: the original',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="in"',
  '',
  '--in',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'inner text',
  '--in',
  'Content-Type: application/octet-stream; name="inner.bin"',
  'Content-Disposition: attachment; filename="inner.bin"',
  'Content-Transfer-Encoding: base64',
  '',
  b64('inner attachment'),
  '--in--',
  '',
]);

type Draft = Omit<ReadingCase, 'raw'> & { raw: string };

/** The corpus for one run; `raw` strings hold one byte per character (Latin-1). */
export function readingCorpus(runId: string): ReadingCase[] {
  return drafts(runId).map((d) => ({ ...d, raw: new Uint8Array(Buffer.from(d.raw, 'latin1')) }));
}

function drafts(runId: string): Draft[] {
  const html1 =
    '<html><body><p>Bonjour <b>Zoë</b></p><img src="cid:logo@mailroom.test"></body></html>';
  return [
    {
      key: 'alternative-related',
      raw: crlf([
        ...head(runId, 'alternative-related', 1, [
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="mixed-1"',
        ]),
        '',
        'This is a multi-part message in MIME format.',
        '--mixed-1',
        'Content-Type: multipart/alternative; boundary="alt-1"',
        '',
        '--alt-1',
        'Content-Type: text/plain; charset="utf-8"',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Bonjour Zo=C3=AB, voici le r=C3=A9sum=C3=A9 et une ligne tr=C3=A8s longue qui =',
        'continue ici.',
        '--alt-1',
        'Content-Type: multipart/related; boundary="rel-1"',
        '',
        '--rel-1',
        'Content-Type: text/html; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        b64(html1),
        '--rel-1',
        'Content-Type: image/png; name="logo.png"',
        'Content-Disposition: inline; filename="logo.png"',
        'Content-ID: <logo@mailroom.test>',
        'Content-Transfer-Encoding: base64',
        '',
        b64(PNG),
        '--rel-1--',
        '--alt-1--',
        '--mixed-1',
        "Content-Type: application/pdf; name*=UTF-8''r%C3%A9sum%C3%A9.pdf",
        "Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
        'Content-Transfer-Encoding: base64',
        '',
        b64(PDF),
        '--mixed-1--',
        '',
      ]),
      text: 'Bonjour Zoë, voici le résumé et une ligne très longue qui continue ici.',
      html: html1,
      attachments: [
        {
          partId: '1.2.2',
          filename: 'logo.png',
          contentType: 'image/png',
          disposition: 'inline',
          contentId: 'logo@mailroom.test',
          size: PNG.length,
        },
        {
          partId: '2',
          filename: 'résumé.pdf',
          contentType: 'application/pdf',
          disposition: 'attachment',
          size: PDF.length,
        },
      ],
      contents: { '1.2.2': PNG, '2': PDF },
      hasAttachment: true,
    },
    {
      key: 'forwarded',
      raw: crlf([
        ...head(runId, 'forwarded', 2, [
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="fw"',
        ]),
        '',
        '--fw',
        'Content-Type: text/plain; charset=iso-8859-1',
        'Content-Transfer-Encoding: 8bit',
        '',
        'Voilà le message transféré.', // one byte per character: ISO-8859-1
        '--fw',
        'Content-Type: message/rfc822; name="Original.eml"',
        'Content-Disposition: attachment; filename="Original.eml"',
        '',
        FORWARDED,
        '--fw--',
        '',
      ]),
      text: 'Voilà le message transféré.',
      attachments: [
        {
          partId: '2',
          filename: 'Original.eml',
          contentType: 'message/rfc822',
          disposition: 'attachment',
          size: Buffer.byteLength(FORWARDED),
        },
      ],
      contents: { '2': Buffer.from(FORWARDED) },
      hasAttachment: true,
    },
    {
      key: 'names',
      raw: crlf([
        ...head(runId, 'names', 3, [
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="n"',
        ]),
        '',
        '--n',
        'Content-Type: text/plain; charset=windows-1252',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '=93Smart=94 quotes =96 and =80 sign.',
        '--n',
        'Content-Type: text/plain; charset=iso-8859-1',
        'Content-Disposition: attachment;',
        " filename*0*=ISO-8859-1''Sch%F6ne;",
        ' filename*1*=%20Gr%FC%DFe.txt',
        'Content-Transfer-Encoding: base64',
        '',
        b64(Buffer.from('Grüße', 'latin1')),
        '--n',
        `Content-Type: application/octet-stream; name="=?UTF-8?B?${Buffer.from(JAPANESE_NAME).toString('base64')}?="`,
        'Content-Disposition: attachment',
        'Content-Transfer-Encoding: base64',
        '',
        b64('data'),
        '--n--',
        '',
      ]),
      text: '“Smart” quotes – and € sign.',
      attachments: [
        {
          partId: '2',
          filename: 'Schöne Grüße.txt',
          contentType: 'text/plain',
          disposition: 'attachment',
          size: 5,
        },
        {
          partId: '3',
          filename: JAPANESE_NAME,
          contentType: 'application/octet-stream',
          disposition: 'attachment',
          size: 4,
        },
      ],
      contents: { '2': Buffer.from('Grüße', 'latin1'), '3': Buffer.from('data') },
      hasAttachment: true,
    },
    {
      key: 'iso-2022-jp',
      raw: crlf([
        ...head(runId, 'iso-2022-jp', 4, [
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=ISO-2022-JP',
          'Content-Transfer-Encoding: 7bit',
        ]),
        '',
        HELLO_ISO2022JP,
        '',
      ]),
      text: 'こんにちは\n',
      attachments: [],
      contents: {},
      hasAttachment: false,
    },
    {
      key: 'gb18030-html',
      raw: crlf([
        ...head(runId, 'gb18030-html', 5, [
          'MIME-Version: 1.0',
          'Content-Type: text/html; charset=GB18030',
          'Content-Transfer-Encoding: base64',
        ]),
        '',
        b64(Buffer.concat([Buffer.from('<p>'), NIHAO_GB18030, Buffer.from('</p>')])),
        '',
      ]),
      html: '<p>你好</p>',
      attachments: [],
      contents: {},
      hasAttachment: false,
    },
    {
      key: 'invite',
      raw: crlf([
        ...head(runId, 'invite', 6, [
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="cal-mixed"',
        ]),
        '',
        '--cal-mixed',
        'Content-Type: multipart/alternative; boundary="cal-alt"',
        '',
        '--cal-alt',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'You are invited: Planning',
        '--cal-alt',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>You are invited: <b>Planning</b></p>',
        '--cal-alt',
        'Content-Type: text/calendar; charset=utf-8; method=REQUEST',
        'Content-Transfer-Encoding: 7bit',
        '',
        ICS.replace(/\r\n$/, ''),
        '--cal-alt--',
        '--cal-mixed',
        'Content-Type: application/ics; name="invite.ics"',
        'Content-Disposition: attachment; filename="invite.ics"',
        'Content-Transfer-Encoding: base64',
        '',
        b64(ICS),
        '--cal-mixed--',
        '',
      ]),
      text: 'You are invited: Planning',
      html: '<p>You are invited: <b>Planning</b></p>',
      attachments: [
        {
          partId: '1.3',
          contentType: 'text/calendar',
          size: Buffer.byteLength(ICS) - 2,
        },
        {
          partId: '2',
          filename: 'invite.ics',
          contentType: 'application/ics',
          disposition: 'attachment',
          size: Buffer.byteLength(ICS),
        },
      ],
      contents: { '1.3': Buffer.from(ICS.replace(/\r\n$/, '')), '2': Buffer.from(ICS) },
      hasAttachment: true,
    },
    {
      key: 'no-mime',
      raw: crlf([...head(runId, 'no-mime', 7, []), '', 'Just text,', 'two lines.', '']),
      text: 'Just text,\ntwo lines.\n',
      attachments: [],
      contents: {},
      hasAttachment: false,
    },
  ];
}
