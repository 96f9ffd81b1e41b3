/** The `mailroom` command line: global flags and the subcommands (docs/cli.md). */
import { Command } from 'commander';
import { registerMailboxCommands } from './commands/mailboxes.js';
import { registerMessageCommands } from './commands/messages.js';
import { registerReplyCommands } from './commands/replies.js';
import { registerSendCommand } from './commands/send.js';
import { registerSyncCommand } from './commands/sync.js';
import { registerWatchCommand } from './commands/watch.js';

export function buildProgram(): Command {
  const program = new Command('mailroom')
    .description('One command line over Maildir, m2dir, IMAP, JMAP and SMTP.')
    .option('--config <file>', 'config file (default ~/.config/mailroom/config.json)')
    .option('--account <name>', 'account from the config file')
    .option('--maildir <dir>', 'use this Maildir')
    .option('--m2dir <dir>', 'use this m2dir store')
    .option('--imap <url>', 'imaps://[user@]host[:port] or imap:// (STARTTLS)')
    .option('--jmap <url>', 'https://host or the JMAP session URL')
    .option('--smtp <url>', 'smtps://host[:465] or smtp://host[:587] (STARTTLS)')
    .option('--user <name>', 'user for --imap/--jmap/--smtp')
    .option(
      '--password-env <var>',
      'environment variable holding the password (default MAILROOM_PASSWORD)',
    )
    .option('--password-command <cmd>', "command printing the password, e.g. 'pass show mail'")
    .option('--ca <file>', 'PEM CA file to trust for TLS')
    .option('--insecure', 'allow cleartext (no STARTTLS) for --imap/--smtp')
    .option('--json', 'machine-readable output (JSON; JSON lines for watch)')
    .option('--debug', 'print stack traces')
    .showHelpAfterError()
    .exitOverride();
  registerMailboxCommands(program);
  registerMessageCommands(program);
  registerSendCommand(program);
  registerReplyCommands(program);
  registerWatchCommand(program);
  registerSyncCommand(program);
  return program;
}
