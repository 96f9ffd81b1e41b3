/**
 * getAttachment fetches one part alone (docs/reading.md): through a byte-counting TCP proxy in
 * front of Dovecot, reading one 25 MB attachment of a message that also holds another 25 MB
 * attachment moves at most 1.1× the part's size from the server (BINARY.PEEK, RFC 3516),
 * where BODY.PEEK[] of the whole message would move about 2.7×.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapBackend } from '../../src/backends/imap/index.js';
import { servers } from '../servers/coordinates.js';

const PART = 25 * 1024 * 1024;

function proxy(
  target: number,
): Promise<{ server: Server; port: number; downstream: () => number }> {
  let bytes = 0;
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    upstream.on('data', (d: Buffer) => (bytes += d.length));
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, downstream: () => bytes }),
    ),
  );
}

const b64 = (b: Buffer): string => (b.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');

describe('imap: one attachment of a large message moves about its own size', () => {
  const { dovecot } = servers();
  const [user] = dovecot.users;
  const config = (port: number) => ({
    url: `imap://127.0.0.1:${port}`,
    auth: { user: user.user, password: user.password },
    tls: { ca: readFileSync(dovecot.caFile, 'utf8'), servername: 'localhost' },
  });
  const direct = new ImapBackend(config(dovecot.imapPort));
  const first = randomBytes(PART);
  const second = randomBytes(PART);
  const box = `mr-attach-${Date.now().toString(36)}`;
  let id = '';

  beforeAll(async () => {
    await direct.createMailbox([box]);
    const raw = [
      'From: a@example.org',
      'Subject: two big attachments',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="big"',
      '',
      '--big',
      'Content-Type: text/plain',
      '',
      'two attachments',
      '--big',
      'Content-Type: application/octet-stream; name="one.bin"',
      'Content-Disposition: attachment; filename="one.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      b64(first),
      '--big',
      'Content-Type: application/octet-stream; name="two.bin"',
      'Content-Disposition: attachment; filename="two.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      b64(second),
      '--big--',
      '',
    ].join('\r\n');
    id = await direct.addMessage(box, raw);
  }, 120_000);
  afterAll(async () => {
    await direct.deleteMailbox(box).catch(() => undefined);
    await direct.close();
  });

  it('getAttachment of part 3: right bytes, ≤ 1.1× its size on the wire', async () => {
    const p = await proxy(dovecot.imapPort);
    const backend = new ImapBackend(config(p.port));
    try {
      const meta = await backend.readMessage(box, id, { bodies: false });
      expect(meta.attachments.map((a) => [a.partId, a.filename, a.size])).toEqual([
        ['2', 'one.bin', PART],
        ['3', 'two.bin', PART],
      ]);
      const before = p.downstream();
      const got = await backend.getAttachment(box, id, '3');
      const moved = p.downstream() - before;
      expect(Buffer.from(got).equals(second)).toBe(true);
      console.log(
        `getAttachment moved ${moved} bytes for a ${PART}-byte part (${(moved / PART).toFixed(3)}×)`,
      );
      expect(moved).toBeLessThanOrEqual(1.1 * PART);
    } finally {
      await backend.close();
      p.server.close();
    }
  }, 120_000);
});
