/**
 * addMessage over IMAP: what goes on the wire (CRLF, never a NUL) and what a refused APPEND
 * means. Only `[TRYCREATE]` / `[NONEXISTENT]`, or the mailbox missing from LIST, is "not
 * found"; any other NO (Cyrus: `NO Message contains bare newlines`) is the server's refusal,
 * with its text.
 */
import { describe, expect, it } from 'vitest';
import { ImapConnection } from '../../../../src/backends/imap/client/connection.js';
import { ImapLink } from '../../../../src/backends/imap/ops/link.js';
import { addMessage as addMessageOp } from '../../../../src/backends/imap/ops/messages.js';
import { MailError } from '../../../../src/shared/errors.js';
import { FakeTransport } from '../fake-server.js';
import { viaLink } from './via-link.js';

const addMessage = viaLink(addMessageOp);

/** A server that answers APPEND with `appendAnswer` and LIST with the given mailboxes. */
function setUp(appendAnswer: string, listed: string[]) {
  const appended: string[] = [];
  let literal = -1;
  let pendingTag = '';
  const transport = new FakeTransport((line, push) => {
    if (literal >= 0) {
      // the message bytes, then the CRLF that ends the command line
      if (literal === 0 && line === '\r\n') {
        literal = -1;
        push(`${pendingTag} ${appendAnswer}\r\n`);
        return;
      }
      appended.push(line);
      literal -= Buffer.byteLength(line, 'latin1');
      return;
    }
    const m = /^(\S+) (APPEND|LIST)\b.*?(?:\{(\d+)\+\})?\r\n$/.exec(line);
    if (m === null) return;
    const [, tag = '', verb, size] = m;
    if (verb === 'APPEND') {
      pendingTag = tag;
      literal = Number(size);
      return;
    }
    push(`${listed.map((n) => `* LIST () "/" ${n}\r\n`).join('')}${tag} OK done\r\n`);
  });
  const conn = new ImapConnection(transport);
  conn.session.setCapabilities(['IMAP4rev1', 'LITERAL+', 'UIDPLUS']);
  conn.session.state = 'authenticated';
  return { transport, appended, link: new ImapLink(() => Promise.resolve(conn)) };
}

async function failure(p: Promise<unknown>): Promise<MailError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(MailError);
  return e as MailError;
}

describe('addMessage over IMAP', () => {
  it('a code-less NO for a listed mailbox is the server refusal, not ERR_NOT_FOUND', async () => {
    const { link } = setUp('NO Message contains bare newlines', ['INBOX']);
    const e = await failure(addMessage(link, 'INBOX', 'Subject: x\r\n\r\nbody\r\n'));
    expect(e.code).not.toBe('ERR_NOT_FOUND');
    expect(e.message).toContain('Message contains bare newlines');
  });

  it('a code-less NO for a mailbox LIST does not show is ERR_NOT_FOUND', async () => {
    const { link } = setUp('NO Mailbox does not exist', ['INBOX']);
    const e = await failure(addMessage(link, 'Gone', 'Subject: x\r\n\r\nbody\r\n'));
    expect(e.code).toBe('ERR_NOT_FOUND');
  });

  it('[TRYCREATE] is ERR_NOT_FOUND without asking LIST', async () => {
    const { link, transport } = setUp('NO [TRYCREATE] no such mailbox', ['INBOX']);
    const e = await failure(addMessage(link, 'Gone', 'Subject: x\r\n\r\nbody\r\n'));
    expect(e.code).toBe('ERR_NOT_FOUND');
    expect(transport.written.some((l) => / LIST /.test(l))).toBe(false);
  });

  it('bare-LF input goes out with CRLF line ends', async () => {
    const { link, appended } = setUp('OK [APPENDUID 7 42] done', ['INBOX']);
    const id = await addMessage(link, 'INBOX', 'Subject: lf\n\nline one\nline two\n');
    expect(id).toBe('42');
    expect(appended.join('')).toBe('Subject: lf\r\n\r\nline one\r\nline two\r\n');
  });

  it('a NUL byte is ERR_INVALID_ARGUMENT before anything is sent', async () => {
    const { link, transport } = setUp('OK [APPENDUID 7 42] done', ['INBOX']);
    const raw = new Uint8Array([...Buffer.from('Subject: nul\r\n\r\na'), 0, 0x62]);
    const e = await failure(addMessage(link, 'INBOX', raw));
    expect(e.code).toBe('ERR_INVALID_ARGUMENT');
    expect(transport.written).toEqual([]);
  });
});
