/**
 * watchMailbox on a real directory, with changes made behind the backend's back the way other
 * Maildir clients make them: a flag change (rename inside cur/, or new/ → cur/) is exactly one
 * flags-changed event, never an added + removed pair; the iterator ends on abort.
 */
import { mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MaildirBackend } from '../../../src/backends/maildir/index.js';
import type { WatchEvent } from '../../../src/shared/types.js';

let root = '';
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('watchMailbox', () => {
  it('correlates renames by unique name and ends on abort', async () => {
    root = await mkdtemp(join(tmpdir(), 'mailroom-watch-'));
    const b = new MaildirBackend({ root, create: true });
    const controller = new AbortController();
    const events: WatchEvent[] = [];
    const done = (async () => {
      for await (const e of b.watchMailbox('INBOX', { signal: controller.signal })) events.push(e);
    })();
    await sleep(400);
    const msg = 'Subject: watched\r\nFrom: a@b.c\r\n\r\nhi\r\n';
    await writeFile(join(root, 'tmp', '100.w.host'), msg);
    await rename(join(root, 'tmp', '100.w.host'), join(root, 'new', '100.w.host'));
    await sleep(400);
    await rename(join(root, 'new', '100.w.host'), join(root, 'cur', '100.w.host:2,S'));
    await sleep(400);
    await rename(join(root, 'cur', '100.w.host:2,S'), join(root, 'cur', '100.w.host:2,FS'));
    await sleep(400);
    await unlink(join(root, 'cur', '100.w.host:2,FS'));
    await sleep(400);
    controller.abort();
    await done;
    expect(
      events.map((e) =>
        e.type === 'added'
          ? [e.type, e.envelope.subject]
          : e.type === 'flags-changed'
            ? [e.type, e.flags]
            : [e.type],
      ),
    ).toEqual([
      ['added', 'watched'],
      ['flags-changed', ['seen']],
      ['flags-changed', ['seen', 'flagged']],
      ['removed'],
    ]);
  }, 15_000);
});
