/**
 * Sync interop with the tools and servers users already have (docs/sync.md):
 * - Dovecot serves the Maildir that mailroom synced: a Cyrus mailbox synced into testuser's
 *   own Dovecot Maildir shows the same messages, flags and keywords over Dovecot's IMAP;
 * - a Maildir pulled by mbsync (Debian isync) is adopted: no copy, no duplicate, and a second
 *   plan is empty.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImapBackend } from '../../src/backends/imap/index.js';
import { MaildirBackend } from '../../src/backends/maildir/index.js';
import { Sync } from '../../src/sync/index.js';
import { servers } from '../servers/coordinates.js';
import { add, mailboxId, view } from '../sync/helpers.js';

const s = servers();
const dir = mkdtempSync(join(tmpdir(), 'mailroom-interop-'));
const [dove] = s.dovecot.users;
const [cy] = s.cyrus.users;
const dovecot = new ImapBackend({
  url: `imap://${s.host}:${s.dovecot.imapPort}`,
  auth: { user: dove.user, password: dove.password },
  tls: { ca: readFileSync(s.dovecot.caFile, 'utf8'), servername: 'localhost' },
});
const cyrus = new ImapBackend({
  url: `imap://${s.host}:${s.cyrus.imapPort}`,
  auth: { user: cy.user, password: cy.password },
  tls: { ca: readFileSync(s.cyrus.caFile, 'utf8'), servername: 'localhost' },
});
afterAll(async () => {
  await dovecot.close();
  await cyrus.close();
  rmSync(dir, { recursive: true, force: true });
});
const tag = Date.now().toString(36);

describe('sync interop', () => {
  it('Dovecot serves the Maildir mailroom synced, with its flags and keywords', async () => {
    const name = `mrint${tag}`;
    await cyrus.createMailbox([name]);
    await add(cyrus, name, 'interop plain');
    await add(cyrus, name, 'interop seen', ['seen']);
    await add(cyrus, name, 'interop keyword', ['flagged', 'Project']);
    const local = new MaildirBackend({ root: s.dovecot.maildir });
    const report = await new Sync({
      remote: cyrus,
      local,
      stateDir: join(dir, 'state-dovecot'),
      include: [name],
    }).run();
    expect(report.counts).toEqual({ 'create-mailbox:local': 1, 'copy:local': 3 });
    // Dovecot delivers as the Maildir's owner; hand the files over as a delivery agent would.
    execFileSync('chown', ['-R', '--reference', s.dovecot.maildir, s.dovecot.maildir]);
    const only = (n: string) => n === name;
    const served = await view(dovecot, only);
    expect(served).toEqual(await view(cyrus, only));
    expect(served[name]?.some((l) => l.endsWith('[flagged project]'))).toBe(true);
    await dovecot.deleteMailbox(await mailboxId(dovecot, name));
  });

  it('adopts a Maildir pulled by mbsync without copying or duplicating', async () => {
    const name = `mrmb${tag}`;
    await dovecot.createMailbox([name]);
    for (let i = 0; i < 12; i++)
      await add(
        dovecot,
        name,
        `mbsync ${i}`,
        i % 3 === 0 ? ['seen'] : i % 3 === 1 ? ['flagged'] : [],
      );
    const root = join(dir, 'mbsync-maildir');
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(root, sub), { recursive: true });
    const rc = join(dir, 'mbsyncrc');
    writeFileSync(
      rc,
      [
        'IMAPAccount t',
        'Host localhost', // mbsync 1.4 does not accept an IP address in the certificate
        `Port ${s.dovecot.imapPort}`,
        `User ${dove.user}`,
        `Pass ${dove.password}`,
        'SSLType STARTTLS',
        `CertificateFile ${s.dovecot.caFile}`,
        '',
        'IMAPStore t-remote',
        'Account t',
        '',
        'MaildirStore t-local',
        `Inbox ${root}`,
        'SubFolders Maildir++',
        '',
        'Channel t',
        'Far :t-remote:',
        'Near :t-local:',
        `Patterns ${name}`,
        'Create Near',
        'Sync Pull',
        'SyncState *',
        '',
      ].join('\n'),
    );
    execFileSync('mbsync', ['-c', rc, '-a', '-q']);
    const local = new MaildirBackend({ root });
    const only = (n: string) => n === name;
    expect((await view(local, only))[name]).toHaveLength(12);
    const sync = () =>
      new Sync({ remote: dovecot, local, stateDir: join(dir, 'state-mbsync'), include: [name] });
    const report = await sync().run();
    expect(report.counts).toEqual({});
    expect(report.conflicts).toEqual([]);
    expect(await view(local, only)).toEqual(await view(dovecot, only));
    expect((await sync().plan()).changes).toEqual([]);
    await dovecot.deleteMailbox(await mailboxId(dovecot, name));
  });
});
