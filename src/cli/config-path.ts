/** Where the CLI looks for its config file by default (docs/cli.md "Config file"); no zod. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultConfigPath(): string {
  const base = process.env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config');
  return join(base, 'mailroom', 'config.json');
}
