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
