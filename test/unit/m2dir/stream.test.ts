/** getMessageStream of large messages: verified before the first chunk, bounded memory. */
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChecksumVerifier, checksumOf } from '../../../src/backends/m2dir/checksum.js';
import { rejectsWith, tempStore } from './helpers.js';

/** A 6 MiB message whose bytes vary, so a changed byte anywhere changes the checksum. */
function bigMessage(): Uint8Array {
  const head = new TextEncoder().encode(
    'Subject: big\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\n',
  );
  const out = new Uint8Array(6 * 1024 * 1024);
  out.set(head);
  for (let i = head.length; i < out.length; i++) out[i] = 0x41 + ((i * 7) % 26);
  return out;
}

async function collect(
  stream: AsyncIterable<Uint8Array>,
): Promise<{ bytes: Buffer; chunks: number; largest: number }> {
  const parts: Uint8Array[] = [];
  let largest = 0;
  for await (const chunk of stream) {
    parts.push(chunk);
    largest = Math.max(largest, chunk.length);
  }
  return { bytes: Buffer.concat(parts), chunks: parts.length, largest };
}

async function entryPath(root: string, id: string): Promise<string> {
  const dir = join(root, 'INBOX');
  const name = (await readdir(dir)).find((n) => n.endsWith(`.${id}`) || n.includes(id));
  if (name === undefined) throw new Error(`no entry for ${id}`);
  return join(dir, name);
}

describe('m2dir getMessageStream', () => {
  it('streams a large message in 64 KiB chunks with the same bytes', async () => {
    const { store } = await tempStore();
    const raw = bigMessage();
    const id = await store.addMessage('INBOX', raw);
    const { bytes, chunks, largest } = await collect(await store.getMessageStream('INBOX', id));
    expect(bytes.equals(Buffer.from(raw))).toBe(true);
    expect(largest).toBe(64 * 1024);
    expect(chunks).toBe(96);
  });

  it('a large message changed after delivery is ERR_CHECKSUM before any chunk', async () => {
    const { root, store } = await tempStore();
    const id = await store.addMessage('INBOX', bigMessage());
    const path = await entryPath(root, id);
    const content = await readFile(path);
    content[5_000_000] = 0x30; // same length, one byte differs
    await writeFile(path, content);
    await rejectsWith(store.getMessageStream('INBOX', id), 'ERR_CHECKSUM');
  });

  it('a file changed between the verifying pass and the reading pass ends with ERR_CHECKSUM', async () => {
    const { root, store } = await tempStore();
    const id = await store.addMessage('INBOX', bigMessage());
    const stream = await store.getMessageStream('INBOX', id); // verified now
    const path = await entryPath(root, id);
    const content = await readFile(path);
    content[6_000_000] = 0x30;
    await writeFile(path, content);
    await rejectsWith(collect(stream), 'ERR_CHECKSUM');
  });
});

describe('ChecksumVerifier', () => {
  it('agrees with checksumOf however the content is chunked', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(2000)), (content, cuts) => {
        const verifier = new ChecksumVerifier(checksumOf(content));
        const points = [...new Set(cuts.map((c) => c % (content.length + 1)))].sort(
          (a, b) => a - b,
        );
        let from = 0;
        for (const p of [...points, content.length]) {
          verifier.update(content.subarray(from, p));
          from = p;
        }
        expect(verifier.matches()).toBe(true);
        const other = new ChecksumVerifier(checksumOf(content));
        other.update(content);
        other.update(Uint8Array.of(1));
        expect(other.matches()).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('m2dir move across filesystems', () => {
  it('a folder on another filesystem (EXDEV) gets a verified copy, then the source goes', async () => {
    const { root, store } = await tempStore();
    await store.createMailbox('Far');
    // Put Far on tmpfs behind a symlink: rename(2) from INBOX to Far now fails with EXDEV.
    const far = await mkdtemp(join('/dev/shm', 'mailroom-far-'));
    try {
      await cp(join(root, 'Far'), far, { recursive: true });
      await rm(join(root, 'Far'), { recursive: true });
      await symlink(far, join(root, 'Far'));
      const when = new Date('2021-06-07T08:09:10.000Z');
      const id = await store.addMessage('INBOX', 'Subject: far\r\n\r\nbody\r\n', {
        flags: ['seen', 'flagged'],
        receivedAt: when,
      });
      const moved = await store.moveMessages('INBOX', [id], 'Far');
      expect(moved).toEqual({ [id]: id });
      expect((await store.listEnvelopes('INBOX')).envelopes).toEqual([]);
      const [env] = (await store.listEnvelopes('Far')).envelopes;
      expect(env?.id).toBe(id);
      expect([...(env?.flags ?? [])].sort()).toEqual(['flagged', 'seen']);
      expect(env?.receivedAt?.toISOString()).toBe(when.toISOString());
      expect(new TextDecoder().decode(await store.getMessage('Far', id))).toContain('body');
      expect((await readdir(join(root, 'INBOX'))).filter((n) => !n.startsWith('.'))).toEqual([]);
    } finally {
      await rm(far, { recursive: true, force: true });
    }
  });
});
