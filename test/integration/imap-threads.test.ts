/**
 * IMAP listThreads uses the server's THREAD=REFERENCES (RFC 5256 §3) where advertised — both
 * test servers advertise it, and a recording proxy shows the `UID THREAD REFERENCES` command
 * went out — and the server's groups equal the client-side grouping the other stores use
 * (shared/reading/threads.ts) on a corpus with a References chain, a reply whose References is
 * missing (joined by subject, §2.2 step 5) and an unrelated message.
 */
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ImapBackend } from '../../src/backends/imap/index.js';
import { groupThreads } from '../../src/shared/reading/threads.js';
import type { Envelope } from '../../src/shared/types.js';
import { servers } from '../servers/coordinates.js';

function recordingProxy(
  target: number,
): Promise<{ server: Server; port: number; sent: () => string }> {
  let sent = '';
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    client.on('data', (d: Buffer) => (sent += d.toString('latin1')));
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
      resolve({ server, port: (server.address() as AddressInfo).port, sent: () => sent }),
    ),
  );
}

const run = Date.now().toString(36);
const message = (n: number, subject: string, extra: string[] = []): string =>
  [
    `From: p${n}@example.org`,
    'To: list@example.org',
    `Subject: ${subject}`,
    `Date: Mon, ${String(n).padStart(2, '0')} Nov 2026 10:00:00 +0000`,
    `Message-ID: <m${n}.${run}@example.org>`,
    ...extra,
    '',
    `message ${n}`,
    '',
  ].join('\r\n');

const corpus = [
  message(1, `plan ${run}`),
  message(2, `Re: plan ${run}`, [
    `In-Reply-To: <m1.${run}@example.org>`,
    `References: <m1.${run}@example.org>`,
  ]),
  message(3, `Re: plan ${run}`, [`References: <m1.${run}@example.org> <m2.${run}@example.org>`]),
  message(4, `Re: plan ${run}`), // a reply that lost its References: joined by subject
  message(5, `lunch ${run}`),
];

const s = servers();
const targets = [
  { name: 'Dovecot', port: s.dovecot.imapPort, account: s.dovecot.users[0] },
  { name: 'Cyrus', port: s.cyrus.imapPort, account: s.cyrus.users[0] },
];

describe.each(targets)('imap listThreads on $name', ({ port, account }) => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('sends UID THREAD REFERENCES and groups as the client-side threading does', async () => {
    const proxy = await recordingProxy(port);
    const backend = new ImapBackend({
      url: `imap://127.0.0.1:${proxy.port}`,
      auth: { user: account.user, password: account.password },
      starttls: 'never',
    });
    closers.push(
      () => new Promise((res) => proxy.server.close(() => res())),
      () => backend.close(),
    );
    const box = (await backend.createMailbox([`mr-threads-${run}`])).id;
    closers.push(() => backend.deleteMailbox(box).then(() => undefined));
    for (const raw of corpus) await backend.addMessage(box, raw);
    const page = await backend.listThreads(box);
    expect(proxy.sent()).toMatch(/UID THREAD REFERENCES UTF-8 ALL\r\n/);
    const subjects = (list: readonly Envelope[]): string[] => list.map((e) => e.subject).sort();
    // newest first by the latest message: lunch (day 5) before the plan thread (days 1–4)
    expect(page.threads.map((t) => subjects(t.envelopes))).toEqual([
      [`lunch ${run}`],
      [`Re: plan ${run}`, `Re: plan ${run}`, `Re: plan ${run}`, `plan ${run}`],
    ]);
    const all: Envelope[] = [];
    for await (const e of backend.iterateEnvelopes(box)) all.push(e);
    expect(page.threads.map((t) => subjects(t.envelopes))).toEqual(
      groupThreads(all).map((t) => subjects(t.envelopes)),
    );
  });
});
