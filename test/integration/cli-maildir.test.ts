import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envelopePageFromJSON, mailboxFromJSON } from '../../src/shared/json.js';
import { CLI, demoCopy, runCli } from './helpers/cli.js';

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mailroom-cfg-')), 'config.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('mailroom CLI on the demo Maildir (the embedded default)', () => {
  it('lists the demo inbox as an aligned table, newest first', async () => {
    const r = await runCli(['list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+FLAGS\s+DATE\s+FROM\s+SUBJECT$/);
    expect(lines).toHaveLength(11);
    expect(lines[1]).toContain("Réunion de l'équipe");
    expect(lines[10]).toContain('Quarterly report Q3');
    const subjectColumn = lines[0]?.indexOf('SUBJECT');
    expect(
      lines
        .filter((l) => !/[\u3000-\u9fff]/.test(l))
        .every((l) => l.length >= (subjectColumn ?? 0)),
    ).toBe(true);
    expect(r.stderr).toContain('demo Maildir');
  });

  it('--json output parses and matches the shared types', async () => {
    const r = await runCli(['--json', 'list', 'INBOX', '--page-size', '3']);
    expect(r.code).toBe(0);
    const page = envelopePageFromJSON(r.stdout);
    expect(page.envelopes).toHaveLength(3);
    expect(page.total).toBe(10);
    expect(page.envelopes[0]?.date).toBeInstanceOf(Date);
    const boxes = JSON.parse(
      (await runCli(['--json', 'mailboxes', '--counts'])).stdout,
    ) as unknown[];
    const parsed = boxes.map((b) => mailboxFromJSON(b));
    expect(parsed.map((m) => m.role).sort()).toEqual([
      'archive',
      'drafts',
      'inbox',
      'sent',
      'trash',
    ]);
  });

  it('searches with the DSL and reports a malformed query with its column (exit 2)', async () => {
    const ok = await runCli([
      '--json',
      'search',
      'INBOX',
      'from alice and subject "quarterly report"',
    ]);
    expect(ok.code).toBe(0);
    expect(envelopePageFromJSON(ok.stdout).envelopes.map((e) => e.subject)).toEqual([
      'Re: Quarterly report Q3',
      'Quarterly report Q3',
    ]);
    const bad = await runCli(['search', 'INBOX', 'from alice and (subject x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/ERR_PARSE: column \d+/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads a message with decoded headers and lists its attachment', async () => {
    const list = envelopePageFromJSON(
      (await runCli(['--json', 'search', 'INBOX', 'has attachment'])).stdout,
    );
    const id = list.envelopes[0]?.id ?? '';
    const r = await runCli(['read', 'INBOX', id]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Subject: Invoice #2026-114');
    const part = /\[([\d.]+)\] invoice-2026-114\.pdf \(application\/pdf/.exec(r.stdout)?.[1];
    expect(part, r.stdout).toBeDefined();
    const raw = await runCli(['read', 'INBOX', id, '--raw']);
    expect(raw.stdout).toMatch(/^Date: /);
    // attachment save: that part, decoded, under its own name; a second save does not overwrite
    const dir = mkdtempSync(join(tmpdir(), 'mailroom-save-'));
    const saved = await runCli(['attachment', 'save', 'INBOX', id, part as string, '--dir', dir]);
    expect(saved.code, saved.stderr).toBe(0);
    expect(readFileSync(join(dir, 'invoice-2026-114.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    await runCli(['attachment', 'save', 'INBOX', id, '--dir', dir]);
    expect(readdirSync(dir).sort()).toEqual(['invoice-2026-114 (1).pdf', 'invoice-2026-114.pdf']);
  });

  it('threads groups the demo conversation; list --all streams every envelope as JSON lines', async () => {
    const threads = await runCli(['--json', 'threads', 'INBOX']);
    expect(threads.code, threads.stderr).toBe(0);
    const page = JSON.parse(threads.stdout) as {
      total: number;
      threads: { envelopes: { subject: string }[] }[];
    };
    const quarterly = page.threads.find((t) => t.envelopes.length > 1);
    expect(quarterly?.envelopes.map((e) => e.subject)).toEqual([
      'Re: Quarterly report Q3',
      'Re: Quarterly report Q3',
      'Quarterly report Q3',
    ]);
    expect(page.total).toBe(8);
    const human = await runCli(['threads']);
    expect(human.stdout.split('\n')[0]).toMatch(/^THREAD\s+MSGS\s+LATEST\s+FROM\s+SUBJECT$/);
    const all = await runCli(['--json', 'list', '--all']);
    expect(all.code, all.stderr).toBe(0);
    const lines = all.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string });
    const paged = envelopePageFromJSON(
      (await runCli(['--json', 'list', '--page-size', '50'])).stdout,
    );
    expect(lines.map((e) => e.id)).toEqual(paged.envelopes.map((e) => e.id));
    const table = await runCli(['list', '--all']);
    expect(table.stdout.trimEnd().split('\n')).toHaveLength(11);
    expect((await runCli(['list', '--all', '--page', '2'])).code).toBe(2);
  });

  it('reply and forward --dry-run compose threaded messages without sending', async () => {
    const first = envelopePageFromJSON(
      (await runCli(['--json', 'search', 'INBOX', 'subject "Lunch on Friday"'])).stdout,
    ).envelopes[0];
    const id = first?.id ?? '';
    const reply = await runCli([
      '--json',
      'reply',
      'INBOX',
      id,
      '--from',
      'sam@example.org',
      '--all',
      '--body',
      'Yes!',
      '--dry-run',
    ]);
    expect(reply.code, reply.stderr).toBe(0);
    const composed = JSON.parse(reply.stdout) as Record<string, unknown>;
    expect(composed.subject).toBe('Re: Lunch on Friday?');
    expect(composed.inReplyTo).toBe(first?.messageId);
    expect(composed.references).toEqual([first?.messageId]);
    expect(JSON.stringify(composed.to)).toContain('bob@example.org');
    expect(JSON.stringify(composed)).not.toContain('sam@example.org"}'); // --from left out of --all
    expect(String(composed.text)).toMatch(/^Yes!\n\nOn .* wrote:\n> Sam, are you free/);
    const invoice = envelopePageFromJSON(
      (await runCli(['--json', 'search', 'INBOX', 'has attachment'])).stdout,
    ).envelopes[0];
    const forward = await runCli([
      '--json',
      'forward',
      'INBOX',
      invoice?.id ?? '',
      '--from',
      'me@example.org',
      '--to',
      'accounts@example.org',
      '--dry-run',
    ]);
    expect(forward.code, forward.stderr).toBe(0);
    const fwd = JSON.parse(forward.stdout) as {
      subject: string;
      text: string;
      attachments: { filename: string }[];
    };
    expect(fwd.subject).toBe('Fwd: Invoice #2026-114');
    expect(fwd.text).toContain('---------- Forwarded message ----------');
    expect(fwd.attachments.map((a) => a.filename)).toEqual(['invoice-2026-114.pdf']);
    const asAttachment = await runCli([
      '--json',
      'forward',
      'INBOX',
      invoice?.id ?? '',
      '--from',
      'me@example.org',
      '--to',
      'accounts@example.org',
      '--as-attachment',
      '--dry-run',
    ]);
    const attached = JSON.parse(asAttachment.stdout) as {
      attachments: { filename: string; contentType: string }[];
    };
    expect(attached.attachments).toMatchObject([
      { filename: 'Invoice_2026-114.eml', contentType: 'message/rfc822' },
    ]);
    const missing = await runCli(['reply', 'INBOX', id]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--from is required');
  });

  it('unknown mailbox: exit 1 with ERR_NOT_FOUND and no stack trace', async () => {
    const r = await runCli(['list', 'Nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ERR_NOT_FOUND');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['flag', 'toggle', 'INBOX', 'seen', 'x'])).code).toBe(2);
    expect((await runCli(['list', '--page', 'zero'])).code).toBe(2);
  });

  it('adds, flags, moves and deletes on a Maildir given with --maildir', async () => {
    const dir = demoCopy();
    const msgFile = join(mkdtempSync(join(tmpdir(), 'mailroom-msg-')), 'm.eml');
    writeFileSync(
      msgFile,
      'From: a@a.test\r\nTo: b@b.test\r\nSubject: cli add\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n\r\nbody\r\n',
    );
    const added = await runCli([
      '--maildir',
      dir,
      '--json',
      'add',
      'INBOX',
      msgFile,
      '--flags',
      'flagged',
    ]);
    expect(added.code).toBe(0);
    const { id } = JSON.parse(added.stdout) as { id: string };
    expect((await runCli(['--maildir', dir, 'flag', 'add', 'INBOX', 'seen,$work', id])).code).toBe(
      0,
    );
    const found = envelopePageFromJSON(
      (await runCli(['--maildir', dir, '--json', 'search', 'INBOX', 'flag $work'])).stdout,
    );
    expect(found.envelopes.map((e) => [e.id, e.flags])).toEqual([
      [id, ['seen', 'flagged', '$work']],
    ]);
    const moved = JSON.parse(
      (await runCli(['--maildir', dir, '--json', 'move', 'INBOX', 'Archive', id])).stdout,
    ) as Record<string, string>;
    const newId = moved[id] ?? '';
    expect(newId).not.toBe('');
    expect((await runCli(['--maildir', dir, 'delete', 'Archive', newId])).code).toBe(0);
    const archive = envelopePageFromJSON(
      (await runCli(['--maildir', dir, '--json', 'list', 'Archive'])).stdout,
    );
    expect(archive.envelopes.map((e) => e.subject)).toEqual(['Welcome aboard!']);
  });

  it('reads stdin with add -', async () => {
    const dir = demoCopy();
    const r = await runCli(['--maildir', dir, 'add', 'Drafts', '-'], {
      input: 'From: a@a.test\nSubject: from stdin\n\nx\n',
    });
    expect(r.code).toBe(0);
    expect((await runCli(['--maildir', dir, 'list', 'Drafts'])).stdout).toContain('from stdin');
  });

  it('bad config files: invalid JSON, a plain password, an unknown account — exit 1, ERR_CONFIG naming the key', async () => {
    const notJson = await runCli(['--config', configFile('{ nope'), 'list']);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('ERR_CONFIG');
    const plain = await runCli([
      '--config',
      configFile({
        accounts: {
          work: { imap: { url: 'imaps://x.test', auth: { user: 'u', password: 'secret' } } },
        },
      }),
      'list',
    ]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('accounts.work.imap.auth');
    expect(plain.stderr).not.toContain('secret');
    const unknown = await runCli([
      '--config',
      configFile({ accounts: { a: { maildir: { root: '/tmp' } } } }),
      '--account',
      'b',
      'list',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no account named 'b'");
  });

  it('uses the config file account and resolves passwordCommand without printing it', async () => {
    const dir = demoCopy();
    const cfg = configFile({ default: 'local', accounts: { local: { maildir: { root: dir } } } });
    const r = await runCli(['--config', cfg, 'mailboxes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Archive');
    expect(r.stderr).toBe('');
  });
});

describe('mailroom watch', () => {
  it('says when it is live, prints a JSON line per change, and exits 0 on SIGINT', async () => {
    const dir = demoCopy();
    const child = spawn(process.execPath, [CLI, '--maildir', dir, '--json', 'watch', 'INBOX'], {
      env: { PATH: process.env['PATH'] ?? '', HOME: mkdtempSync(join(tmpdir(), 'mr-home-')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    // each wait re-checks its condition when output arrives (no polling)
    const waiters = new Set<() => void>();
    const wake = (): void => waiters.forEach((w) => w());
    child.stdout.setEncoding('utf8').on('data', (d: string) => ((stdout += d), wake()));
    child.stderr.setEncoding('utf8').on('data', (d: string) => ((stderr += d), wake()));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const until = (what: string, ok: () => boolean): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${what}; stderr: ${stderr}`));
        }, 15_000);
        function check(): void {
          if (!ok()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
        waiters.add(check);
        check();
      });
    try {
      await until('no readiness line', () => stderr.includes('watching INBOX'));
      // Delivered the Maildir way (tmp/ then rename into new/), with no pause after readiness.
      const name = `${Date.now()}.cli-watch.test`;
      writeFileSync(
        join(dir, 'tmp', name),
        'From: Watcher <w@example.org>\r\nSubject: seen by watch\r\n\r\nhi\r\n',
      );
      renameSync(join(dir, 'tmp', name), join(dir, 'new', name));
      await until('no added event', () => stdout.includes('seen by watch'));
      const event = JSON.parse(stdout.trim().split('\n')[0] ?? '') as Record<string, unknown>;
      expect(event['type']).toBe('added');
      expect(event['mailbox']).toBe('INBOX');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });
});
