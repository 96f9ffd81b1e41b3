/**
 * The examples in examples/installed/ against the package as a user installs it: `npm pack`,
 * the tarball unpacked into a fresh project's node_modules/mailroom (its dependencies linked
 * from this checkout's node_modules, so no registry is needed), then each example type-checked
 * there with TypeScript (nodenext resolution of `mailroom/...` through the package's exports)
 * and run with tsx. An example that imports `../src` or a file the tarball lacks fails here.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImapBackend } from '../../src/backends/imap/index.js';
import { M2dirBackend } from '../../src/backends/m2dir/index.js';
import { servers } from '../servers/coordinates.js';

const repo = resolve('.');
const app = mkdtempSync(join(tmpdir(), 'mailroom-installed-'));

beforeAll(() => {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', app], {
      cwd: repo,
      encoding: 'utf8',
    }),
  ) as { filename: string }[];
  execFileSync('tar', ['-xzf', join(app, packed?.filename ?? ''), '-C', app]);
  mkdirSync(join(app, 'node_modules'));
  execFileSync('mv', [join(app, 'package'), join(app, 'node_modules', 'mailroom')]);
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const dep of [...Object.keys(pkg.dependencies), '@types'])
    symlinkSync(join(repo, 'node_modules', dep), join(app, 'node_modules', dep));
  for (const file of readdirSync(join(repo, 'examples/installed')))
    cpSync(join(repo, 'examples/installed', file), join(app, file));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
      },
      include: ['*.ts'],
    }),
  );
}, 120_000);

describe('examples against the installed package', () => {
  it('type-check in a fresh project (imports resolve through the package exports)', () => {
    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    const out = (() => {
      try {
        return execFileSync(process.execPath, [tsc, '-p', app], { encoding: 'utf8' });
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? e);
      }
    })();
    expect(out).toBe('');
  }, 120_000);

  it('a Maildir listing under a custom performer', () => {
    const maildir = join(app, 'demo');
    cpSync(join(repo, 'examples/demo-maildir'), maildir, { recursive: true });
    const out = execFileSync(
      join(repo, 'node_modules/.bin/tsx'),
      [join(app, 'maildir-custom-performer.ts'), maildir],
      { cwd: app, encoding: 'utf8' },
    );
    const result = JSON.parse(out) as { subjects: string[]; requests: Record<string, number> };
    expect(result.subjects).toHaveLength(3);
    expect(result.subjects[0]).toContain("Réunion de l'équipe");
    expect(result.requests.readDir).toBeGreaterThanOrEqual(1);
    expect(result.requests.readFile).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('an m2dir listing under a custom performer', async () => {
    const root = join(app, 'm2store');
    const store = new M2dirBackend({ root, create: true });
    for (const n of [1, 2, 3])
      await store.addMessage(
        'INBOX',
        `Message-ID: <${n}@m2.test>\r\nDate: Mon, ${n} Dec 2026 09:00:00 +0000\r\nSubject: m${n}\r\n\r\nbody\r\n`,
      );
    await store.close();
    const out = execFileSync(
      join(repo, 'node_modules/.bin/tsx'),
      [join(app, 'm2dir-custom-performer.ts'), root],
      { cwd: app, encoding: 'utf8' },
    );
    const result = JSON.parse(out) as {
      boxes: [string, number][];
      total: number;
      subjects: string[];
      requests: Record<string, number>;
    };
    expect(result.boxes).toEqual([['INBOX', 3]]);
    expect(result.total).toBe(3);
    expect(result.subjects).toEqual(['m3', 'm2']);
    expect(result.requests.readDir).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('a JMAP listing (session discovery + the backend operation) from recorded HTTP exchanges', () => {
    const out = execFileSync(join(repo, 'node_modules/.bin/tsx'), [join(app, 'jmap-recorded.ts')], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({
      subjects: ['m3', 'm2'],
      from: ['ann@example.org', 'ann@example.org'],
      exchanges: 4,
    });
  }, 60_000);

  it('an IMAP listing (the backend operation) from a recorded transcript with driveSync', () => {
    const out = execFileSync(
      join(repo, 'node_modules/.bin/tsx'),
      [join(app, 'imap-transcript.ts')],
      {
        cwd: app,
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(out)).toEqual({
      total: 3,
      listed: [
        { id: '12', subject: 'Réunion', from: 'Ann', flags: ['seen'] },
        { id: '11', subject: 'lunch', from: 'Ann', flags: [] },
      ],
      requests: { write: 3, read: 3 },
    });
  }, 60_000);

  it('an IMAP session over a caller-supplied duplex stream (a relay to Dovecot)', async () => {
    const { dovecot } = servers();
    const [account] = dovecot.users;
    const backend = new ImapBackend({
      url: `imap://127.0.0.1:${dovecot.imapPort}`,
      auth: { user: account.user, password: account.password },
      starttls: 'never',
    });
    const box = (await backend.createMailbox([`mr-duplex-${Date.now().toString(36)}`])).id;
    for (const n of [1, 2, 3, 4])
      await backend.addMessage(box, `From: a@example.org\r\nSubject: m${n}\r\n\r\nbody\r\n`);
    const out = execFileSync(
      join(repo, 'node_modules/.bin/tsx'),
      [join(app, 'imap-over-duplex.ts'), '127.0.0.1', String(dovecot.imapPort), account.user, box],
      { cwd: app, encoding: 'utf8', env: { ...process.env, IMAP_PASSWORD: account.password } },
    );
    await backend.deleteMailbox(box);
    await backend.close();
    expect(JSON.parse(out)).toEqual({ exists: 4, fetched: 3 });
  }, 60_000);

  it('one coroutine under driveSync (scripted) and drive (the package performer)', () => {
    const out = execFileSync(
      join(repo, 'node_modules/.bin/tsx'),
      [join(app, 'drive-coroutine.ts'), join(repo, 'examples/demo-maildir')],
      { cwd: app, encoding: 'utf8' },
    );
    expect(out).toContain('scripted: 1 message(s)');
    expect(out).toMatch(/demo-maildir: 10 message\(s\)/);
  }, 60_000);

  it('a two-way Sync of one Dovecot mailbox into a Maildir, then a run with nothing to do', async () => {
    const { dovecot } = servers();
    const [account] = dovecot.users;
    const backend = new ImapBackend({
      url: `imap://127.0.0.1:${dovecot.imapPort}`,
      auth: { user: account.user, password: account.password },
      starttls: 'never',
    });
    const name = `mr-sync-example-${Date.now().toString(36)}`;
    const box = (await backend.createMailbox([name])).id;
    for (const n of [1, 2, 3])
      await backend.addMessage(
        box,
        `From: a@example.org\r\nMessage-ID: <${name}.${n}@example.org>\r\nSubject: s${n}\r\n\r\nbody\r\n`,
      );
    const maildir = mkdtempSync(join(tmpdir(), 'mailroom-sync-example-'));
    const run = (): { done: Record<string, number>; errors: number } =>
      JSON.parse(
        execFileSync(join(repo, 'node_modules/.bin/tsx'), [join(app, 'sync-imap-to-maildir.ts')], {
          cwd: app,
          encoding: 'utf8',
          env: {
            ...process.env,
            IMAP_URL: `imap://127.0.0.1:${dovecot.imapPort}`,
            IMAP_USER: account.user,
            IMAP_PASSWORD: account.password,
            IMAP_STARTTLS: 'never',
            MAILDIR: maildir,
            INCLUDE: name,
            XDG_STATE_HOME: join(maildir, '.state'),
          },
        }),
      ) as { done: Record<string, number>; errors: number };
    try {
      expect(run()).toEqual({ done: { 'create-mailbox:local': 1, 'copy:local': 3 }, errors: 0 });
      expect(run()).toEqual({ done: {}, errors: 0 });
      const folder = join(maildir, `.${name}`);
      expect([
        ...readdirSync(join(folder, 'cur')),
        ...readdirSync(join(folder, 'new')),
      ]).toHaveLength(3);
    } finally {
      await backend.deleteMailbox(box);
      await backend.close();
    }
  }, 90_000);

  it('list-maildir and search on the demo Maildir the package ships', () => {
    const tsx = join(repo, 'node_modules/.bin/tsx');
    const list = execFileSync(tsx, [join(app, 'list-maildir.ts')], { cwd: app, encoding: 'utf8' });
    expect(list).toMatch(/^INBOX {2}role=inbox {2}total=10 unread=\d+$/m);
    expect(list).toContain("Réunion de l'équipe");
    const search = execFileSync(tsx, [join(app, 'search.ts'), 'from bob order by date'], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(search).toContain('Lunch on Friday?');
  }, 60_000);
});
