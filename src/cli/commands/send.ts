/** `mailroom send FILE|-` or `mailroom send --from A --to B --subject S --body T [--attach F]` */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { withClient } from '../context.js';
import { UsageError } from '../fail.js';
import { readInput } from './messages.js';
import type { ComposeAttachment, ComposeMessage } from '../../shared/types.js';

export interface SendOpts {
  from?: string;
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  body?: string;
  attach?: string[];
  saveToSent?: boolean;
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The files of repeated --attach flags. */
export async function attachedFiles(paths: readonly string[] = []): Promise<ComposeAttachment[]> {
  return Promise.all(
    paths.map(async (path) => ({
      filename: basename(path),
      content: new Uint8Array(await readFile(path)),
    })),
  );
}

async function compose(o: SendOpts): Promise<ComposeMessage> {
  if (o.from === undefined) throw new UsageError('send: --from is required when composing');
  const attachments = await attachedFiles(o.attach);
  return {
    from: o.from,
    to: o.to ?? [],
    ...(o.cc === undefined ? {} : { cc: o.cc }),
    ...(o.bcc === undefined ? {} : { bcc: o.bcc }),
    subject: o.subject ?? '',
    text: o.body ?? '',
    ...(attachments.length > 0 ? { attachments } : {}),
  };
}

export function registerSendCommand(program: Command): void {
  program
    .command('send')
    .description('send a message file (or - for stdin), or compose one with the flags')
    .argument('[file]')
    .option('--from <address>')
    .option('--to <address>', 'repeatable', collect)
    .option('--cc <address>', 'repeatable', collect)
    .option('--bcc <address>', 'repeatable', collect)
    .option('--subject <text>')
    .option('--body <text>')
    .option('--attach <file>', 'repeatable', collect)
    .option('--save-to-sent', 'store a copy in the Sent mailbox')
    .action(
      withClient(program, async (ctx, file: string | undefined, o: SendOpts) => {
        const message = file === undefined ? await compose(o) : await readInput(file);
        const result = await ctx.client.sendMessage(message, { saveToSent: o.saveToSent === true });
        ctx.emit(result, () =>
          [
            `sent via ${result.transport} to ${result.accepted.join(', ')}`,
            ...(result.warnings ?? []).map((w) => `warning: ${w}`),
          ].join('\n'),
        );
      }),
    );
}
