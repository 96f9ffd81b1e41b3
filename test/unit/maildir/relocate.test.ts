/**
 * A multi-message delete while another client removes one of the messages (between our scan
 * and our unlink): every message that still exists is handled, and only the one gone for good
 * is reported (ERR_NOT_FOUND, details.missing) — src/backends/maildir/relocate.ts.
 */
import { mkdtemp, readdir, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MaildirBackend } from '../../../src/backends/maildir/index.js';
import { deleteMessages } from '../../../src/backends/maildir/messages.js';
import { drive, type FsRequest } from '../../../src/shared/coroutine.js';
import { performFs } from '../../../src/shared/fs-performer.js';
import { MailError } from '../../../src/shared/errors.js';

describe('maildir relocation over several messages', () => {
  it('handles every message that exists, then reports the ones gone for good', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mailroom-relocate-'));
    const store = new MaildirBackend({ root, create: true, layout: 'maildir++' });
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4])
      ids.push(await store.addMessage('INBOX', `Subject: m${n}\r\n\r\nx\r\n`));
    await store.close();
    const where = async (): Promise<string[]> => [
      ...(await readdir(join(root, 'new'))).map((f) => join(root, 'new', f)),
      ...(await readdir(join(root, 'cur'))).map((f) => join(root, 'cur', f)),
    ];
    const victim = (await where()).find((f) => f.includes(ids[1] as string)) as string;
    expect(victim).toBeDefined();
    let removes = 0;
    const perform = async (request: FsRequest): Promise<unknown> => {
      // another client deletes message 2 just before our first unlink batch
      if (request.type === 'remove' && removes++ === 0) await unlink(victim);
      return performFs(request);
    };
    const ctx = { root, layout: 'maildir++' as const, nextCounter: () => 1 };
    const error = await drive(deleteMessages(ctx, 'INBOX', ids), perform).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MailError);
    expect(error).toMatchObject({ code: 'ERR_NOT_FOUND', details: { missing: [ids[1]] } });
    expect(await where()).toEqual([]);
  });
});
