/** What every command gets: the opened client, output helpers and the global flags. */
import type { Command } from 'commander';
import type { EmailClient } from '../client/email-client.js';
import { openClient, type ConnectionFlags } from './open-client.js';
import { toJsonText } from './format.js';

export interface GlobalFlags extends ConnectionFlags {
  json?: boolean;
  debug?: boolean;
}

export interface CommandContext {
  client: EmailClient;
  flags: GlobalFlags;
  /** Print a JSON document (--json) or the human text. */
  emit(json: unknown, human: () => string): void;
}

export type Action = (ctx: CommandContext, ...args: never[]) => Promise<void>;

/** Wrap a command action: open the client from the global flags, run, always close. */
export function withClient<A extends unknown[]>(
  program: Command,
  action: (ctx: CommandContext, ...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const flags = program.opts<GlobalFlags>();
    const opened = await openClient(flags);
    if (opened.embeddedDefault && flags.json !== true) {
      process.stderr.write(
        `(nothing configured: using ${opened.description}; see 'mailroom --help')\n`,
      );
    }
    const ctx: CommandContext = {
      client: opened.client,
      flags,
      emit: (json, human) =>
        process.stdout.write(`${flags.json === true ? toJsonText(json) : human()}\n`),
    };
    try {
      await action(ctx, ...args);
    } finally {
      await opened.client.close();
    }
  };
}
