/**
 * The IMAP core (session, commands, SASL, driver, client) against real Dovecot and Cyrus:
 * every SASL mechanism each server offers, implicit TLS and STARTTLS, certificate checking,
 * COMPRESS, IDLE woken by another connection's APPEND, a FETCH iterated while other commands
 * run, and a sweep of the commands each server advertises. Uses users[1] and mailboxes with
 * unique names so other suites are not disturbed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { servers } from '../servers/coordinates.js';
import { ImapClient, ImapConnection, commands, values } from '../../src/backends/imap/index.js';
import { connectSocket } from '../../src/backends/imap/driver.js';
import { isMailError } from '../../src/shared/errors.js';
import type { ImapConfig } from '../../src/shared/config.js';

const s = servers();
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
      const box = unique();
      const other = `${box}-other`;
      if (has('ID')) expect(await client.id({ name: 'mailroom-test' })).not.toBeUndefined();
      if (has('ENABLE') && has('QRESYNC'))
        expect(await client.enable(['QRESYNC'])).toContain('QRESYNC');
      if (has('NAMESPACE')) expect((await client.namespace()).personal.length).toBeGreaterThan(0);
      await client.create(box, has('CREATE-SPECIAL-USE') ? {} : {});
      await client.create(other);
      await client.subscribe(box);
      const listed = await client.list({
        patterns: [`${box}*`],
        ...(has('LIST-STATUS') ? { status: ['MESSAGES', 'UIDNEXT'] as const } : {}),
      });
      expect(listed.map((e) => e.mailbox).sort()).toEqual([box, other].sort());
      await client.unsubscribe(box);
      const appended = await client.append(box, [
        {
          message: message('alpha'),
          flags: ['\\Flagged'],
          internalDate: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
        },
      ]);
      if (has('UIDPLUS')) expect(appended.uids?.[0]?.start).toBeGreaterThan(0);
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
      if (has('ESEARCH'))
        expect(
          (await client.search([values.atom('ALL')], { return: ['COUNT'] })).esearch?.count,
        ).toBe(2);
      if (has('SORT'))
        expect(
          await client.sort([{ key: 'SUBJECT', reverse: true }], [values.atom('ALL')]),
        ).toEqual([2, 1]);
      if (has('THREAD=REFERENCES'))
        expect((await client.thread('REFERENCES', [values.atom('ALL')])).length).toBe(2);
      const stored = await client.store('1', ['\\Seen'], {
        action: 'add',
        ...(has('CONDSTORE') ? { unchangedSince: sel.highestModseq ?? 1n } : {}),
      });
      expect(stored.updated.length + stored.modified.length).toBeGreaterThanOrEqual(0);
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
      if (has('BINARY')) await client.fetchAll('1', { binary: [{ section: '1' }] });
      await client.copy('1', other, { uid: false });
      if (has('MOVE')) expect((await client.move('2', other)).destinationUids ?? []).toBeDefined();
      await client.store('1', ['\\Deleted'], { action: 'add', silent: true });
      if (has('UIDPLUS')) await client.uidExpunge(String(fetched[0]?.uid ?? 1));
      else await client.expunge();
      await client.check().catch(() => undefined); // CHECK is gone from IMAP4rev2 servers
      if (has('QUOTA')) await client.getQuotaRoot(box);
      if (has('ACL')) {
        expect((await client.myRights(box)).length).toBeGreaterThan(0);
        expect((await client.getAcl(box)).length).toBeGreaterThan(0);
      }
      if (has('METADATA')) {
        await client.setMetadata(box, { '/private/comment': 'hello' });
        expect(
          Buffer.from(
            (await client.getMetadata(box, ['/private/comment'])).get('/private/comment') ?? [],
          ).toString(),
        ).toBe('hello');
      }
      if (has('UNSELECT')) await client.unselect();
      else await client.close();
      await client.rename(other, `${other}-renamed`);
      await client.delete(`${other}-renamed`);
      await client.delete(box);
      const failure = await client.select(box).catch((e: unknown) => e);
      expect(isMailError(failure, 'ERR_PROTOCOL')).toBe(true);
      await client.noop(); // still in sync after a NO
      await client.logout();
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
  it('commands as bare generators run under any driver', () => {
    expect(typeof commands.noop).toBe('function');
  });
});
