/**
 * Reading like a mail client (docs/reading.md), the same expectations on every backend:
 * readMessage's text, html and attachment metadata of the reading corpus, each part fetched
 * alone (bytes and stream), getEnvelope, whole-mailbox iteration, cursors that survive new
 * mail, and threads (listThreads and the threadId on listed envelopes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../src/shared/types.js';
import { collectBytes, expectMailError, type Scenario } from './context.js';
import { readingCorpus } from './reading-corpus.js';

const crlf = (lines: readonly string[]): string => lines.join('\r\n');

/** Three threads: a chain of three (References complete), a pair, and a lone message. */
function threadCorpus(runId: string): { key: string; raw: string }[] {
  const id = (k: string): string => `<thr-${k}.${runId}@mailroom.test>`;
  const msg = (
    k: string,
    day: number,
    subject: string,
    refs: string[],
  ): { key: string; raw: string } => ({
    key: k,
    raw: crlf([
      `Date: Thu, ${String(day).padStart(2, '0')} Apr 2026 12:00:00 +0000`,
      `Message-ID: ${id(k)}`,
      'From: erin@example.org',
      'To: carol@example.org',
      `Subject: ${subject}`,
      ...(refs.length === 0
        ? []
        : [
            `In-Reply-To: ${id(refs[refs.length - 1] as string)}`,
            `References: ${refs.map(id).join(' ')}`,
          ]),
      '',
      `body ${k}`,
      '',
    ]),
  });
  return [
    msg('a1', 1, `plans ${runId}`, []),
    msg('b1', 2, `budget ${runId}`, []),
    msg('a2', 3, `Re: plans ${runId}`, ['a1']),
    msg('c1', 4, `lunch ${runId}`, []),
    msg('a3', 5, `Re: plans ${runId}`, ['a1', 'a2']),
    msg('b2', 6, `Re: budget ${runId}`, ['b1']),
  ];
}

export function registerReadingScenarios(s: Scenario): void {
  describe('reading (parsed messages, parts, iteration, threads)', () => {
    let box = '';
    const ids: Record<string, string> = {};
    const corpus = readingCorpus(s.runId);

    beforeAll(async () => {
      box = (await s.store.createMailbox([s.name('reading')])).id;
      for (const c of corpus) ids[c.key] = await s.store.addMessage(box, c.raw);
    });
    afterAll(async () => {
      if (box !== '') await s.store.deleteMailbox(box).catch(() => undefined);
    });

    for (const c of readingCorpus('expected')) {
      it(`readMessage: ${c.key} — text, html, attachments`, async () => {
        const m = await s.store.readMessage(box, ids[c.key] as string);
        expect(m.subject).toBe(`read ${c.key}`);
        expect(m.text).toBe(c.text);
        expect(m.html).toBe(c.html);
        expect(m.attachments).toEqual(c.attachments);
        expect(m.hasAttachment).toBe(c.hasAttachment);
        expect(m.headers.find((h) => h.name === 'subject')?.value).toBe(`read ${c.key}`);
        expect(m.flags).not.toContain('seen');
      });
      if (Object.keys(c.contents).length > 0)
        it(`getAttachment / getAttachmentStream: ${c.key}`, async () => {
          for (const [partId, bytes] of Object.entries(c.contents)) {
            const got = await s.store.getAttachment(box, ids[c.key] as string, partId);
            expect(Buffer.from(got), partId).toEqual(Buffer.from(bytes));
            const streamed = await collectBytes(
              await s.store.getAttachmentStream(box, ids[c.key] as string, partId),
            );
            expect(Buffer.from(streamed), partId).toEqual(Buffer.from(bytes));
          }
        });
    }

    it('reading does not mark the message seen', async () => {
      const id = ids['alternative-related'] as string;
      await s.store.readMessage(box, id);
      await s.store.getAttachment(box, id, '2');
      expect((await s.store.getEnvelope(box, id)).flags).not.toContain('seen');
    });

    it('bodies: false and maxBodyBytes', async () => {
      const id = ids['alternative-related'] as string;
      const bare = await s.store.readMessage(box, id, { bodies: false });
      expect(bare.text).toBeUndefined();
      expect(bare.html).toBeUndefined();
      expect(bare.attachments.map((a) => a.partId)).toEqual(['1.2.2', '2']);
      const capped = await s.store.readMessage(box, id, { maxBodyBytes: 7 });
      expect(capped.text).toBe('Bonjour');
      expect(capped.truncated).toBe(true);
    });

    it('getEnvelope equals the listed envelope', async () => {
      const listed = (await s.all(box)).find((e) => e.id === ids['forwarded']) as Envelope;
      const one = await s.store.getEnvelope(box, ids['forwarded'] as string);
      const pick = (e: Envelope) => ({
        id: e.id,
        subject: e.subject,
        from: e.from,
        messageId: e.messageId,
        size: e.size,
        hasAttachment: e.hasAttachment,
        threadId: e.threadId,
      });
      expect(pick(one)).toEqual(pick(listed));
    });

    it('an unknown part or message is ERR_NOT_FOUND', async () => {
      const id = ids['alternative-related'] as string;
      await expectMailError(s.store.getAttachment(box, id, '7'), 'ERR_NOT_FOUND');
      const gone = await s.store.addMessage(box, corpus[6]!.raw);
      await s.store.deleteMessages(box, [gone]);
      await expectMailError(s.store.readMessage(box, gone), 'ERR_NOT_FOUND');
      await expectMailError(s.store.getEnvelope(box, gone), 'ERR_NOT_FOUND');
    });

    it('iterateEnvelopes walks the whole mailbox in listing order', async () => {
      const listed = (await s.all(box)).map((e) => e.id);
      const walked: string[] = [];
      for await (const e of s.store.iterateEnvelopes(box, { batchSize: 2 })) walked.push(e.id);
      expect(walked).toEqual(listed);
    });

    it('a cursor gives the right next page after new mail arrived', async () => {
      const first = await s.store.listEnvelopes(box, { pageSize: 3 });
      expect(first.next).toBeDefined();
      const listed = (await s.all(box)).map((e) => e.id);
      // a message newer than all: without the cursor, page 2 would repeat the end of page 1
      const fresh = crlf([
        'Date: Fri, 01 Jan 2027 00:00:00 +0000',
        `Message-ID: <fresh.${s.runId}@mailroom.test>`,
        'From: frank@example.org',
        'Subject: fresh',
        '',
        'new',
        '',
      ]);
      const freshId = await s.store.addMessage(box, fresh);
      try {
        const second = await s.store.listEnvelopes(box, {
          pageSize: 3,
          after: first.next as string,
        });
        expect(second.envelopes.map((e) => e.id)).toEqual(listed.slice(3, 6));
      } finally {
        await s.store.deleteMessages(box, [freshId]);
      }
    });
  });

  describe('threads', () => {
    let box = '';
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      box = (await s.store.createMailbox([s.name('threads')])).id;
      for (const m of threadCorpus(s.runId)) ids[m.key] = await s.store.addMessage(box, m.raw);
    });
    afterAll(async () => {
      if (box !== '') await s.store.deleteMailbox(box).catch(() => undefined);
    });
    const keyOf = (id: string): string => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id;

    it('listThreads: newest first, each thread newest first', async () => {
      const page = await s.store.listThreads(box);
      expect(page.total).toBe(3);
      expect(page.threads.map((t) => t.envelopes.map((e) => keyOf(e.id)))).toEqual([
        ['b2', 'b1'],
        ['a3', 'a2', 'a1'],
        ['c1'],
      ]);
      for (const t of page.threads) for (const e of t.envelopes) expect(e.threadId).toBe(t.id);
      const second = await s.store.listThreads(box, { page: 2, pageSize: 2 });
      expect(second.threads.map((t) => t.envelopes.length)).toEqual([1]);
    });

    it('listed envelopes carry a threadId shared exactly by their thread', async () => {
      const envelopes = await s.all(box);
      const groups = new Map<string, string[]>();
      for (const e of envelopes) {
        expect(e.threadId, keyOf(e.id)).toBeDefined();
        groups.set(
          e.threadId as string,
          [...(groups.get(e.threadId as string) ?? []), keyOf(e.id)].sort(),
        );
      }
      expect([...groups.values()].sort()).toEqual([['a1', 'a2', 'a3'], ['b1', 'b2'], ['c1']]);
    });
  });
}
