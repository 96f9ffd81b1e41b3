import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { SmtpBackend } from '../../src/backends/smtp/index.js';
import { EmailClient } from '../../src/client/email-client.js';
import { MailError } from '../../src/shared/errors.js';
import { servers } from '../servers/coordinates.js';
import { fetchByMessageId } from './helpers/imap-probe.js';

const s = servers();
const ca = readFileSync(s.postfix.caFile, 'utf8');
const [user1, user2] = s.dovecot.users;
const domain = s.dovecot.domain;
const imap = (u: { user: string; password: string }) => ({
  host: s.host,
  port: s.dovecot.imapsPort,
  caFile: s.dovecot.caFile,
  user: u.user,
  password: u.password,
});

function message(id: string, extra = ''): string {
  return [
    `From: Tester <${user1.user}@${domain}>`,
    `To: ${user1.user}@${domain}`,
    extra,
    `Subject: mailroom smtp test ${id}`,
    `Message-ID: <${id}@mailroom.test>`,
    `Date: ${new Date().toUTCString()}`,
    '',
    'hello from mailroom',
    '',
  ]
    .filter((l, i) => l !== '' || i > 3)
    .join('\n');
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return e instanceof MailError ? e.code : `not a MailError: ${String(e)}`;
  }
}

describe('SMTP against Postfix (delivering to Dovecot)', () => {
  it('sends with STARTTLS + AUTH on the submission port; it lands in the Dovecot inbox', async () => {
    const smtp = new SmtpBackend({
      url: `smtp://${s.host}:${s.postfix.submissionPort}`,
      auth: { user: user1.user, password: user1.password },
      tls: { ca, servername: 'localhost' },
    });
    await smtp.verify();
    const id = randomUUID();
    const result = await smtp.sendMessage(message(id));
    expect(result.accepted).toEqual([`${user1.user}@${domain}`]);
    const delivered = await fetchByMessageId(imap(user1), `<${id}@mailroom.test>`);
    expect(delivered).toContain(`Subject: mailroom smtp test ${id}`);
    await smtp.close();
  });

  it('sends over implicit TLS (smtps://)', async () => {
    const smtp = new SmtpBackend({
      url: `smtps://${s.host}:${s.postfix.smtpsPort}`,
      auth: { user: user1.user, password: user1.password },
      tls: { ca, servername: 'localhost' },
    });
    const id = randomUUID();
    await smtp.sendMessage(message(id));
    expect(await fetchByMessageId(imap(user1), `<${id}@mailroom.test>`)).toContain(id);
    await smtp.close();
  });

  it('delivers to a Bcc recipient, and no delivered copy carries a Bcc header', async () => {
    const smtp = new SmtpBackend({
      url: `smtp://${s.host}:${s.postfix.submissionPort}`,
      auth: { user: user1.user, password: user1.password },
      tls: { ca, servername: 'localhost' },
    });
    const id = randomUUID();
    const result = await smtp.sendMessage(message(id, `Bcc: Hidden <${user2.user}@${domain}>`));
    expect(result.envelope.to).toEqual([`${user1.user}@${domain}`, `${user2.user}@${domain}`]);
    const toCopy = await fetchByMessageId(imap(user1), `<${id}@mailroom.test>`);
    const bccCopy = await fetchByMessageId(imap(user2), `<${id}@mailroom.test>`);
    expect(toCopy).toBeDefined();
    expect(bccCopy).toBeDefined();
    for (const copy of [toCopy, bccCopy]) expect(copy).not.toMatch(/^bcc:/im);
    await smtp.close();
  });

  it('maps a wrong password to ERR_AUTH and an untrusted certificate to ERR_TLS', async () => {
    const wrong = new SmtpBackend({
      url: `smtp://${s.host}:${s.postfix.submissionPort}`,
      auth: { user: user1.user, password: 'wrong-password' },
      tls: { ca, servername: 'localhost' },
    });
    expect(await codeOf(wrong.verify())).toBe('ERR_AUTH');
    const untrusted = new SmtpBackend({
      url: `smtps://${s.host}:${s.postfix.smtpsPort}`,
      auth: { user: user1.user, password: user1.password },
    });
    expect(await codeOf(untrusted.verify())).toBe('ERR_TLS');
  });

  it('routes through SMTP when it is the only sending backend and saves the Sent copy', async () => {
    const memorySent: { mailbox: string; raw: Uint8Array }[] = [];
    const client = new EmailClient()
      .register({
        name: 'store',
        kind: 'maildir',
        supports: () => true,
        close: async () => undefined,
        listMailboxes: async () => [{ id: 'Sent', name: 'Sent', path: ['Sent'], role: 'sent' }],
        addMessage: async (mailbox, raw) => {
          memorySent.push({
            mailbox,
            raw: typeof raw === 'string' ? new TextEncoder().encode(raw) : raw,
          });
          return 'copy-1';
        },
      })
      .withSmtp({
        url: `smtp://${s.host}:${s.postfix.submissionPort}`,
        auth: { user: user1.user, password: user1.password },
        tls: { ca, servername: 'localhost' },
      });
    const id = randomUUID();
    const result = await client.sendMessage(message(id, `Bcc: ${user2.user}@${domain}`), {
      saveToSent: true,
    });
    expect(result.transport).toBe('smtp');
    expect(result.sentCopy).toEqual({ mailbox: 'Sent', id: 'copy-1' });
    expect(new TextDecoder().decode(memorySent[0]?.raw)).not.toMatch(/^bcc:/im);
    await client.close();
  });
});
