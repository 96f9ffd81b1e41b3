import { afterEach, describe, expect, it } from 'vitest';
import { SmtpBackend } from '../../../src/backends/smtp/index.js';
import { MailError } from '../../../src/shared/errors.js';
import { startFakeSmtp, type FakeSmtp } from './fake-smtp-server.js';

let server: FakeSmtp | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const message =
  'From: Alice <alice@a.test>\nTo: bob@b.test\nBcc: carol@c.test\nSubject: hi\n\nhello\n';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(MailError);
    return (e as MailError).code;
  }
  return 'resolved';
}

describe('SmtpBackend against a loopback server', () => {
  it('refuses to send when STARTTLS is required and the server does not offer it', async () => {
    server = await startFakeSmtp();
    const smtp = new SmtpBackend({ url: `smtp://127.0.0.1:${server.port}` });
    expect(await codeOf(smtp.sendMessage(message))).toBe('ERR_STARTTLS_REQUIRED');
    expect(server.transactions).toHaveLength(0);
    expect(server.commands.some((c) => c.startsWith('MAIL'))).toBe(false);
    await smtp.close();
  });

  it("sends in cleartext only with starttls: 'never', Bcc delivered but not transmitted", async () => {
    server = await startFakeSmtp();
    const smtp = new SmtpBackend({ url: `smtp://127.0.0.1:${server.port}`, starttls: 'never' });
    const result = await smtp.sendMessage(message);
    expect(result.transport).toBe('smtp');
    expect(result.accepted.sort()).toEqual(['bob@b.test', 'carol@c.test']);
    const [tx] = server.transactions;
    expect(tx?.from).toBe('alice@a.test');
    expect(tx?.to).toEqual(['bob@b.test', 'carol@c.test']);
    expect(tx?.data).not.toMatch(/^bcc:/im);
    expect(tx?.data).toContain('Subject: hi\r\n\r\nhello\r\n');
    await smtp.close();
  });

  it('asks for 8BITMIME when the body has 8-bit bytes', async () => {
    server = await startFakeSmtp();
    const smtp = new SmtpBackend({ url: `smtp://127.0.0.1:${server.port}`, starttls: 'never' });
    await smtp.sendMessage('From: a@a.test\nTo: b@b.test\nSubject: x\n\nnaïve\n');
    expect(server.transactions[0]?.mailParams).toContain('BODY=8BITMIME');
    await smtp.close();
  });

  it('reports exactly which recipients were refused', async () => {
    server = await startFakeSmtp({ refuse: ['carol@c.test'] });
    const smtp = new SmtpBackend({ url: `smtp://127.0.0.1:${server.port}`, starttls: 'never' });
    const error = await smtp.sendMessage(message).then(
      () => undefined,
      (e: unknown) => e as MailError,
    );
    expect(error?.code).toBe('ERR_SEND_REJECTED');
    expect(error?.details['rejected']).toEqual(['carol@c.test']);
    expect(error?.details['accepted']).toEqual(['bob@b.test']);
    expect(server.transactions[0]?.to).toEqual(['bob@b.test']);
    await smtp.close();
  });

  it('builds a compose object into RFC 5322 and sends it', async () => {
    server = await startFakeSmtp();
    const smtp = new SmtpBackend({ url: `smtp://127.0.0.1:${server.port}`, starttls: 'never' });
    const result = await smtp.sendMessage({
      from: { name: 'Zoë', email: 'zoe@a.test' },
      to: ['bob@b.test'],
      bcc: [{ email: 'hidden@c.test' }],
      subject: 'Grüße',
      text: 'hello',
      attachments: [{ filename: 'a.txt', content: 'attached', contentType: 'text/plain' }],
    });
    expect(result.envelope).toEqual({ from: 'zoe@a.test', to: ['bob@b.test', 'hidden@c.test'] });
    const raw = new TextDecoder().decode(result.raw);
    expect(raw).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(raw).toContain('filename=a.txt');
    expect(raw).not.toMatch(/^bcc:/im);
    expect(server.transactions[0]?.data).not.toContain('hidden@c.test');
    await smtp.close();
  });

  it('rejects CR/LF in compose headers before connecting', async () => {
    server = await startFakeSmtp();
    const smtp = new SmtpBackend({ url: `smtp://127.0.0.1:${server.port}`, starttls: 'never' });
    const code = await codeOf(
      smtp.sendMessage({ from: 'a@a.test', to: ['b@b.test'], subject: 'x\r\nBcc: evil@e.test' }),
    );
    expect(code).toBe('ERR_INVALID_ARGUMENT');
    expect(server.commands).toHaveLength(0);
    await smtp.close();
  });

  it('maps a refused connection to ERR_CONNECTION', async () => {
    const smtp = new SmtpBackend({
      url: 'smtp://127.0.0.1:1',
      starttls: 'never',
      timeouts: { connectMs: 2000 },
    });
    expect(await codeOf(smtp.sendMessage(message))).toBe('ERR_CONNECTION');
  });
});
