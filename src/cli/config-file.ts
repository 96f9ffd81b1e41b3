/**
 * The CLI's account file (~/.config/mailroom/config.json or --config): named accounts, each
 * with any of maildir / m2dir / imap / jmap / smtp. Secrets are never stored in it: a password
 * comes from an environment variable (`passwordEnv`) or a command (`passwordCommand`, e.g.
 * `pass show mail`). Validation errors name the key that is wrong.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { MailError } from '../shared/errors.js';
import { describeIssues } from '../shared/config.js';
import { defaultConfigPath } from './config-path.js';

const secretAuth = z
  .object({
    user: z.string().min(1),
    passwordEnv: z.string().min(1).optional(),
    passwordCommand: z.string().min(1).optional(),
    mechanism: z.string().optional(),
  })
  .strict()
  .refine((a) => a.passwordEnv !== undefined || a.passwordCommand !== undefined, {
    message:
      'needs passwordEnv or passwordCommand (plain-text passwords are not accepted in the config file)',
  });

const tls = z
  .object({ ca: z.string().optional(), rejectUnauthorized: z.boolean().optional() })
  .strict();
const server = {
  url: z.string().min(1),
  auth: secretAuth.optional(),
  starttls: z.enum(['required', 'never']).optional(),
  tls: tls.optional(),
};

export const accountSchema = z
  .object({
    maildir: z
      .object({ root: z.string().min(1), layout: z.enum(['auto', 'maildir++', 'fs']).optional() })
      .strict()
      .optional(),
    m2dir: z
      .object({ root: z.string().min(1) })
      .strict()
      .optional(),
    imap: z.object(server).strict().optional(),
    jmap: z
      .object({ url: z.string().min(1), auth: secretAuth, tls: tls.optional() })
      .strict()
      .optional(),
    smtp: z.object(server).strict().optional(),
  })
  .strict()
  .refine((a) => Object.keys(a).length > 0, {
    message: 'an account needs at least one of maildir, m2dir, imap, jmap, smtp',
  });

export const configFileSchema = z
  .object({
    default: z.string().optional(),
    accounts: z.record(z.string(), accountSchema),
  })
  .strict();

export type AccountConfig = z.infer<typeof accountSchema>;
export type ConfigFile = z.infer<typeof configFileSchema>;
export type SecretAuth = z.infer<typeof secretAuth>;

export { defaultConfigPath };

/** Read and validate; `undefined` when the default file does not exist (not an error). */
export async function loadConfigFile(path: string | undefined): Promise<ConfigFile | undefined> {
  const file = resolve(path ?? defaultConfigPath());
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (path === undefined && (e as { code?: string }).code === 'ENOENT') return undefined;
    throw new MailError('ERR_CONFIG', `cannot read config file ${file}`, {
      cause: e,
      hint: 'check the --config path',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MailError(
      'ERR_CONFIG',
      `config file ${file} is not valid JSON: ${(e as Error).message}`,
      {
        hint: 'fix the JSON syntax',
      },
    );
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new MailError('ERR_CONFIG', `config file ${file}: ${describeIssues(parsed.error)}`, {
      hint: 'see docs/cli.md for the config file format',
    });
  }
  return parsed.data;
}

export function pickAccount(config: ConfigFile, name: string | undefined): [string, AccountConfig] {
  const names = Object.keys(config.accounts);
  const chosen = name ?? config.default ?? (names.length === 1 ? names[0] : undefined);
  if (chosen === undefined) {
    throw new MailError(
      'ERR_CONFIG',
      `several accounts are configured (${names.join(', ')}) and none is the default`,
      {
        hint: 'pass --account NAME or set "default" in the config file',
      },
    );
  }
  const account = config.accounts[chosen];
  if (account === undefined) {
    throw new MailError(
      'ERR_CONFIG',
      `no account named '${chosen}' in the config file (have: ${names.join(', ')})`,
      {
        hint: 'pass --account with one of the names above',
      },
    );
  }
  return [chosen, account];
}
