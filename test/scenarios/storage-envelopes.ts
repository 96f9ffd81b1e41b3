/**
 * Envelope scenarios: listEnvelopes (order, pagination, decoding, flags), searchEnvelopes with
 * DSL strings, getMessage / getMessageStream byte fidelity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeFlags } from '../../src/shared/flags.js';
import type { Scenario } from './context.js';
import { byKey, collectBytes, decode, expectMailError } from './context.js';
import { toCrlf } from './messages.js';

/** Added deliberately out of date order, so arrival order cannot pass for date order. */
const ADD_ORDER = ['lunch', 'report', 'minutes', 'greetings', 'reply'];
/** Newest Date header first. */
const DATE_ORDER = ['minutes', 'reply', 'lunch', 'greetings', 'report'];

export function registerEnvelopeScenarios(s: Scenario): void {
  describe('envelopes', () => {
    let box = '';
    let ids: Record<string, string> = {};

    beforeAll(async () => {
      // Shared read-only fixture for this block; created outside s.mailbox() so the per-test
      // cleanup does not delete it.
      const created = await s.store.createMailbox([s.name('envelopes')]);
      box = created.id;
      ids = await s.seed(box, ADD_ORDER);
    });

    it('addMessage returns distinct ids', () => {
      expect(new Set(Object.values(ids)).size).toBe(ADD_ORDER.length);
    });

    it('lists newest first by Date, with decoded fields, size and normalised flags', async () => {
      const page = await s.store.listEnvelopes(box);
      expect(page.page).toBe(1);
      expect(page.envelopes.map((e) => e.id)).toEqual(DATE_ORDER.map((k) => ids[k]));
      for (const key of DATE_ORDER) {
        const m = s.message(key);
        const e = page.envelopes.find((x) => x.id === ids[key]);
        expect(e, key).toBeDefined();
        if (e === undefined) continue;
        expect(e.mailbox).toBe(box);
        expect(e.subject).toBe(m.subject);
        expect(e.from).toEqual(m.from);
        expect(e.to).toEqual(m.to);
        expect(e.cc).toEqual(m.cc);
        expect(e.date?.getTime()).toBe(m.date.getTime());
        expect(e.messageId?.replace(/^<|>$/g, '')).toBe(m.messageId.replace(/^<|>$/g, ''));
        expect(e.size).toBeGreaterThan(0);
        expect(e.flags).toEqual(normalizeFlags(m.flags));
      }
    });

    it('paginates without overlap or gaps', async () => {
      const seen: string[] = [];
      for (let page = 1; page <= 3; page++) {
        const p = await s.store.listEnvelopes(box, { page, pageSize: 2 });
        expect(p.page).toBe(page);
        expect(p.pageSize).toBe(2);
        expect(p.envelopes.length).toBe(page < 3 ? 2 : 1);
        seen.push(...p.envelopes.map((e) => e.id));
      }
      expect(seen).toEqual(DATE_ORDER.map((k) => ids[k]));
      const beyond = await s.store.listEnvelopes(box, { page: 4, pageSize: 2 });
      expect(beyond.envelopes).toEqual([]);
    });

    const searches: [query: string, expected: string[]][] = [
      ['subject "quarterly report"', ['reply', 'report']],
      ['from alice and not flag seen', ['report']],
      ['subject lunch or from juergen', ['lunch', 'greetings']],
      ['flag flagged', ['lunch']],
      ['to bob and flag seen', ['lunch']],
      // Substring semantics (docs/search.md): inside a word, and inside an RFC 2047-decoded name.
      ['subject port', ['reply', 'report']],
      ['from üller or cc "ice Ex"', ['lunch', 'greetings']],
    ];
    for (const [query, expected] of searches) {
      it(`searchEnvelopes '${query}'`, async () => {
        const page = await s.store.searchEnvelopes(box, query);
        expect(page.envelopes.map((e) => e.id)).toEqual(expected.map((k) => ids[k]));
      });
    }

    it('a message is found by subject and sender right after addMessage', async () => {
      // No wait between add and search: a server-side index that lags behind must not show.
      const scratch = await s.mailbox('fresh-search');
      const added = await s.seed(scratch.id, ['greetings', 'report']);
      const page = await s.store.searchEnvelopes(scratch.id, 'subject "aus köln" and from juergen');
      expect(page.envelopes.map((e) => e.id)).toEqual([added['greetings']]);
    });

    it('search results are full envelopes', async () => {
      const page = await s.store.searchEnvelopes(box, 'from juergen');
      const found = byKey(page.envelopes, s).get('greetings');
      expect(found?.from).toEqual(s.message('greetings').from);
      expect(found?.flags).toEqual(['seen']);
    });

    it('getMessage returns the bytes that were added (CRLF-normalised)', async () => {
      // Servers may store LF as CRLF (IMAP APPEND is CRLF on the wire, RFC 9051 §2.2.1);
      // the fixtures are CRLF already, so any difference beyond line ends is a bug.
      for (const key of ADD_ORDER) {
        const bytes = await s.store.getMessage(box, ids[key] as string);
        expect(toCrlf(decode(bytes))).toBe(toCrlf(s.message(key).raw));
      }
    });

    it('getMessageStream concatenates to the same bytes', async () => {
      const id = ids['greetings'] as string;
      const whole = await s.store.getMessage(box, id);
      const streamed = await collectBytes(await s.store.getMessageStream(box, id));
      expect(Buffer.from(streamed).equals(Buffer.from(whole))).toBe(true);
    });

    it('unknown message id → ERR_NOT_FOUND', async () => {
      const scratch = await s.mailbox('ghost-id');
      const [id] = Object.values(await s.seed(scratch.id, ['report']));
      await s.store.deleteMessages(scratch.id, [id as string]);
      await expectMailError(s.store.getMessage(scratch.id, id as string), 'ERR_NOT_FOUND');
    });

    afterAll(async () => {
      if (box !== '') await s.store.deleteMailbox(box);
    });
  });
}
