import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { envelopePageFromJSON, mailboxFromJSON } from '../../src/shared/json.js';
import { servers } from '../servers/coordinates.js';
import { runCli } from './helpers/cli.js';

const s = servers();
const [dove] = s.dovecot.users;
const [cyrus] = s.cyrus.users;

describe('mailroom CLI against real servers', () => {
  const imapArgs = [
    '--imap',
    `imap://${dove.user}@${s.host}:${s.dovecot.imapPort}`,
    '--ca',
    s.dovecot.caFile,
  ];

  it('lists Dovecot IMAP mailboxes and envelopes as JSON', async () => {
    const env = { IMAP_PW: dove.password };
    const boxes = await runCli([...imapArgs, '--password-env', 'IMAP_PW', '--json', 'mailboxes'], {
      env,
    });
    expect(boxes.stderr).toBe('');
    expect(boxes.code).toBe(0);
    const parsed = (JSON.parse(boxes.stdout) as unknown[]).map((m) => mailboxFromJSON(m));
    expect(parsed.find((m) => m.role === 'inbox')?.id).toBe('INBOX');
    const list = await runCli(
      [...imapArgs, '--password-env', 'IMAP_PW', '--json', 'list', 'INBOX', '--page-size', '5'],
      { env },
    );
    expect(list.code).toBe(0);
    expect(envelopePageFromJSON(list.stdout).pageSize).toBe(5);
  });

  it('a wrong IMAP password exits 1 with ERR_AUTH and never prints the password', async () => {
    const r = await runCli(
      [...imapArgs, '--password-command', 'echo not-the-password', 'list'],
      {},
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ERR_AUTH');
    expect(r.stderr + r.stdout).not.toContain('not-the-password');
  });

  it('lists Cyrus mailboxes over JMAP', async () => {
    const r = await runCli(
      ['--jmap', `${s.cyrus.jmapUrl}`, '--user', cyrus.user, '--json', 'mailboxes'],
      {
        env: { MAILROOM_PASSWORD: cyrus.password },
      },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const parsed = (JSON.parse(r.stdout) as unknown[]).map((m) => mailboxFromJSON(m));
    expect(parsed.some((m) => m.role === 'inbox')).toBe(true);
  });

  it('sends through Postfix with compose flags; the message lands in Dovecot', async () => {
    const subject = `cli send ${randomUUID()}`;
    const to = `${dove.user}@${s.dovecot.domain}`;
    const r = await runCli(
      [
        '--smtp',
        `smtp://${s.host}:${s.postfix.submissionPort}`,
        '--user',
        dove.user,
        '--ca',
        s.postfix.caFile,
        'send',
        '--from',
        to,
        '--to',
        to,
        '--subject',
        subject,
        '--body',
        'sent by the CLI test',
      ],
      { env: { MAILROOM_PASSWORD: dove.password } },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`sent via smtp to ${to}`);
    const env = { IMAP_PW: dove.password };
    let found = false;
    for (let i = 0; i < 30 && !found; i++) {
      const search = await runCli(
        [
          ...imapArgs,
          '--password-env',
          'IMAP_PW',
          '--json',
          'search',
          'INBOX',
          `subject "${subject}"`,
        ],
        { env },
      );
      found = envelopePageFromJSON(search.stdout).envelopes.length === 1;
      if (!found) await new Promise((res) => setTimeout(res, 500));
    }
    expect(found).toBe(true);
  });

  it('replies to a Dovecot message through Postfix in one invocation; the reply is threaded', async () => {
    const subject = `cli reply ${randomUUID()}`;
    const to = `${dove.user}@${s.dovecot.domain}`;
    const env = { MAILROOM_PASSWORD: dove.password };
    const smtpArgs = ['--smtp', `smtp://${s.host}:${s.postfix.submissionPort}`];
    const both = [...imapArgs, ...smtpArgs, '--user', dove.user];
    const search = async (query: string): Promise<{ id: string; messageId?: string }[]> =>
      envelopePageFromJSON(
        (await runCli([...imapArgs, '--json', 'search', 'INBOX', query], { env })).stdout,
      ).envelopes;
    const arrived = async (query: string): Promise<{ id: string; messageId?: string }> => {
      for (let i = 0; i < 40; i++) {
        const found = await search(query);
        if (found[0] !== undefined) return found[0];
        await new Promise((res) => setTimeout(res, 250));
      }
      throw new Error(`never arrived: ${query}`);
    };
    const sent = await runCli(
      [
        ...smtpArgs,
        '--user',
        dove.user,
        '--ca',
        s.postfix.caFile,
        'send',
        '--from',
        to,
        '--to',
        to,
        '--subject',
        subject,
        '--body',
        'original',
      ],
      { env },
    );
    expect(sent.code, sent.stderr).toBe(0);
    const original = await arrived(`subject "${subject}"`);
    const reply = await runCli(
      [...both, 'reply', 'INBOX', original.id, '--from', to, '--no-quote', '--body', 'the answer'],
      { env },
    );
    expect(reply.code, reply.stderr).toBe(0);
    expect(reply.stdout).toContain('sent via smtp');
    const answer = await arrived(`subject "Re: ${subject}"`);
    const read = await runCli([...imapArgs, '--json', 'read', 'INBOX', answer.id], { env });
    const message = JSON.parse(read.stdout) as {
      inReplyTo?: string;
      references?: string[];
      text?: string;
    };
    expect(message.inReplyTo).toBe(original.messageId);
    expect(message.references).toEqual([original.messageId]);
    expect(message.text?.trim()).toBe('the answer');
  });
});
