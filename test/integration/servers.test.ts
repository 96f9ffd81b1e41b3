/**
 * Smoke tests of the real test servers (test/servers/ensure.sh): each one is really talked to
 * with node:net / node:tls / undici, independent of the library's own code.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { servers } from '../servers/coordinates.js';
import { LineClient } from '../servers/line-client.js';

const c = servers();
const tlsTo = (caFile: string) => ({ ca: readFileSync(caFile), servername: 'localhost' });
const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const smtpEnd = /^\d{3} /;

describe('Dovecot', () => {
  it('greets on IMAP, upgrades with STARTTLS (cert verified by the CA file) and accepts LOGIN', async () => {
    const plain = await LineClient.open(c.host, c.dovecot.imapPort);
    const greeting = await plain.reply(/^\* /);
    expect(greeting).toMatch(/^\* OK .*Dovecot/);
    plain.send('a STARTTLS');
    expect(await plain.reply(/^a /)).toMatch(/^a OK/);
    const tls = await plain.upgrade(tlsTo(c.dovecot.caFile));
    expect((tls.socket as TLSSocket).authorized).toBe(true);
    const [user] = c.dovecot.users;
    tls.send(`b LOGIN ${user.user} ${user.password}`, `b LOGIN ${user.user} ***`);
    const login = await tls.reply(/^b /);
    expect(login).toMatch(/^b OK/);
    tls.send('c LOGOUT');
    await tls.reply(/^c /);
    tls.close();
    console.log(`dovecot imap :${c.dovecot.imapPort}: ${greeting} | STARTTLS verified | ${login}`);
  });
});

describe('Cyrus', () => {
  it('greets on IMAP and accepts LOGIN', async () => {
    const imap = await LineClient.open(c.host, c.cyrus.imapPort);
    const greeting = await imap.reply(/^\* /);
    expect(greeting).toMatch(/^\* OK /);
    const [user] = c.cyrus.users;
    imap.send(`a LOGIN ${user.user} ${user.password}`, `a LOGIN ${user.user} ***`);
    const login = await imap.reply(/^a /);
    expect(login).toMatch(/^a OK/);
    imap.send('b LIST "" "*"');
    const list = await imap.until(/^b /);
    expect(list.some((l) => /INBOX/.test(l))).toBe(true);
    imap.send('c LOGOUT');
    await imap.reply(/^c /);
    imap.close();
    console.log(
      `cyrus imap :${c.cyrus.imapPort}: ${greeting} | ${login} | ${list.length - 1} mailboxes`,
    );
  });

  it('serves the JMAP session object from /.well-known/jmap (Basic auth, via redirect)', async () => {
    const [user] = c.cyrus.users;
    const headers = { authorization: basic(user.user, user.password) };
    const wellKnown = new URL('/.well-known/jmap', c.cyrus.jmapUrl);
    const first = await request(wellKnown, { headers });
    await first.body.dump();
    expect([301, 302, 307, 308]).toContain(first.statusCode);
    const location = first.headers['location'];
    expect(typeof location).toBe('string');
    const sessionUrl = new URL(String(location), wellKnown);
    const res = await request(sessionUrl, { headers });
    expect(res.statusCode).toBe(200);
    const session = (await res.body.json()) as {
      capabilities: Record<string, unknown>;
      apiUrl: string;
      primaryAccounts: Record<string, string>;
    };
    for (const cap of ['core', 'mail', 'submission']) {
      expect(session.capabilities).toHaveProperty([`urn:ietf:params:jmap:${cap}`]);
    }
    expect(session.apiUrl).toEqual(expect.any(String));
    expect(session.primaryAccounts['urn:ietf:params:jmap:mail']).toEqual(expect.any(String));
    console.log(
      `cyrus jmap ${wellKnown.href} -> ${first.statusCode} ${sessionUrl.href}: apiUrl ${session.apiUrl}, ` +
        `capabilities ${Object.keys(session.capabilities).join(' ')}`,
    );
  });
  it('sends with JMAP EmailSubmission through Postfix into the Dovecot maildir', async () => {
    const [user] = c.cyrus.users;
    const headers = {
      authorization: basic(user.user, user.password),
      'content-type': 'application/json',
    };
    const sessionRes = await request(new URL('/jmap', c.cyrus.jmapUrl), { headers });
    const session = (await sessionRes.body.json()) as {
      apiUrl: string;
      primaryAccounts: Record<string, string>;
    };
    const accountId = session.primaryAccounts['urn:ietf:params:jmap:mail'] ?? '';
    const api = async (using: string[], methodCalls: unknown[]): Promise<unknown[][]> => {
      const res = await request(new URL(session.apiUrl, c.cyrus.jmapUrl), {
        method: 'POST',
        headers,
        body: JSON.stringify({ using, methodCalls }),
      });
      expect(res.statusCode).toBe(200);
      return ((await res.body.json()) as { methodResponses: unknown[][] }).methodResponses;
    };
    const core = ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'];
    const [drafts] = await api(core, [
      ['Mailbox/query', { accountId, filter: { role: 'drafts' } }, 'd'],
    ]);
    const draftsId = (drafts?.[1] as { ids: string[] }).ids[0] ?? '';
    const token = randomUUID();
    const from = `${user.user}@${c.cyrus.domain}`;
    const to = `${c.dovecot.users[0].user}@${c.dovecot.domain}`;
    const responses = await api(
      [...core, 'urn:ietf:params:jmap:submission'],
      [
        [
          'Email/set',
          {
            accountId,
            create: {
              d1: {
                mailboxIds: { [draftsId]: true },
                keywords: { $draft: true },
                from: [{ email: from }],
                to: [{ email: to }],
                subject: `jmap smoke ${token}`,
                bodyValues: { b: { value: 'sent by servers.test.ts' } },
                textBody: [{ partId: 'b', type: 'text/plain' }],
              },
            },
          },
          'c',
        ],
        [
          'EmailSubmission/set',
          {
            accountId,
            create: {
              s1: {
                identityId: user.user,
                emailId: '#d1',
                envelope: { mailFrom: { email: from }, rcptTo: [{ email: to }] },
              },
            },
          },
          's',
        ],
      ],
    );
    const submission = responses[1]?.[1] as { created?: Record<string, { id: string }> };
    expect(submission.created?.['s1']?.id).toEqual(expect.any(String));
    const file = await pollMaildir(c.dovecot.maildir, token, 10_000);
    expect(file).toBeDefined();
    console.log(
      `cyrus jmap EmailSubmission ${submission.created?.['s1']?.id} -> postfix -> ${file}`,
    );
  });
});

describe('Postfix', () => {
  it('answers EHLO on the smtp port with 250 and offers STARTTLS', async () => {
    const smtp = await LineClient.open(c.host, c.postfix.smtpPort);
    const banner = await smtp.reply(smtpEnd);
    expect(banner).toMatch(/^220 /);
    smtp.send('EHLO test.example');
    const ehlo = await smtp.until(smtpEnd);
    expect(ehlo.every((l) => l.startsWith('250'))).toBe(true);
    expect(ehlo.some((l) => /^250[- ]STARTTLS$/.test(l))).toBe(true);
    smtp.send('QUIT');
    await smtp.reply(smtpEnd);
    smtp.close();
    console.log(`postfix smtp :${c.postfix.smtpPort}: ${banner} | EHLO: ${ehlo.join(' / ')}`);
  });

  it('delivers mail submitted with STARTTLS + AUTH into the Dovecot maildir', async () => {
    const [user] = c.dovecot.users;
    const token = randomUUID();
    const rcpt = `${user.user}@${c.dovecot.domain}`;
    const plain = await LineClient.open(c.host, c.postfix.submissionPort);
    expect(await plain.reply(smtpEnd)).toMatch(/^220 /);
    plain.send('EHLO test.example');
    await plain.until(smtpEnd);
    plain.send('STARTTLS');
    expect(await plain.reply(smtpEnd)).toMatch(/^220 /);
    const smtp = await plain.upgrade(tlsTo(c.postfix.caFile));
    smtp.send('EHLO test.example');
    expect((await smtp.until(smtpEnd)).some((l) => /AUTH.*PLAIN/.test(l))).toBe(true);
    const plainAuth = Buffer.from(`\0${user.user}\0${user.password}`).toString('base64');
    smtp.send(`AUTH PLAIN ${plainAuth}`, 'AUTH PLAIN ***');
    expect(await smtp.reply(smtpEnd)).toMatch(/^235 /);
    smtp.send(`MAIL FROM:<${rcpt}>`);
    expect(await smtp.reply(smtpEnd)).toMatch(/^250 /);
    smtp.send(`RCPT TO:<${rcpt}>`);
    expect(await smtp.reply(smtpEnd)).toMatch(/^250 /);
    smtp.send('DATA');
    expect(await smtp.reply(smtpEnd)).toMatch(/^354 /);
    for (const line of [
      `From: <${rcpt}>`,
      `To: <${rcpt}>`,
      `Subject: smoke ${token}`,
      `Message-ID: <${token}@test.example>`,
      '',
      'delivered by servers.test.ts',
      '.',
    ]) {
      smtp.send(line);
    }
    const queued = await smtp.reply(smtpEnd);
    expect(queued).toMatch(/^250 /);
    smtp.send('QUIT');
    smtp.close();

    const file = await pollMaildir(c.dovecot.maildir, token, 10_000);
    expect(file).toBeDefined();
    console.log(`postfix :${c.postfix.submissionPort} ${queued} -> dovecot maildir ${file}`);
  });
});

/** Path of the message in MAILDIR/{new,cur} that contains TOKEN, polling until TIMEOUT. */
async function pollMaildir(
  maildir: string,
  token: string,
  timeoutMs: number,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const sub of ['new', 'cur']) {
      const dir = join(maildir, sub);
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        const text = await readFile(join(dir, name), 'latin1').catch(() => '');
        if (text.includes(token)) return join(dir, name);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return undefined;
}
