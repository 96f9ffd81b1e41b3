/**
 * The IMAP core (session, commands, SASL, driver, client) against real Dovecot and Cyrus:
 * every SASL mechanism each server offers, implicit TLS and STARTTLS, certificate checking,
 * COMPRESS, IDLE woken by another connection's APPEND, a FETCH iterated while other commands
 * run, and a sweep of the commands each server advertises. Uses users[1] and mailboxes with
 * unique names so other suites are not disturbed.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { servers } from '../servers/coordinates.js';
import {
  ImapClient,
  ImapConnection,
  ImapSession,
  commands,
  values,
} from '../../src/backends/imap/index.js';
import { connectSocket } from '../../src/backends/imap/driver.js';
import { isMailError } from '../../src/shared/errors.js';
import type { ImapConfig } from '../../src/shared/config.js';

const s = servers();
/** The capability steps of the sweep each server must take (what it advertises here). */
const SWEEP_EXPECTED: Record<string, readonly string[]> = {
  Dovecot: [
    'ID',
    'QRESYNC',
    'NAMESPACE',
    'LIST-STATUS',
    'UIDPLUS',
    'ESEARCH',
    'SORT',
    'THREAD=REFERENCES',
    'CONDSTORE',
    'BINARY',
    'MOVE',
    'QUOTA',
    'ACL',
    'METADATA',
  ],
  Cyrus: [
    'ID',
    'QRESYNC',
    'NAMESPACE',
    'LIST-STATUS',
    'UIDPLUS',
    'ESEARCH',
    'SORT',
    'THREAD=REFERENCES',
    'CONDSTORE',
    'BINARY',
    'MOVE',
    'QUOTA',
    'ACL',
    'METADATA',
  ],
};

const unique = (): string =>
  `core-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
const message = (subject: string): Buffer =>
  Buffer.from(
    `From: a@example.test\r\nTo: b@example.test\r\nSubject: ${subject}\r\nMessage-ID: <${unique()}@x>\r\n\r\nbody ${subject}\r\n`,
  );

interface Target {
  name: string;
  imapPort: number;
  imapsPort: number;
  caFile: string;
  user: { user: string; password: string };
  tokenMechanisms: boolean;
}

const targets: Target[] = [
  {
    name: 'Dovecot',
    imapPort: s.dovecot.imapPort,
    imapsPort: s.dovecot.imapsPort,
    caFile: s.dovecot.caFile,
    user: s.dovecot.users[1],
    tokenMechanisms: true,
  },
  {
    name: 'Cyrus',
    imapPort: s.cyrus.imapPort,
    imapsPort: s.cyrus.imapsPort,
    caFile: s.cyrus.caFile,
    user: s.cyrus.users[1],
    tokenMechanisms: false,
  },
];

function config(t: Target, extra: Partial<ImapConfig> = {}): ImapConfig {
  return {
    host: s.host,
    port: t.imapsPort,
    secure: true,
    tls: { ca: readFileSync(t.caFile, 'utf8'), servername: 'localhost' },
    auth: { user: t.user.user, password: t.user.password },
    ...extra,
  };
}

/** The AUTH= mechanisms offered over TLS before login. */
async function offeredMechanisms(t: Target): Promise<string[]> {
  const transport = await connectSocket({
    host: s.host,
    port: t.imapsPort,
    secure: true,
    tls: config(t).tls,
  });
  const conn = new ImapConnection(transport);
  await conn.greeting({ tlsRequired: false });
  await conn.capability();
  const mechs = conn.session.authMechanisms;
  await conn.logout();
  return mechs;
}

for (const t of targets) {
  describe(`IMAP core against ${t.name}`, () => {
    it('authenticates with every SASL mechanism the server offers that we implement', async () => {
      const offered = await offeredMechanisms(t);
      const ours = [
        'PLAIN',
        'LOGIN',
        'CRAM-MD5',
        'SCRAM-SHA-1',
        'SCRAM-SHA-256',
        'OAUTHBEARER',
        'XOAUTH2',
      ];
      const tried = offered.filter((m) => ours.includes(m));
      expect(tried.length).toBeGreaterThanOrEqual(3);
      if (t.tokenMechanisms)
        expect(tried).toEqual(expect.arrayContaining(['OAUTHBEARER', 'XOAUTH2', 'SCRAM-SHA-256']));
      for (const mechanism of tried) {
        const token = mechanism === 'OAUTHBEARER' || mechanism === 'XOAUTH2';
        // Dovecot's passwd-file checks OAuth tokens as the password (framing test, not real OAuth)
        const auth = token
          ? { user: t.user.user, accessToken: t.user.password, mechanism }
          : { user: t.user.user, password: t.user.password, mechanism };
        const client = await ImapClient.connect(config(t, { auth }));
        expect(client.state, mechanism).toBe('authenticated');
        await client.logout();
      }
      // a wrong password is ERR_AUTH and the message does not contain it
      const bad = await ImapClient.connect(
        config(t, { auth: { user: t.user.user, password: 'wrong-secret-pw', mechanism: 'PLAIN' } }),
      ).catch((e: unknown) => e);
      expect(isMailError(bad, 'ERR_AUTH')).toBe(true);
      expect(String((bad as Error).message)).not.toContain('wrong-secret-pw');
    });

    it('STARTTLS on the cleartext port (required by default) and implicit TLS', async () => {
      const starttls = await ImapClient.connect(config(t, { port: t.imapPort, secure: false }));
      expect(starttls.session.secure).toBe(true);
      expect(starttls.hasCapability('STARTTLS')).toBe(false); // re-read over TLS
      await starttls.logout();
      const implicit = await ImapClient.connect(config(t));
      expect(implicit.session.secure).toBe(true);
      await implicit.logout();
    });

    it('verifies the certificate: without the CA the connection is refused with ERR_TLS', async () => {
      const error = await ImapClient.connect({
        ...config(t),
        tls: { servername: 'localhost' },
      }).catch((e: unknown) => e);
      expect(isMailError(error, 'ERR_TLS')).toBe(true);
    });

    it('COMPRESS=DEFLATE: commands and a FETCH work after compression starts', async () => {
      const client = await ImapClient.connect(config(t, { compress: true }));
      const box = unique();
      await client.create(box);
      await client.append(box, [
        { message: message('compressed one') },
        { message: message('compressed two') },
      ]);
      await client.select(box);
      const got = await client.fetchAll('1:*', { uid: true, envelope: true });
      expect(got.map((m) => m.envelope?.subject)).toEqual(['compressed one', 'compressed two']);
      await client.unselect();
      await client.delete(box);
      await client.logout();
    });

    it('IDLE receives the EXISTS caused by another connection’s APPEND', async () => {
      const box = unique();
      const watcher = await ImapClient.connect(config(t));
      await watcher.create(box);
      await watcher.select(box);
      const exists = new Promise<number>((resolve) =>
        watcher.on('exists', (e) => resolve(e.count)),
      );
      const stop = new AbortController();
      const idling = watcher.idle({ signal: stop.signal });
      const writer = await ImapClient.connect(config(t));
      await writer.append(box, [{ message: message('wake up') }]);
      const count = await Promise.race([
        exists,
        new Promise<number>((_, reject) =>
          setTimeout(() => reject(new Error('no EXISTS within 20 s')), 20_000),
        ),
      ]);
      expect(count).toBe(1);
      stop.abort();
      await idling;
      // the connection is usable after DONE
      await watcher.noop();
      await watcher.unselect();
      await watcher.delete(box);
      await Promise.all([watcher.logout(), writer.logout()]);
    });

    it('a command issued while iterating a FETCH neither deadlocks nor corrupts the stream', async () => {
      const client = await ImapClient.connect(config(t));
      const box = unique();
      await client.create(box);
      const batch = Array.from({ length: 40 }, (_, i) => ({ message: message(`m${i}`) }));
      if (client.hasCapability('MULTIAPPEND')) await client.append(box, batch);
      else for (const m of batch) await client.append(box, [m]);
      await client.select(box);
      let seen = 0;
      const statuses: number[] = [];
      for await (const m of client.fetch('1:*', { uid: true, flags: true })) {
        seen += 1;
        if (seen % 10 === 0)
          statuses.push((await client.status('INBOX', ['MESSAGES'])).messages ?? -1);
        expect(m.uid).toBeGreaterThan(0);
      }
      expect(seen).toBe(40);
      expect(statuses).toHaveLength(4);
      // breaking out early abandons the rest but keeps the connection usable
      for await (const _ of client.fetch('1:*', { uid: true })) break;
      await client.noop();
      await client.close();
      await client.delete(box);
      await client.logout();
    });

    it('sweeps the commands the server advertises', async () => {
      const client = await ImapClient.connect(config(t));
      const has = (c: string): boolean => client.hasCapability(c);
      // Every capability-dependent step records that it ran; the list is checked against what
      // each server is known to advertise, so a step can neither be skipped silently nor pass
      // without asserting.
      const ran: string[] = [];
      const step = async (cap: string, fn: () => Promise<void>): Promise<void> => {
        if (!has(cap)) return;
        ran.push(cap);
        await fn();
      };
      const box = unique();
      const other = `${box}-other`;
      await step('ID', async () => {
        const id = await client.id({ name: 'mailroom-test' });
        expect(id?.['name'] ?? id?.['Name']).toMatch(/dovecot|cyrus/i);
      });
      await step('QRESYNC', async () => {
        expect(await client.enable(['QRESYNC'])).toContain('QRESYNC');
      });
      await step('NAMESPACE', async () => {
        expect((await client.namespace()).personal.length).toBeGreaterThan(0);
      });
      await client.create(box);
      await client.create(other);
      await client.subscribe(box);
      const subscribed = await client.list({ patterns: [`${box}*`], select: ['SUBSCRIBED'] });
      expect(subscribed.map((e) => e.mailbox)).toEqual([box]);
      let listed = await client.list({ patterns: [`${box}*`] });
      await step('LIST-STATUS', async () => {
        listed = await client.list({ patterns: [`${box}*`], status: ['MESSAGES', 'UIDNEXT'] });
        expect(listed.map((e) => e.status?.messages)).toEqual([0, 0]);
      });
      expect(listed.map((e) => e.mailbox).sort()).toEqual([box, other].sort());
      await client.unsubscribe(box);
      expect(await client.list({ patterns: [`${box}*`], select: ['SUBSCRIBED'] })).toEqual([]);
      const appended = await client.append(box, [
        {
          message: message('alpha'),
          flags: ['\\Flagged'],
          internalDate: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
        },
      ]);
      await step('UIDPLUS', async () => {
        expect(appended.uids?.[0]?.start).toBeGreaterThan(0);
      });
      await client.append(box, [{ message: message('beta') }]);
      const st = await client.status(box, ['MESSAGES', 'UIDNEXT', 'UIDVALIDITY']);
      expect(st.messages).toBe(2);
      const many = await client.statusMany([box, other, `${box}-missing`], ['MESSAGES']);
      expect(many.get(box)).toEqual({ ok: true, value: { messages: 2 } });
      expect(many.get(other)).toEqual({ ok: true, value: { messages: 0 } });
      expect(many.get(`${box}-missing`)?.ok).toBe(false);
      const sel = await client.select(box, has('CONDSTORE') ? { condstore: true } : {});
      expect(sel.exists).toBe(2);
      const found = await client.search([values.atom('SUBJECT'), values.string('alpha')], {
        uid: true,
      });
      expect(found.ids).toHaveLength(1);
      await step('ESEARCH', async () => {
        const e = await client.search([values.atom('ALL')], { return: ['COUNT'] });
        expect(e.esearch?.count).toBe(2);
      });
      await step('SORT', async () => {
        expect(
          await client.sort([{ key: 'SUBJECT', reverse: true }], [values.atom('ALL')]),
        ).toEqual([2, 1]);
      });
      await step('THREAD=REFERENCES', async () => {
        expect((await client.thread('REFERENCES', [values.atom('ALL')])).length).toBe(2);
      });
      let unchangedSince: bigint | undefined;
      await step('CONDSTORE', async () => {
        expect(sel.highestModseq).toBeGreaterThan(0n);
        unchangedSince = sel.highestModseq;
      });
      const stored = await client.store('1', ['\\Seen'], {
        action: 'add',
        ...(unchangedSince === undefined ? {} : { unchangedSince }),
      });
      // the server reports the new flags of message 1, and nothing failed the UNCHANGEDSINCE test
      expect(stored.modified).toEqual([]);
      expect(stored.updated.map((u) => u.attributes.flags)).toEqual([
        expect.arrayContaining(['\\Seen', '\\Flagged']),
      ]);
      const fetched = await client.fetchAll('1:*', {
        uid: true,
        flags: true,
        envelope: true,
        bodyStructure: true,
        internalDate: true,
        size: true,
        headers: ['SUBJECT'],
        ...(has('PREVIEW') ? { preview: true } : {}),
      });
      expect(fetched[0]?.flags).toEqual(expect.arrayContaining(['\\Seen', '\\Flagged']));
      expect(fetched[0]?.internalDate).toMatch(/2024/);
      await step('BINARY', async () => {
        const [part] = await client.fetchAll('1', { binary: [{ section: '1' }] });
        const sections = (part as unknown as { binarySections?: { data?: Uint8Array }[] })
          .binarySections;
        expect(Buffer.from(sections?.[0]?.data ?? []).toString()).toContain('body alpha');
      });
      const copied = await client.copy('1', other, { uid: false });
      if (has('UIDPLUS')) expect(copied.destinationUids?.length).toBe(1);
      await step('MOVE', async () => {
        await client.move('2', other);
        expect((await client.status(other, ['MESSAGES'])).messages).toBe(2);
        expect((await client.noop(), client.selected?.exists)).toBe(1);
      });
      await client.store('1', ['\\Deleted'], { action: 'add', silent: true });
      if (has('UIDPLUS')) await client.uidExpunge(String(fetched[0]?.uid ?? 1));
      else await client.expunge();
      expect((await client.status(box, ['MESSAGES'])).messages).toBe(has('MOVE') ? 0 : 1);
      // CHECK exists in IMAP4rev1 (both servers here); IMAP4rev2 removed it (RFC 9051 §6.4.1)
      if (!has('IMAP4rev2')) await client.check();
      await step('QUOTA', async () => {
        const root = await client.getQuotaRoot(box);
        expect(root).toBeDefined();
        expect(Array.isArray(root.roots ?? [])).toBe(true);
      });
      await step('ACL', async () => {
        expect((await client.myRights(box)).length).toBeGreaterThan(0);
        expect((await client.getAcl(box)).length).toBeGreaterThan(0);
      });
      await step('METADATA', async () => {
        await client.setMetadata(box, { '/private/comment': 'hello' });
        expect(
          Buffer.from(
            (await client.getMetadata(box, ['/private/comment'])).get('/private/comment') ?? [],
          ).toString(),
        ).toBe('hello');
      });
      if (has('UNSELECT')) await client.unselect();
      else await client.close();
      expect(client.selected).toBeUndefined();
      await client.rename(other, `${other}-renamed`);
      await client.delete(`${other}-renamed`);
      await client.delete(box);
      const failure = await client.select(box).catch((e: unknown) => e);
      expect(isMailError(failure, 'ERR_PROTOCOL')).toBe(true);
      await client.noop(); // still in sync after a NO
      await client.logout();
      expect(ran.sort()).toEqual([...SWEEP_EXPECTED[t.name]!].sort());
    });
  });
}

describe('connection lifecycle', () => {
  it('pending calls fail with ERR_CONNECTION_CLOSED when the connection drops; aborts only abandon', async () => {
    const t = targets[0] as Target;
    const client = await ImapClient.connect(config(t));
    const controller = new AbortController();
    const aborted = client.noop({ signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    await client.noop(); // framing intact
    const pending = client.status('INBOX', ['MESSAGES']);
    (client as unknown as { transport: { destroy(): void } }).transport.destroy();
    const error = await pending.catch((e: unknown) => e);
    expect(isMailError(error)).toBe(true);
    expect(await client.noop().catch((e: unknown) => (e as { code: string }).code)).toBe(
      'ERR_CONNECTION_CLOSED',
    );
  });
  it('commands as bare generators run under any driver: a 20-line driver of our own', async () => {
    // Not the package's driver: a plain socket and a loop that answers write/read requests.
    const t = targets[0] as Target;
    const socket = net.connect(t.imapPort, '127.0.0.1');
    await once(socket, 'connect');
    const chunks: Buffer[] = [];
    let wake: (() => void) | undefined;
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      wake?.();
    });
    const read = async (): Promise<Uint8Array> => {
      while (chunks.length === 0) await new Promise<void>((r) => (wake = r));
      return Buffer.concat(chunks.splice(0));
    };
    const run = async <T>(co: Generator<unknown, T, unknown>): Promise<T> => {
      let step = co.next();
      while (step.done !== true) {
        const request = step.value as { type: string; bytes?: Uint8Array };
        if (request.type === 'write') {
          socket.write(request.bytes ?? new Uint8Array());
          step = co.next(undefined);
        } else if (request.type === 'read') step = co.next(await read());
        else step = co.next(undefined); // events and common requests: nothing to do here
      }
      return step.value;
    };
    const session = new ImapSession();
    await run(commands.greeting(session, { tlsRequired: false }));
    await run(commands.capability(session));
    expect(session.capabilities.has('IMAP4REV1')).toBe(true);
    await run(commands.noop(session));
    socket.destroy();
  });
});
