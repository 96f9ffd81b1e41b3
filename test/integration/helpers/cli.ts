/** Run the BUILT `mailroom` CLI (dist/bin/mailroom.js, the bundled bin; scripts/bundle-cli.mjs) as a child process, as a user would. */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI = resolve('dist/bin/mailroom.js');
export const DEMO = resolve('examples/demo-maildir');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? process.cwd(),
      // A HOME without a config file, so the user's own config never leaks into tests.
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: mkdtempSync(join(tmpdir(), 'mailroom-home-')),
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A private copy of the demo Maildir that a test may change. */
export function demoCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'mailroom-demo-')), 'Maildir');
  cpSync(DEMO, dir, { recursive: true });
  return dir;
}
