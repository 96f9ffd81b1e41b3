/**
 * Interop with a real Dovecot, both ways, on testuser's Maildir (Maildir++ layout):
 * mailroom writes → Dovecot sees the same flags and keywords over IMAP; Dovecot writes (LMTP
 * delivery, IMAP APPEND, IMAP STORE of flags and keywords) → mailroom reads the same flags.
 * IMAP is spoken with the raw line client of the server harness (the project's IMAP client is
 * not used, so this checks the store format, not our own IMAP code).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaildirBackend } from '../../src/backends/maildir/index.js';
import { servers } from '../servers/coordinates.js';
import { LineClient } from '../servers/line-client.js';

const c = servers();
const run = randomBytes(4).toString('hex');
const [user] = c.dovecot.users;

/** Dovecot runs mail as the Maildir's owner; as root we hand files over like a delivery agent. */
function giveToDovecot(): void {
  execFileSync('chown', ['-R', '--reference', c.dovecot.maildir, c.dovecot.maildir]);
}

let imap: LineClient;
let tag = 0;
async function cmd(line: string): Promise<string[]> {
  const t = `t${++tag}`;
  imap.send(`${t} ${line}`);
  const lines = await imap.until(new RegExp(`^${t} `));
  expect(lines[lines.length - 1], line).toMatch(new RegExp(`^${t} OK`));
  return lines;
}

async function append(mailbox: string, flags: string, raw: string): Promise<void> {
  const t = `t${++tag}`;
  const bytes = Buffer.from(raw);
  imap.send(`${t} APPEND "${mailbox}" (${flags}) {${bytes.length}}`);
  await imap.reply(/^\+/);
  imap.socket.write(bytes);
  imap.send('');
  expect(await imap.reply(new RegExp(`^${t} `))).toMatch(new RegExp(`^${t} OK`));
}

/** subject → IMAP flags of every message in `mailbox`. */
async function imapFlags(mailbox: string): Promise<Map<string, string[]>> {
  await cmd(`SELECT "${mailbox}"`);
  const lines = await cmd('FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])');
  const out = new Map<string, string[]>();
  let flags: string[] = [];
  for (const line of lines) {
    const f = /FLAGS \(([^)]*)\)/.exec(line);
    if (f !== null) flags = (f[1] ?? '').split(' ').filter((x) => x !== '' && x !== '\\Recent');
    const s = /^Subject: (.*)$/i.exec(line);
    if (s !== null) out.set(s[1] as string, flags.sort());
  }
  return out;
}

const message = (subject: string): string =>
  `From: Interop <interop@example.test>\r\nTo: ${user.user}@${c.dovecot.domain}\r\n` +
  `Subject: ${subject}\r\nDate: Sat, 21 Nov 2026 10:00:00 +0000\r\nMessage-ID: <${subject}@example.test>\r\n\r\nhello\r\n`;

beforeAll(async () => {
  imap = await LineClient.open(c.host, c.dovecot.imapPort);
  await imap.reply(/^\* OK/);
  imap.send(`t0 LOGIN ${user.user} ${user.password}`, `t0 LOGIN ${user.user} ***`);
  expect(await imap.reply(/^t0 /)).toMatch(/^t0 OK/);
});

afterAll(() => {
  imap.send('z LOGOUT');
  imap.close();
});

describe('Maildir interop with Dovecot', () => {
  it('messages written by mailroom are seen by Dovecot with the same flags and keywords', async () => {
    // With the header cache on: its file in the folder must not disturb Dovecot.
    const backend = new MaildirBackend({
      root: c.dovecot.maildir,
      layout: 'maildir++',
      headerCache: true,
    });
    const box = await backend.createMailbox(['mr', `w${run}`]);
    const a = await backend.addMessage(box.id, message(`A-${run}`), {
      flags: ['seen', 'flagged', 'Todo', 'junk'],
    });
    await backend.addMessage(box.id, message(`B-${run}`));
    await backend.storeFlags(box.id, [a], 'remove', ['flagged']);
    const c2 = await backend.addMessage(box.id, message(`C-${run}`), { flags: ['draft'] });
    await backend.storeFlags(box.id, [c2], 'add', ['answered', 'forwarded', 'Project']);
    expect((await backend.listEnvelopes(box.id)).envelopes).toHaveLength(3); // writes the cache
    giveToDovecot();

    const list = await cmd('LIST "" "*"');
    expect(list.some((l) => l.includes(`mr/w${run}`))).toBe(true);
    expect(list.some((l) => l.includes('mailroom-cache'))).toBe(false);
    const flags = await imapFlags(`mr/w${run}`);
    expect(flags.get(`A-${run}`)).toEqual(['$Junk', 'Todo', '\\Seen'].sort());
    expect(flags.get(`B-${run}`)).toEqual([]);
    expect(flags.get(`C-${run}`)).toEqual(
      ['$Forwarded', 'Project', '\\Answered', '\\Draft'].sort(),
    );
    await cmd('CLOSE');
  });

  it('messages delivered and flagged by Dovecot are read by mailroom with the same flags', async () => {
    const name = `d${run}`;
    await cmd(`CREATE "${name}"`);
    await append(name, '\\Flagged Custom1', message(`P-${run}`));
    await append(name, '', message(`Q-${run}`));
    await append(name, '\\Seen \\Draft', message(`R-${run}`));
    await cmd(`SELECT "${name}"`);
    await cmd('STORE 2 +FLAGS (\\Seen \\Answered $Forwarded Other)');
    await cmd('STORE 3 -FLAGS (\\Draft)');
    await cmd('STORE 3 +FLAGS ($Important)');
    await cmd('CLOSE');

    const lmtp = await LineClient.open(c.host, c.dovecot.lmtpPort);
    await lmtp.reply(/^220 /);
    lmtp.send('LHLO mailroom.test');
    await lmtp.reply(/^250 /);
    lmtp.send('MAIL FROM:<interop@example.test>');
    await lmtp.reply(/^250 /);
    lmtp.send(`RCPT TO:<${user.user}@${c.dovecot.domain}>`);
    expect(await lmtp.reply(/^\d{3} /)).toMatch(/^250/);
    lmtp.send('DATA');
    await lmtp.reply(/^354 /);
    lmtp.socket.write(message(`L-${run}`));
    lmtp.send('.');
    expect(await lmtp.reply(/^\d{3} /)).toMatch(/^250/);
    lmtp.send('QUIT');
    lmtp.close();

    const backend = new MaildirBackend({ root: c.dovecot.maildir });
    expect((await backend.listMailboxes()).map((m) => m.id)).toContain(name);
    const envs = (await backend.listEnvelopes(name, { pageSize: 100 })).envelopes;
    const bySubject = new Map(envs.map((e) => [e.subject, e.flags]));
    expect(bySubject.get(`P-${run}`)).toEqual(['flagged', 'Custom1']);
    expect(bySubject.get(`Q-${run}`)).toEqual(['seen', 'answered', 'forwarded', 'Other']);
    expect(bySubject.get(`R-${run}`)).toEqual(['seen', 'important']);
    const inbox = (await backend.listEnvelopes('INBOX', { pageSize: 1000 })).envelopes;
    const delivered = inbox.find((e) => e.subject === `L-${run}`);
    expect(delivered).toMatchObject({ messageId: `<L-${run}@example.test>`, flags: [] });
    const raw = new TextDecoder().decode(await backend.getMessage('INBOX', delivered?.id ?? ''));
    expect(raw).toContain(`Subject: L-${run}`);

    // and back: a flag change by mailroom on a Dovecot-delivered message is seen by Dovecot
    await backend.storeFlags('INBOX', [delivered?.id ?? ''], 'add', ['seen', 'Custom1']);
    giveToDovecot();
    expect((await imapFlags('INBOX')).get(`L-${run}`)).toEqual(['Custom1', '\\Seen']);
    await cmd('CLOSE');
  });
});
