/**
 * IMAP core additions against the real servers: a ~20 MiB message streamed back from Dovecot
 * through ImapConnection.fetchBodyStream and ImapBackend.getMessageStream (sha256 equal, \Seen
 * not set, peak memory growth measured and bounded), and DIGEST-MD5 authentication on Dovecot
 * and Cyrus. Uses users[1] and mailboxes with unique names so other suites are not disturbed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { servers } from '../servers/coordinates.js';
import { ImapBackend, ImapClient } from '../../src/backends/imap/index.js';
import type { ImapConfig } from '../../src/shared/config.js';

const s = servers();
const user = s.dovecot.users[1];
const unique = (): string =>
  `extra-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

function config(extra: Partial<ImapConfig> = {}): ImapConfig {
  return {
    host: s.host,
    port: s.dovecot.imapsPort,
    secure: true,
    tls: { ca: readFileSync(s.dovecot.caFile, 'utf8'), servername: 'localhost' },
    auth: { user: user.user, password: user.password },
    ...extra,
  };
}

/** A syntactically valid message of about `size` bytes (76-column base64-looking lines). */
function bigMessage(size: number): Buffer {
  const head = `From: a@example.test\r\nTo: b@example.test\r\nSubject: big\r\nMessage-ID: <${unique()}@x>\r\n\r\n`;
  const line = Buffer.alloc(78);
  const body = Buffer.alloc(size - (size % 78));
  for (let i = 0; i < body.length; i += 78) {
    for (let k = 0; k < 76; k++) line[k] = 65 + ((i / 78 + k) % 26);
    line[76] = 13;
    line[77] = 10;
    line.copy(body, i);
  }
  return Buffer.concat([Buffer.from(head), body]);
}

/**
 * Hash a stream while sampling memory; returns the digest, the byte count and the peak growth
 * of RSS and of `arrayBuffers` (where Buffer bytes live: a buffered literal would show up here
 * as its full size, while RSS also counts garbage V8 has not collected yet).
 */
async function consume(stream: AsyncIterable<Uint8Array>) {
  const hash = createHash('sha256');
  const before = process.memoryUsage();
  const peak = { rss: 0, buffers: 0 };
  const sample = (): void => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss - before.rss);
    peak.buffers = Math.max(peak.buffers, m.arrayBuffers - before.arrayBuffers);
  };
  let bytes = 0;
  const timer = setInterval(sample, 5);
  try {
    for await (const chunk of stream) {
      hash.update(chunk);
      bytes += chunk.length;
      sample();
    }
  } finally {
    clearInterval(timer);
  }
  return { sha: hash.digest('hex'), bytes, rssGrowth: peak.rss, bufferGrowth: peak.buffers };
}

const mib = (n: number): string => (n / MiB).toFixed(1);

const MiB = 1024 * 1024;

describe('IMAP core extras against Dovecot', () => {
  it('streams a 20 MiB message back with bounded memory and without setting \\Seen', async () => {
    const client = await ImapClient.connect(config());
    const box = unique();
    await client.create(box);
    const { want, size, appended } = await (async () => {
      const raw = bigMessage(20 * MiB); // dropped once appended: only its digest is kept
      const digest = createHash('sha256').update(raw).digest('hex');
      return {
        want: digest,
        size: raw.length,
        appended: await client.append(box, [{ message: raw }]),
      };
    })();
    const uid = appended.uids?.[0]?.start ?? 1;
    await client.select(box);

    const got = await consume(client.fetchBodyStream(uid));
    expect(got.bytes).toBe(size);
    expect(got.sha).toBe(want);
    console.log(
      `fetchBodyStream: ${mib(size)} MiB streamed; peak growth: Buffer memory ${mib(got.bufferGrowth)} MiB, RSS ${mib(got.rssGrowth)} MiB`,
    );
    // a buffered fetch holds the whole literal (20 MiB) in Buffer memory at once; what we see
    // here is one transport read plus Buffers V8 has not collected yet
    expect(got.bufferGrowth).toBeLessThan(size / 2);

    // the same message fetched buffered, in the same run, for comparison
    const buffered = await consume(
      (async function* () {
        for await (const m of client.fetch(String(uid), { source: true }, { uid: true }))
          yield m.bodySections?.[0]?.data ?? new Uint8Array(0);
      })(),
    );
    expect(buffered.sha).toBe(want);
    console.log(
      `buffered FETCH BODY[]: peak growth: Buffer memory ${mib(buffered.bufferGrowth)} MiB, RSS ${mib(buffered.rssGrowth)} MiB`,
    );

    const [flags] = await client.fetchAll(String(uid), { uid: true, flags: true }, { uid: true });
    expect(flags?.flags ?? []).not.toContain('\\Seen');

    // the connection is in step afterwards, and an early stop leaves it usable
    for await (const _ of client.fetchBodyStream(uid)) break;
    await client.noop();
    const missing = await (async () => {
      for await (const _ of client.fetchBodyStream(uid + 1000)) void _;
    })().catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'ERR_NOT_FOUND' });

    // the backend's getMessageStream streams the same bytes
    const backend = new ImapBackend(config());
    try {
      const viaBackend = await consume(await backend.getMessageStream(box, String(uid)));
      expect(viaBackend.sha).toBe(want);
      console.log(
        `ImapBackend.getMessageStream: peak growth: Buffer memory ${mib(viaBackend.bufferGrowth)} MiB, RSS ${mib(viaBackend.rssGrowth)} MiB`,
      );
      expect(viaBackend.bufferGrowth).toBeLessThan(size / 2);
      await expect(backend.getMessageStream(box, String(uid + 1000))).rejects.toMatchObject({
        code: 'ERR_NOT_FOUND',
      });
    } finally {
      await backend.close();
    }

    await client.unselect();
    await client.delete(box);
    await client.logout();
  });
});

const digestTargets = [
  { name: 'Dovecot', port: s.dovecot.imapsPort, caFile: s.dovecot.caFile, account: user },
  { name: 'Cyrus', port: s.cyrus.imapsPort, caFile: s.cyrus.caFile, account: s.cyrus.users[1] },
];

describe('DIGEST-MD5 (RFC 2831)', () => {
  for (const t of digestTargets) {
    it(`authenticates against ${t.name}; a wrong password is ERR_AUTH without the password`, async () => {
      const target = (password: string): ImapConfig => ({
        host: s.host,
        port: t.port,
        secure: true,
        tls: { ca: readFileSync(t.caFile, 'utf8'), servername: 'localhost' },
        auth: { user: t.account.user, password, mechanism: 'DIGEST-MD5' },
      });
      const client = await ImapClient.connect(target(t.account.password));
      expect(client.state).toBe('authenticated');
      await client.noop();
      await client.logout();
      const bad = await ImapClient.connect(target('wrong-digest-pw')).catch((e: unknown) => e);
      expect(bad).toMatchObject({ code: 'ERR_AUTH' });
      expect(String((bad as Error).message)).not.toContain('wrong-digest-pw');
    });
  }
});
