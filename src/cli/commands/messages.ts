/** list, search, read, add, copy, move, delete, flag */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { withClient } from '../context.js';
import { envelopeTable } from '../format.js';
import { UsageError } from '../fail.js';
import { withProgress } from '../progress.js';
import { listAll } from '../list-all.js';
import { renderForReading } from '../read-message.js';
import { saveAttachments } from '../save-attachments.js';
import type { StoreFlagsAction } from '../../shared/types.js';

interface PageOpts {
  page?: string;
  pageSize?: string;
}

/** A positive integer flag (`what` names it in the error), `fallback` when absent. */
export function positiveInteger(v: string | undefined, fallback: number, what: string): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${what} must be a positive integer, got '${v}'`);
  return n;
}

function paging(o: PageOpts): { page: number; pageSize: number } {
  return {
    page: positiveInteger(o.page, 1, '--page'),
    pageSize: positiveInteger(o.pageSize, 50, '--page-size'),
  };
}

async function readInput(file: string): Promise<Uint8Array> {
  if (file !== '-') return new Uint8Array(await readFile(file));
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

const splitFlags = (s: string): string[] =>
  s
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');

export function registerMessageCommands(program: Command): void {
  program
    .command('list')
    .description('list envelopes, newest first')
    .argument('[mailbox]', 'mailbox id', 'INBOX')
    .option('--page <n>', 'page number (1-based)')
    .option('--page-size <n>', 'envelopes per page (default 50)')
    .option('--all', 'stream the whole mailbox (JSON lines with --json)')
    .action(
      withClient(program, async (ctx, mailbox: string, opts: PageOpts & { all?: boolean }) => {
        if (opts.all === true) {
          if (opts.page !== undefined)
            throw new UsageError('list: --all and --page exclude each other');
          await listAll(ctx.client, mailbox, ctx.flags.json === true);
          return;
        }
        const page = await withProgress(
          'listing',
          ctx.client.listEnvelopes(mailbox, { ...paging(opts), counts: true }),
        );
        ctx.emit(page, () => envelopeTable(page.envelopes));
      }),
    );

  program
    .command('search')
    .description(
      "search a mailbox, e.g. search INBOX 'from alice and after 2026-01-01 order by date desc'",
    )
    .argument('<mailbox>')
    .argument('<query...>', 'search DSL (see docs/search.md)')
    .option('--page <n>')
    .option('--page-size <n>')
    .action(
      withClient(program, async (ctx, mailbox: string, query: string[], opts: PageOpts) => {
        const page = await withProgress(
          'searching',
          ctx.client.searchEnvelopes(mailbox, query.join(' '), paging(opts)),
        );
        ctx.emit(page, () => envelopeTable(page.envelopes));
      }),
    );

  program
    .command('read')
    .description('show a message: decoded headers, the text part and its attachments')
    .argument('<mailbox>')
    .argument('<id>')
    .option('--raw', 'print the raw bytes')
    .option('--html', 'show the HTML part')
    .action(
      withClient(
        program,
        async (ctx, mailbox: string, id: string, opts: { raw?: boolean; html?: boolean }) => {
          const raw = await ctx.client.getMessage(mailbox, id);
          if (opts.raw === true) {
            process.stdout.write(raw);
            return;
          }
          const message = await ctx.client.readMessage(mailbox, id);
          ctx.emit(message, () => renderForReading(message, opts.html === true));
        },
      ),
    );

  program
    .command('attachment')
    .description('attachments of a message')
    .command('save')
    .description('save one attachment (PART, from `read`) or all of them into a directory')
    .argument('<mailbox>')
    .argument('<id>')
    .argument('[part]')
    .option('--dir <dir>', 'where to write the files', '.')
    .action(
      withClient(
        program,
        async (
          ctx,
          mailbox: string,
          id: string,
          part: string | undefined,
          opts: { dir: string },
        ) => {
          const saved = await saveAttachments(ctx.client, mailbox, id, part, opts.dir);
          ctx.emit(saved, () => saved.map((s) => `${s.path} (${s.size} bytes)`).join('\n'));
        },
      ),
    );

  program
    .command('add')
    .description('add a message from a file (or - for stdin) to a mailbox')
    .argument('<mailbox>')
    .argument('<file>')
    .option('--flags <flags>', 'comma-separated, e.g. seen,flagged')
    .action(
      withClient(program, async (ctx, mailbox: string, file: string, opts: { flags?: string }) => {
        const id = await ctx.client.addMessage(mailbox, await readInput(file), {
          flags: splitFlags(opts.flags ?? ''),
        });
        ctx.emit({ mailbox, id }, () => id);
      }),
    );

  for (const verb of ['copy', 'move'] as const) {
    program
      .command(verb)
      .description(`${verb} messages: ${verb} FROM TO ID...`)
      .argument('<from>')
      .argument('<to>')
      .argument('<ids...>')
      .action(
        withClient(program, async (ctx, from: string, to: string, ids: string[]) => {
          const map =
            verb === 'copy'
              ? await ctx.client.copyMessages(from, ids, to)
              : await ctx.client.moveMessages(from, ids, to);
          ctx.emit(map, () =>
            Object.entries(map)
              .map(([a, b]) => `${a} -> ${b}`)
              .join('\n'),
          );
        }),
      );
  }

  program
    .command('delete')
    .description('delete messages for good: delete MAILBOX ID...')
    .argument('<mailbox>')
    .argument('<ids...>')
    .action(
      withClient(program, async (ctx, mailbox: string, ids: string[]) => {
        await ctx.client.deleteMessages(mailbox, ids);
        ctx.emit({ deleted: ids }, () => `deleted ${ids.length} message(s)`);
      }),
    );

  program
    .command('flag')
    .description('change flags: flag add|remove|set MAILBOX FLAGS ID... (FLAGS comma-separated)')
    .argument('<action>', 'add, remove or set')
    .argument('<mailbox>')
    .argument('<flags>')
    .argument('<ids...>')
    .action(
      withClient(
        program,
        async (ctx, action: string, mailbox: string, flags: string, ids: string[]) => {
          if (action !== 'add' && action !== 'remove' && action !== 'set') {
            throw new UsageError(`flag: action must be add, remove or set, got '${action}'`);
          }
          await ctx.client.storeFlags(mailbox, ids, action as StoreFlagsAction, splitFlags(flags));
          ctx.emit(
            { action, flags: splitFlags(flags), ids },
            () => `${action} ${flags} on ${ids.length} message(s)`,
          );
        },
      ),
    );
}

export { readInput };
