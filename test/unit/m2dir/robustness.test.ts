import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MailError } from '../../../src/shared/errors.js';
import { tempStore } from './helpers.js';

describe('arbitrary caller input', () => {
  it('mailbox names and ids never throw anything but MailError, and never write outside', async () => {
    const { store } = await tempStore();
    const before = (await store.listMailboxes()).map((m) => m.id);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        async (box, id) => {
          for (const call of [
            () => store.listEnvelopes(box),
            () => store.getMessage(box, id),
            () => store.getMessage('INBOX', id),
            () => store.storeFlags('INBOX', [id], 'add', ['seen']),
            () => store.deleteMessages('INBOX', [id]),
            () => store.diffEnvelopes(box, id),
          ]) {
            const outcome = await call().then(
              () => undefined,
              (e: unknown) => e,
            );
            if (outcome !== undefined) {
              expect(outcome).toBeInstanceOf(MailError);
              expect(['ERR_INVALID_ARGUMENT', 'ERR_NOT_FOUND']).toContain(
                (outcome as MailError).code,
              );
            }
          }
        },
      ),
      { numRuns: 40 },
    );
    expect((await store.listMailboxes()).map((m) => m.id)).toEqual(before);
  });
});

describe('receivedAt', () => {
  it('addMessage keeps the given receivedAt; copy and move keep it too', async () => {
    const { store } = await tempStore();
    await store.createMailbox('Keep');
    const when = new Date('2020-02-03T04:05:06.000Z');
    const raw = 'Subject: dated\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\nbody\r\n';
    const id = await store.addMessage('INBOX', raw, { receivedAt: when });
    const listed = (await store.listEnvelopes('INBOX')).envelopes.find((e) => e.id === id);
    expect(listed?.receivedAt?.toISOString()).toBe(when.toISOString());
    const copies = await store.copyMessages('INBOX', [id], 'Keep');
    const copy = (await store.listEnvelopes('Keep')).envelopes.find((e) => e.id === copies[id]);
    expect(copy?.receivedAt?.toISOString()).toBe(when.toISOString());
    const moved = await store.moveMessages('Keep', [copies[id] as string], 'INBOX');
    const back = (await store.listEnvelopes('INBOX')).envelopes.find(
      (e) => e.id === moved[copies[id] as string],
    );
    expect(back?.receivedAt?.toISOString()).toBe(when.toISOString());
    const invalid = await store
      .addMessage('INBOX', raw, { receivedAt: new Date(NaN) })
      .catch((e: unknown) => e);
    expect((invalid as MailError).code).toBe('ERR_INVALID_ARGUMENT');
  });
});
