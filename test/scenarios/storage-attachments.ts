/**
 * hasAttachment, one definition on every backend (docs/model.md "Attachments"): the message or
 * any part at any depth has disposition `attachment`; parts inside an attached message/rfc822
 * do not count. And `has attachment` works anywhere in a query (under OR and NOT too), with the
 * same answers everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from './context.js';

const crlf = (lines: readonly string[]): string => lines.join('\r\n');

function mime(runId: string, key: string, from: string, day: number, body: string[]): string {
  return crlf([
    `Date: Wed, ${String(day).padStart(2, '0')} Feb 2026 10:00:00 +0000`,
    `Message-ID: <${key}.${runId}@mailroom.test>`,
    `From: ${from}`,
    'To: carol@example.org',
    `Subject: att-${key}`,
    'MIME-Version: 1.0',
    ...body,
    '',
  ]);
}

/** key → [has an attachment by the definition, raw message] */
function corpus(runId: string): Record<string, [boolean, string]> {
  return {
    plain: [
      false,
      mime(runId, 'plain', 'bob@example.org', 1, ['Content-Type: text/plain', '', 'hi']),
    ],
    mixed: [
      true,
      mime(runId, 'mixed', 'alice@example.org', 2, [
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'see attached',
        '--b1',
        'Content-Type: application/pdf; name="r.pdf"',
        'Content-Disposition: attachment; filename="r.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        'JVBERi0xLjQK',
        '--b1--',
      ]),
    ],
    nested: [
      true,
      mime(runId, 'nested', 'alice@example.org', 3, [
        'Content-Type: multipart/alternative; boundary="outer"',
        '',
        '--outer',
        'Content-Type: text/plain',
        '',
        'text',
        '--outer',
        'Content-Type: multipart/related; boundary="inner"',
        '',
        '--inner',
        'Content-Type: text/html',
        '',
        '<p>html</p>',
        '--inner',
        'Content-Type: text/calendar; method=REQUEST',
        'Content-Disposition: attachment; filename="invite.ics"',
        '',
        'BEGIN:VCALENDAR',
        'END:VCALENDAR',
        '--inner--',
        '--outer--',
      ]),
    ],
    inline: [
      false,
      mime(runId, 'inline', 'bob@example.org', 4, [
        'Content-Type: multipart/related; boundary="r"',
        '',
        '--r',
        'Content-Type: text/html',
        '',
        '<img src="cid:logo@x">',
        '--r',
        'Content-Type: image/png',
        'Content-Disposition: inline',
        'Content-ID: <logo@x>',
        'Content-Transfer-Encoding: base64',
        '',
        'iVBORw0KGgo=',
        '--r--',
      ]),
    ],
    forwarded: [
      false,
      mime(runId, 'forwarded', 'dave@example.org', 5, [
        'Content-Type: multipart/mixed; boundary="f"',
        '',
        '--f',
        'Content-Type: text/plain',
        '',
        'forwarding inline',
        '--f',
        'Content-Type: message/rfc822',
        'Content-Disposition: inline',
        '',
        'From: x@example.org',
        'Subject: inner',
        'Content-Type: multipart/mixed; boundary="g"',
        '',
        '--g',
        'Content-Type: application/zip',
        'Content-Disposition: attachment; filename="inner.zip"',
        '',
        'UEsDBA==',
        '--g--',
        '--f--',
      ]),
    ],
  };
}

export function registerAttachmentScenarios(s: Scenario): void {
  describe('attachments (one definition)', () => {
    let box = '';
    const ids: Record<string, string> = {};
    const messages = corpus(s.runId);

    beforeAll(async () => {
      box = (await s.store.createMailbox([s.name('attachments')])).id;
      for (const [key, [, raw]] of Object.entries(messages))
        ids[key] = await s.store.addMessage(box, raw);
    });
    afterAll(async () => {
      if (box !== '') await s.store.deleteMailbox(box).catch(() => undefined);
    });

    it('hasAttachment of nested, inline, forwarded and plain messages', async () => {
      const listed = new Map((await s.all(box)).map((e) => [e.id, e.hasAttachment === true]));
      for (const [key, [expected]] of Object.entries(messages))
        expect(listed.get(ids[key] as string), key).toBe(expected);
    });

    const searches: [query: string, expected: string[]][] = [
      ['has attachment', ['nested', 'mixed']],
      ['has attachment or from bob', ['inline', 'nested', 'mixed', 'plain']],
      ['not has attachment', ['forwarded', 'inline', 'plain']],
      ['from alice and not has attachment', []],
      ['(has attachment and subject nested) or from dave', ['forwarded', 'nested']],
    ];
    for (const [query, expected] of searches) {
      it(`searchEnvelopes '${query}'`, async () => {
        const page = await s.store.searchEnvelopes(box, query);
        expect(page.envelopes.map((e) => e.id)).toEqual(expected.map((k) => ids[k]));
      });
    }
  });
}
