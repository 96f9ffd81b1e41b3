/**
 * `reply`, `forward` and `threads` (docs/reading.md). Replies and forwards are built by the
 * library's composeReply / composeForward and sent as `send` sends; --dry-run prints the
 * composed message instead (JSON with --json) and sends nothing.
 */
import type { Command } from 'commander';
import { composeForward, composeReply } from '../../shared/reading/compose-reply.js';
import type { ComposeAttachment, ComposeMessage } from '../../shared/types.js';
import type { EmailClient } from '../../client/email-client.js';
import { withClient, type CommandContext } from '../context.js';
import { UsageError } from '../fail.js';
import { formatAddressList, threadTable } from '../format.js';
import { withProgress } from '../progress.js';
import { positiveInteger } from './messages.js';
import { attachedFiles, collect } from './send.js';

interface ReplyOpts {
  from?: string;
  all?: boolean;
  quote?: boolean;
  me?: string[];
  to?: string[];
  cc?: string[];
  bcc?: string[];
  body?: string;
  attach?: string[];
  asAttachment?: boolean;
  saveToSent?: boolean;
  dryRun?: boolean;
}

function sender(verb: string, o: ReplyOpts): string {
  if (o.from === undefined) throw new UsageError(`${verb}: --from is required`);
  return o.from;
}

function preview(m: ComposeMessage): string {
  return [
    `From:        ${formatAddressList([m.from])}`,
    `To:          ${formatAddressList(m.to)}`,
    ...(m.cc === undefined ? [] : [`Cc:          ${formatAddressList(m.cc)}`]),
    `Subject:     ${m.subject ?? ''}`,
    ...(m.inReplyTo === undefined ? [] : [`In-Reply-To: ${m.inReplyTo}`]),
    ...(m.references === undefined ? [] : [`References:  ${m.references.join(' ')}`]),
    ...(m.attachments ?? []).map((a) => `Attachment:  ${a.filename} (${a.contentType ?? 'auto'})`),
    '',
    m.text ?? '',
  ].join('\n');
}

/** The original's attachments, for an inline forward (each part fetched alone). */
async function originalAttachments(
  client: EmailClient,
  mailbox: string,
  id: string,
  parts: { partId: string; filename?: string; contentType: string }[],
): Promise<ComposeAttachment[]> {
  const out: ComposeAttachment[] = [];
  for (const p of parts) {
    out.push({
      filename: p.filename ?? `part-${p.partId}`,
      content: await client.getAttachment(mailbox, id, p.partId),
      contentType: p.contentType,
    });
  }
  return out;
}

async function sendOrShow(
  ctx: CommandContext,
  message: ComposeMessage,
  o: ReplyOpts,
): Promise<void> {
  if (o.dryRun === true) {
    ctx.emit(message, () => preview(message));
    return;
  }
  const result = await withProgress(
    'sending',
    ctx.client.sendMessage(message, { saveToSent: o.saveToSent === true }),
  );
  ctx.emit(result, () =>
    [
      `sent via ${result.transport} to ${result.accepted.join(', ')}`,
      ...(result.warnings ?? []).map((w) => `warning: ${w}`),
    ].join('\n'),
  );
}

const composeFlags = (cmd: Command): Command =>
  cmd
    .option('--from <address>', 'the sender (required)')
    .option('--cc <address>', 'repeatable', collect)
    .option('--bcc <address>', 'repeatable', collect)
    .option('--body <text>', 'your text, above the quote / forwarded message')
    .option('--attach <file>', 'repeatable', collect)
    .option('--save-to-sent', 'store a copy in the Sent mailbox')
    .option('--dry-run', 'print the composed message; send nothing');

export function registerReplyCommands(program: Command): void {
  composeFlags(
    program
      .command('reply')
      .description('reply to a message (Re:, In-Reply-To, References, the quoted text)')
      .argument('<mailbox>')
      .argument('<id>')
      .option('--all', 'reply to all: the original To and Cc too, minus --from and --me')
      .option('--no-quote', 'leave the original text out')
      .option('--me <address>', 'one of your addresses, left out of --all (repeatable)', collect),
  ).action(
    withClient(program, async (ctx, mailbox: string, id: string, o: ReplyOpts) => {
      const from = sender('reply', o);
      const original = await ctx.client.readMessage(mailbox, id);
      const reply = composeReply(original, {
        from,
        ...(o.all === true ? { all: true } : {}),
        ...(o.quote === false ? { quote: false } : {}),
        ...(o.me === undefined ? {} : { me: o.me }),
        ...(o.body === undefined ? {} : { text: o.body }),
      });
      if (o.cc !== undefined) reply.cc = [...(reply.cc ?? []), ...o.cc];
      if (o.bcc !== undefined) reply.bcc = o.bcc;
      const files = await attachedFiles(o.attach);
      if (files.length > 0) reply.attachments = files;
      await sendOrShow(ctx, reply, o);
    }),
  );

  composeFlags(
    program
      .command('forward')
      .description('forward a message: inline with its attachments, or --as-attachment')
      .argument('<mailbox>')
      .argument('<id>')
      .option('--to <address>', 'repeatable (at least one)', collect)
      .option('--as-attachment', 'attach the original as message/rfc822'),
  ).action(
    withClient(program, async (ctx, mailbox: string, id: string, o: ReplyOpts) => {
      const from = sender('forward', o);
      if (o.to === undefined || o.to.length === 0)
        throw new UsageError('forward: at least one --to is required');
      const original = await ctx.client.readMessage(mailbox, id);
      const attach = o.asAttachment === true;
      const forward = composeForward(original, {
        from,
        to: o.to,
        ...(attach ? { attach: true, raw: await ctx.client.getMessage(mailbox, id) } : {}),
        ...(o.body === undefined ? {} : { text: o.body }),
      });
      if (o.cc !== undefined) forward.cc = o.cc;
      if (o.bcc !== undefined) forward.bcc = o.bcc;
      const carried = attach
        ? []
        : await originalAttachments(ctx.client, mailbox, id, original.attachments);
      const files = [
        ...(forward.attachments ?? []),
        ...carried,
        ...(await attachedFiles(o.attach)),
      ];
      if (files.length > 0) forward.attachments = files;
      await sendOrShow(ctx, forward, o);
    }),
  );

  program
    .command('threads')
    .description('conversations in a mailbox, newest first')
    .argument('[mailbox]', 'mailbox id', 'INBOX')
    .option('--page <n>', 'page number (1-based)')
    .option('--page-size <n>', 'threads per page (default 20)')
    .action(
      withClient(program, async (ctx, mailbox: string, o: { page?: string; pageSize?: string }) => {
        const page = await withProgress(
          'threading',
          ctx.client.listThreads(mailbox, {
            page: positiveInteger(o.page, 1, '--page'),
            pageSize: positiveInteger(o.pageSize, 20, '--page-size'),
          }),
        );
        ctx.emit(page, () => threadTable(page.threads));
      }),
    );
}
