/** Temp m2stores for the operation tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { M2dirBackend } from '../../../src/backends/m2dir/index.js';
import { MailError, type ErrorCode } from '../../../src/shared/errors.js';

const roots: string[] = [];

afterEach(async () => {
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

export async function tempDir(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'mailroom-m2dir-'));
  roots.push(root);
  return root;
}

export async function tempStore(): Promise<{ root: string; store: M2dirBackend }> {
  const root = await tempDir();
  const store = new M2dirBackend({ root, create: true });
  return { root, store };
}

export async function rejectsWith(promise: Promise<unknown>, code: ErrorCode): Promise<MailError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof MailError))
    throw new Error(`expected MailError ${code}, got ${String(error)}`);
  if (error.code !== code) throw new Error(`expected ${code}, got ${error.code}: ${error.message}`);
  return error;
}

export const crlf = (lines: string[]): string => lines.join('\r\n') + '\r\n';

export const message = (subject: string, date: string, body = 'hello'): string =>
  crlf([
    'From: Alice <alice@example.org>',
    'To: bob@example.net',
    `Subject: ${subject}`,
    `Date: ${date}`,
    `Message-ID: <${subject.replace(/\W/g, '')}@example.org>`,
    '',
    body,
  ]);
