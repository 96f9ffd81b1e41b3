/**
 * JMAP getMessages (Backend.getMessages, the batch read sync uses) against Cyrus 3.6: the same
 * bytes as getMessage for each id, in the order asked; ids deleted, or in another mailbox, are
 * absent from the map.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { JmapBackend } from '../../src/backends/jmap/index.js';
import { servers } from '../servers/coordinates.js';

const s = servers();
const [user] = s.cyrus.users;
const jmap = new JmapBackend({
  url: s.cyrus.jmapUrl,
  auth: { user: user.user, password: user.password },
});
afterAll(() => jmap.close());

const raw = (i: number, tag: string): string =>
  `From: A <a@example.test>\r\nTo: b@example.test\r\nSubject: batch ${i}\r\n` +
  `Message-ID: <${tag}.${i}@example.test>\r\nDate: Mon, 7 Dec 2026 10:0${i}:00 +0000\r\n\r\n` +
  `body ${i} ${'x'.repeat(i * 1000)}\r\n`;

describe('JMAP getMessages (Cyrus)', () => {
  it('gives each message as getMessage does, in the order asked; gone or foreign ids are absent', async () => {
    const tag = randomUUID().slice(0, 8);
    const box = await jmap.createMailbox([`batch-${tag}`]);
    const other = await jmap.createMailbox([`batch-other-${tag}`]);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await jmap.addMessage(box.id, raw(i, tag)));
    const foreign = await jmap.addMessage(other.id, raw(9, tag));
    const [gone] = ids.splice(3, 1);
    await jmap.deleteMessages(box.id, [gone as string]);

    const asked = [...ids].reverse().concat([gone as string, foreign]);
    const got = await jmap.getMessages(box.id, asked);
    expect([...got.keys()]).toEqual([...ids].reverse());
    for (const id of ids) {
      const one = await jmap.getMessage(box.id, id);
      expect(Buffer.from(got.get(id) as Uint8Array).equals(Buffer.from(one))).toBe(true);
    }
    expect(new TextDecoder().decode(got.get(ids[0] as string)).includes('Subject: batch 0')).toBe(
      true,
    );
    await jmap.deleteMailbox(box.id);
    await jmap.deleteMailbox(other.id);
  });
});
