/**
 * `list --all`: a whole mailbox streamed through iterateEnvelopes, so memory does not grow with
 * the mailbox. People get table rows batch by batch (the widths of the first batch are kept);
 * --json gives JSON lines, one envelope per line. On a terminal, stderr shows how far it got.
 */
import type { EmailClient } from '../client/email-client.js';
import { ENVELOPE_COLUMNS, envelopeRow, terminalWidth, toJsonText } from './format.js';
import { columnWidths, renderRows } from './table.js';
import type { Envelope } from '../shared/types.js';

const BATCH = 500;

async function totalOf(client: EmailClient, mailbox: string): Promise<number | undefined> {
  try {
    return (await client.listEnvelopes(mailbox, { pageSize: 1, counts: true })).total;
  } catch {
    return undefined; // the progress line goes without a total
  }
}

export async function listAll(
  client: EmailClient,
  mailbox: string,
  json: boolean,
): Promise<number> {
  const tty = process.stderr.isTTY === true;
  const total = tty ? await totalOf(client, mailbox) : undefined;
  let count = 0;
  let widths: number[] | undefined;
  let pending: Envelope[] = [];
  const progress = (): void => {
    if (tty)
      process.stderr.write(`\r\x1b[Klisted ${count}${total === undefined ? '' : ` of ${total}`}`);
  };
  const flush = (): void => {
    if (pending.length === 0) return;
    if (tty) process.stderr.write('\r\x1b[K');
    if (json) {
      process.stdout.write(pending.map((e) => `${toJsonText(e)}\n`).join(''));
    } else {
      const rows = pending.map(envelopeRow);
      const header = widths === undefined;
      widths ??= columnWidths(ENVELOPE_COLUMNS, rows, terminalWidth());
      const lines = renderRows(
        ENVELOPE_COLUMNS,
        header ? [ENVELOPE_COLUMNS.map((c) => c.header), ...rows] : rows,
        widths,
      );
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    pending = [];
    progress();
  };
  for await (const envelope of client.iterateEnvelopes(mailbox, { batchSize: BATCH })) {
    pending.push(envelope);
    count++;
    if (pending.length === BATCH) flush();
  }
  flush();
  if (tty) process.stderr.write('\r\x1b[K');
  if (!json && widths === undefined)
    process.stdout.write(`${ENVELOPE_COLUMNS.map((c) => c.header).join('  ')}\n`);
  return count;
}
