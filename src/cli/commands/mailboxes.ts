/** `mailroom mailboxes [create PATH | rename ID PATH | delete ID]` */
import type { Command } from 'commander';
import { withClient } from '../context.js';
import { mailboxTable } from '../format.js';
import { UsageError } from '../fail.js';
import { withProgress } from '../progress.js';

export function registerMailboxCommands(program: Command): void {
  program
    .command('mailboxes')
    .description('list mailboxes, or: mailboxes create PATH | rename ID NEWPATH | delete ID')
    .argument('[action]', 'create, rename or delete')
    .argument('[args...]')
    .option('--counts', 'show total and unread counts')
    .action(
      withClient(
        program,
        async (ctx, action: string | undefined, args: string[], opts: { counts?: boolean }) => {
          const c = ctx.client;
          if (action === undefined) {
            const list = await withProgress(
              'listing mailboxes',
              c.listMailboxes({ counts: opts.counts === true }),
            );
            ctx.emit(list, () => mailboxTable(list));
          } else if (action === 'create' && args.length === 1) {
            const m = await c.createMailbox(args[0] as string);
            ctx.emit(m, () => `created ${m.id}`);
          } else if (action === 'rename' && args.length === 2) {
            const m = await c.renameMailbox(args[0] as string, args[1] as string);
            ctx.emit(m, () => `renamed to ${m.id}`);
          } else if (action === 'delete' && args.length === 1) {
            await c.deleteMailbox(args[0] as string);
            ctx.emit({ deleted: args[0] }, () => `deleted ${args[0] ?? ''}`);
          } else {
            throw new UsageError(
              `mailboxes: expected 'create PATH', 'rename ID NEWPATH' or 'delete ID'`,
            );
          }
        },
      ),
    );
}
