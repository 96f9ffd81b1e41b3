/**
 * `mailroom watch MAILBOX`: events as they come (JSON lines with --json) until Ctrl-C. Once the
 * watch is live (WatchOptions.onReady: every later change is reported) a line goes to stderr,
 * so a script can wait for it before changing the mailbox.
 */
import type { Command } from 'commander';
import { withClient } from '../context.js';
import { formatAddress, toJsonText } from '../format.js';
import type { WatchEvent } from '../../shared/types.js';

function describe(e: WatchEvent): string {
  switch (e.type) {
    case 'added':
      return `+ ${e.envelope.id}  ${formatAddress(e.envelope.from[0])}  ${e.envelope.subject}`;
    case 'removed':
      return `- ${e.id}`;
    case 'flags-changed':
      return `~ ${e.id}  [${e.flags.join(' ')}]`;
    case 'reset':
      return `! ${e.mailbox} changed too much: relist it`;
  }
}

export function registerWatchCommand(program: Command): void {
  program
    .command('watch')
    .description('print changes to a mailbox as they happen (Ctrl-C to stop)')
    .argument('[mailbox]', 'mailbox id', 'INBOX')
    .action(
      withClient(program, async (ctx, mailbox: string) => {
        const controller = new AbortController();
        const stop = (): void => controller.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          for await (const event of ctx.client.watchMailbox(mailbox, {
            signal: controller.signal,
            onReady: () => process.stderr.write(`watching ${mailbox} (Ctrl-C to stop)\n`),
          })) {
            process.stdout.write(
              `${ctx.flags.json === true ? toJsonText(event) : describe(event)}\n`,
            );
          }
        } catch (error) {
          if (!controller.signal.aborted) throw error;
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      }),
    );
}
