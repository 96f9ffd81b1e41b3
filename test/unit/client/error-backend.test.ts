/**
 * MailError.backend is the name the backend was registered under (docs/errors.md), on every
 * backend, alone or behind EmailClient: set once, by attributeError at each call gate.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmailClient } from '../../../src/client/email-client.js';
import { ImapBackend } from '../../../src/backends/imap/index.js';
import { JmapBackend } from '../../../src/backends/jmap/index.js';
import { M2dirBackend } from '../../../src/backends/m2dir/index.js';
import { MaildirBackend } from '../../../src/backends/maildir/index.js';
import { SmtpBackend } from '../../../src/backends/smtp/index.js';
import { MailError } from '../../../src/shared/errors.js';

async function failure(p: Promise<unknown>): Promise<MailError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(MailError);
  return e as MailError;
}

/** A loopback port nothing listens on (connections are refused at once). */
const CLOSED = 'http://127.0.0.1:9';

describe('MailError.backend names the registered backend', () => {
  it('maildir and m2dir', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mailroom-errname-'));
    const maildir = new MaildirBackend({ root: join(root, 'md'), create: true }, { name: 'mine' });
    expect((await failure(maildir.getMessage('INBOX', 'nope'))).backend).toBe('mine');
    const m2dir = new M2dirBackend({ root: join(root, 'm2'), create: true }, { name: 'store2' });
    expect((await failure(m2dir.getMessage('INBOX', 'nope'))).backend).toBe('store2');
  });

  it('imap (was hard-coded "imap") and jmap (was missing)', async () => {
    const imap = new ImapBackend(
      { host: '127.0.0.1', port: 9, starttls: 'never', timeouts: { connectMs: 2000 } },
      { name: 'work' },
    );
    expect((await failure(imap.listMailboxes())).backend).toBe('work');
    await imap.close();
    const jmap = new JmapBackend({ url: CLOSED, auth: { bearer: 't' } }, { name: 'fastmail' });
    expect((await failure(jmap.listMailboxes())).backend).toBe('fastmail');
    await jmap.close();
  });

  it('smtp (was missing on most errors)', async () => {
    const smtp = new SmtpBackend(
      { host: '127.0.0.1', port: 9, starttls: 'never' },
      { name: 'out' },
    );
    const e = await failure(smtp.sendMessage('To: b@example.org\r\n\r\nno sender'));
    expect(e.code).toBe('ERR_INVALID_ARGUMENT');
    expect(e.backend).toBe('out');
    await smtp.close();
  });

  it('through EmailClient: the registered name', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mailroom-errname-'));
    const client = new EmailClient().withMaildir({ root, create: true }, { name: 'local' });
    expect((await failure(client.getMessage('INBOX', 'nope'))).backend).toBe('local');
    await client.close();
  });
});
