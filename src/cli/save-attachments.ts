/**
 * `mailroom attachment save`: write attachments of a message into a directory. A filename from
 * a message is never trusted as a path: only its last component is kept, control characters
 * and separators are replaced, an empty or dot name becomes `part-<id>`, and an existing file
 * is never overwritten (`name (1).ext`, …; the file is created exclusively).
 */
import { open } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { MailError } from '../shared/errors.js';
import type { EmailClient } from '../client/email-client.js';

export interface SavedAttachment {
  partId: string;
  path: string;
  size: number;
}

export function safeFileName(name: string | undefined, partId: string): string {
  const last = basename((name ?? '').replace(/\\/g, '/'));
  const clean = last.replace(/[\u0000-\u001f\u007f-\u009f/:*?"<>|]/g, '_').trim();
  return clean === '' || /^\.+$/.test(clean) ? `part-${partId}` : clean;
}

async function createExclusive(
  dir: string,
  name: string,
): Promise<{ path: string; file: Awaited<ReturnType<typeof open>> }> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 0; n < 1000; n++) {
    const path = join(dir, n === 0 ? name : `${stem} (${n})${ext}`);
    try {
      return { path, file: await open(path, 'wx') };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new MailError('ERR_EXISTS', `too many files named like ${name} in ${dir}`);
}

export async function saveAttachments(
  client: EmailClient,
  mailbox: string,
  id: string,
  partId: string | undefined,
  dir: string,
): Promise<SavedAttachment[]> {
  const message = await client.readMessage(mailbox, id, { bodies: false });
  const chosen =
    partId === undefined
      ? message.attachments
      : message.attachments.filter((a) => a.partId === partId);
  if (partId !== undefined && chosen.length === 0)
    throw new MailError(
      'ERR_NOT_FOUND',
      `message ${id} has no attachment ${JSON.stringify(partId)} (see \`mailroom read\`)`,
    );
  const saved: SavedAttachment[] = [];
  for (const a of chosen) {
    const { path, file } = await createExclusive(dir, safeFileName(a.filename, a.partId));
    let size = 0;
    try {
      for await (const chunk of await client.getAttachmentStream(mailbox, id, a.partId)) {
        await file.write(chunk);
        size += chunk.length;
      }
    } finally {
      await file.close();
    }
    saved.push({ partId: a.partId, path, size });
  }
  return saved;
}
