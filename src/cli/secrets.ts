/**
 * Resolve a secret at run time from an environment variable or a command's stdout (first line).
 * The CLI never writes secrets anywhere and never prints them.
 */
import { execFile } from 'node:child_process';
import { MailError } from '../shared/errors.js';

export interface SecretSource {
  passwordEnv?: string | undefined;
  passwordCommand?: string | undefined;
}

export async function resolveSecret(source: SecretSource, what: string): Promise<string> {
  if (source.passwordEnv !== undefined) {
    const value = process.env[source.passwordEnv];
    if (value === undefined) {
      throw new MailError(
        'ERR_CONFIG',
        `${what}: environment variable ${source.passwordEnv} is not set`,
        {
          hint: `export ${source.passwordEnv}=... before running mailroom`,
        },
      );
    }
    return value;
  }
  if (source.passwordCommand !== undefined) return runPasswordCommand(source.passwordCommand, what);
  throw new MailError('ERR_CONFIG', `${what}: no password source`, {
    hint: 'set passwordEnv or passwordCommand',
  });
}

function runPasswordCommand(command: string, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      '/bin/sh',
      ['-c', command],
      { timeout: 30_000, maxBuffer: 64 * 1024 },
      (error, stdout) => {
        if (error !== null) {
          // The command line may itself reveal nothing secret, but its output might: never echo it.
          reject(
            new MailError(
              'ERR_CONFIG',
              `${what}: passwordCommand failed (exit ${String(error.code ?? 'unknown')})`,
              {
                hint: 'run the passwordCommand yourself to check it prints the password',
              },
            ),
          );
          return;
        }
        resolve(stdout.split(/\r?\n/)[0] ?? '');
      },
    );
  });
}
