/**
 * JMAP sending and push against Cyrus 3.6: EmailSubmission relayed by Postfix into Dovecot,
 * the Sent copy without $draft; watchMailbox fed by the event source while LMTP delivers.
 */
import { randomUUID } from 'node:crypto';
import { connect, createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { JmapBackend } from '../../src/backends/jmap/index.js';
import type { WatchEvent } from '../../src/shared/types.js';
import { servers } from '../servers/coordinates.js';
import { fetchByMessageId } from './helpers/imap-probe.js';

const s = servers();
const [cyrusUser] = s.cyrus.users;
const [dovecotUser] = s.dovecot.users;

function backend(): JmapBackend {
  return new JmapBackend({
    url: s.cyrus.jmapUrl,
    auth: { user: cyrusUser.user, password: cyrusUser.password },
  });
}

/** Deliver one message to a Cyrus user over LMTP (RFC 2033). */
async function lmtpDeliver(rcpt: string, raw: string): Promise<void> {
  const socket = connect({ host: s.host, port: s.cyrus.lmtpPort });
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (buffer += d));
  const expectCode = async (code: string): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!new RegExp(`^${code} `, 'm').test(buffer)) {
      if (Date.now() > deadline) throw new Error(`LMTP: expected ${code}, got ${buffer}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    buffer = '';
  };
  await expectCode('220');
  for (const [line, code] of [
    ['LHLO mailroom.test', '250'],
    ['MAIL FROM:<sender@example.test>', '250'],
    [`RCPT TO:<${rcpt}>`, '250'],
    ['DATA', '354'],
  ] as const) {
    socket.write(`${line}\r\n`);
    await expectCode(code);
  }
  socket.write(raw.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..') + '.\r\n');
  await expectCode('250');
  socket.end('QUIT\r\n');
}

/** Watch INBOX in the background, keeping every event; `ready` settles at onReady. */
function collect(jmap: JmapBackend, signal: AbortSignal) {
  let onReady = (): void => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const c = { events: [] as WatchEvent[], failure: undefined as unknown, done: false, ready };
  void (async () => {
    try {
      for await (const event of jmap.watchMailbox('INBOX', { signal, onReady }))
        c.events.push(event);
    } catch (error) {
      if (!signal.aborted) c.failure = error;
    } finally {
      c.done = true;
    }
  })();
  return c;
}
type Collected = ReturnType<typeof collect>;

/** The added event whose subject is `subject`, polled for up to `ms`; undefined if none. */
async function addedWithSubject(c: Collected, subject: string, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (c.failure !== undefined) throw c.failure;
    const found = c.events.find((e) => e.type === 'added' && e.envelope.subject === subject);
    if (found !== undefined || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** onReady: the baseline is taken and the event source is open (or the watch failed). */
async function waitUntilLive(c: Collected): Promise<void> {
  await Promise.race([
    c.ready,
    (async () => {
      while (c.failure === undefined && !c.done) await new Promise((r) => setTimeout(r, 50));
      throw c.failure ?? new Error('the watch ended before onReady');
    })(),
  ]);
}

describe('JMAP send and watch (Cyrus 3.6)', () => {
  it('sendMessage relays through Postfix into the Dovecot inbox; the Sent copy has no $draft', async () => {
    const jmap = backend();
    expect(await jmap.supports('sendMessage')).toBe(true);
    const id = randomUUID();
    const to = `${dovecotUser.user}@${s.dovecot.domain}`;
    const result = await jmap.sendMessage({
      from: { name: 'Cyrus Tester', email: `${cyrusUser.user}@${s.cyrus.domain}` },
      to: [to],
      subject: `mailroom jmap send ${id}`,
      text: 'hello over JMAP submission',
      messageId: `<${id}@mailroom.test>`,
    });
    expect(result.transport).toBe('jmap');
    expect(result.accepted).toEqual([to]);
    const delivered = await fetchByMessageId(
      { host: s.host, port: s.dovecot.imapsPort, caFile: s.dovecot.caFile, ...dovecotUser },
      `<${id}@mailroom.test>`,
    );
    expect(delivered).toContain(`mailroom jmap send ${id}`);

    const sent = (await jmap.listMailboxes()).find((b) => b.role === 'sent');
    expect(result.sentCopy?.mailbox).toBe(sent?.id);
    const copy = (await jmap.searchEnvelopes(sent?.id ?? 'Sent', `subject "${id}"`)).envelopes;
    expect(copy.map((e) => e.id)).toEqual([result.sentCopy?.id]);
    expect(copy[0]?.flags).not.toContain('draft');
    const drafts = (await jmap.listMailboxes()).find((b) => b.role === 'drafts');
    expect(
      (await jmap.searchEnvelopes(drafts?.id ?? 'Drafts', `subject "${id}"`)).envelopes,
    ).toEqual([]);
    await jmap.close();
  });

  it('a message delivered by LMTP becomes an added event with a full envelope within seconds', async () => {
    const jmap = backend();
    const controller = new AbortController();
    const id = randomUUID();
    const subject = `mailroom jmap watch ${id}`;
    const c = collect(jmap, controller.signal);
    await waitUntilLive(c);
    const started = Date.now();
    await lmtpDeliver(
      cyrusUser.user,
      [
        'From: Watcher <watcher@example.test>',
        `To: ${cyrusUser.user}@${s.cyrus.domain}`,
        `Subject: ${subject}`,
        `Message-ID: <${id}@mailroom.test>`,
        `Date: ${new Date().toUTCString()}`,
        '',
        'push me',
        '',
      ].join('\n'),
    );
    const added = await addedWithSubject(c, subject, 15_000);
    controller.abort();
    expect(added, `events seen: ${JSON.stringify(c.events)}`).toBeDefined();
    expect(Date.now() - started).toBeLessThan(10_000);
    if (added?.type === 'added') {
      expect(added.envelope.from).toEqual([{ name: 'Watcher', email: 'watcher@example.test' }]);
      expect(added.envelope.messageId).toBe(`<${id}@mailroom.test>`);
      expect(added.envelope.size).toBeGreaterThan(0);
    }
    await jmap.close();
  });

  it('recovers when the event-source connection drops: the message delivered meanwhile is reported', async () => {
    // A TCP proxy in front of Cyrus whose connections we cut; the session's URLs are relative,
    // so every request (API and event source) goes through it.
    const target = new URL(s.cyrus.jmapUrl);
    const sockets = new Set<Socket>();
    const proxy = createServer((client) => {
      const upstream = connect({ host: target.hostname, port: Number(target.port) });
      for (const sock of [client, upstream]) {
        sockets.add(sock);
        sock.on('error', () => undefined);
        sock.on('close', () => sockets.delete(sock));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as { port: number }).port;
    const jmap = new JmapBackend({
      url: `http://127.0.0.1:${port}`,
      auth: { user: cyrusUser.user, password: cyrusUser.password },
    });
    const controller = new AbortController();
    const id = randomUUID();
    const subject = `mailroom jmap reconnect ${id}`;
    const c = collect(jmap, controller.signal);
    await waitUntilLive(c);
    expect(sockets.size).toBeGreaterThan(0);
    for (const sock of sockets) sock.destroy();
    await lmtpDeliver(
      cyrusUser.user,
      [
        `From: a@example.test`,
        `To: ${cyrusUser.user}@${s.cyrus.domain}`,
        `Subject: ${subject}`,
        '',
        'again',
        '',
      ].join('\n'),
    );
    const added = await addedWithSubject(c, subject, 20_000);
    controller.abort();
    expect(added?.type).toBe('added');
    await jmap.close();
    for (const sock of sockets) sock.destroy();
    await new Promise((r) => proxy.close(r));
  });
});
