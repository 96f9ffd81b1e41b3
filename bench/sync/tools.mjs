// How each tool is invoked for one sync of the bench mailbox into a Maildir, from its own
// clean state directory: mailroom (the built CLI), mbsync (Debian isync) and offlineimap3. All
// speak cleartext IMAP to the proxy in front of Dovecot. `set` names the mailboxes synced: a glob
// (`pattern`, for mailroom's --include and mbsync's Patterns) and the same as a Python predicate
// for offlineimap3's folderfilter. Each returns `maildirOf(mailbox)`, that mailbox's Maildir.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const cli = resolve('dist/bin/mailroom.js');

export const TOOLS = {
  mailroom: (dir, env, port, set) => {
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, 'md', sub), { recursive: true });
    return {
      argv: [
        process.execPath,
        cli,
        '--imap',
        // ;AUTH=PLAIN (RFC 5092 §3.2): the password in one round trip, as mbsync's AuthMechs
        // LOGIN below; left to choose, mailroom takes SCRAM-SHA-256 (three round trips).
        `imap://${env.user};AUTH=PLAIN@127.0.0.1:${port}`,
        '--insecure',
        '--password-env',
        'BENCH_PW',
        '--maildir',
        join(dir, 'md'),
        'sync',
        '--state-dir',
        join(dir, 'state'),
        '--include',
        set.pattern,
      ],
      env: { BENCH_PW: env.password },
      maildirOf: (mailbox) => join(dir, 'md', `.${mailbox}`),
    };
  },
  mbsync: (dir, env, port, set) => {
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, 'md', sub), { recursive: true });
    const rc = join(dir, 'mbsyncrc');
    writeFileSync(
      rc,
      [
        'IMAPAccount b',
        'Host localhost',
        `Port ${port}`,
        `User ${env.user}`,
        `Pass ${env.password}`,
        'SSLType None',
        'AuthMechs LOGIN',
        '',
        'IMAPStore b-remote',
        'Account b',
        '',
        'MaildirStore b-local',
        `Inbox ${join(dir, 'md')}`,
        'SubFolders Maildir++',
        '',
        'Channel b',
        'Far :b-remote:',
        'Near :b-local:',
        `Patterns ${set.pattern}`,
        'Create Both',
        'Expunge Both',
        'Sync All',
        'SyncState *',
        '',
      ].join('\n'),
    );
    return {
      argv: ['mbsync', '-c', rc, '-a', '-q'],
      env: {},
      maildirOf: (mailbox) => join(dir, 'md', `.${mailbox}`),
    };
  },
  offlineimap3: (dir, env, port, set) => {
    const rc = join(dir, 'offlineimaprc');
    mkdirSync(join(dir, 'md'), { recursive: true });
    writeFileSync(
      rc,
      [
        '[general]',
        'accounts = b',
        `metadata = ${join(dir, 'meta')}`,
        'ui = quiet',
        '',
        '[Account b]',
        'localrepository = L',
        'remoterepository = R',
        '',
        '[Repository L]',
        'type = Maildir',
        `localfolders = ${join(dir, 'md')}`,
        'sep = .',
        '',
        '[Repository R]',
        'type = IMAP',
        'remotehost = 127.0.0.1',
        `remoteport = ${port}`,
        `remoteuser = ${env.user}`,
        `remotepass = ${env.password}`,
        'ssl = no',
        'starttls = no',
        `folderfilter = lambda f: ${set.python}`,
        '',
      ].join('\n'),
    );
    return {
      argv: ['offlineimap', '-c', rc, '-o', '-u', 'quiet'],
      env: {},
      maildirOf: (mailbox) => join(dir, 'md', mailbox),
    };
  },
};
