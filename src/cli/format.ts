/** Shared model → table rows and JSON documents for the CLI. */
import type { Address, Envelope, Flag, Mailbox, Thread } from '../shared/types.js';
import { renderTable, type Column } from './table.js';

const FLAG_MARKS: [Flag, string][] = [
  ['seen', ''],
  ['flagged', '!'],
  ['answered', 'R'],
  ['draft', 'D'],
  ['forwarded', 'F'],
  ['deleted', 'T'],
];

/** `*` unread, `!` flagged, `R` answered, `D` draft, `F` forwarded, `T` deleted, `@` attachment. */
export function flagMarks(e: Envelope): string {
  let marks = e.flags.includes('seen') ? '' : '*';
  for (const [flag, mark] of FLAG_MARKS) if (mark !== '' && e.flags.includes(flag)) marks += mark;
  if (e.hasAttachment === true) marks += '@';
  return marks;
}

export function formatAddress(a: Address | undefined): string {
  if (a === undefined) return '';
  return a.name !== undefined && a.name !== '' ? a.name : a.email;
}

/** `Name <email>` (or the bare address / the string as given), comma-separated. */
export function formatAddressList(list: readonly (Address | string)[] | undefined): string {
  return (list ?? [])
    .map((a) => (typeof a === 'string' ? a : a.name ? `${a.name} <${a.email}>` : a.email))
    .join(', ');
}

export function formatDate(d: Date | undefined): string {
  if (d === undefined || Number.isNaN(d.getTime())) return '';
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function terminalWidth(): number {
  return process.stdout.isTTY ? process.stdout.columns : 120;
}

export const ENVELOPE_COLUMNS: readonly Column[] = [
  { header: 'ID', flexible: true },
  { header: 'FLAGS' },
  { header: 'DATE' },
  { header: 'FROM', flexible: true },
  { header: 'SUBJECT', flexible: true },
];

export function envelopeRow(e: Envelope): string[] {
  return [e.id, flagMarks(e), formatDate(e.date), formatAddress(e.from[0]), e.subject];
}

export function envelopeTable(envelopes: readonly Envelope[], width = terminalWidth()): string {
  return renderTable(ENVELOPE_COLUMNS, envelopes.map(envelopeRow), width);
}

/** Threads newest first: message count, latest date, who wrote, the thread's subject. */
export function threadTable(threads: readonly Thread[], width = terminalWidth()): string {
  return renderTable(
    [
      { header: 'THREAD', flexible: true },
      { header: 'MSGS', align: 'right' },
      { header: 'LATEST' },
      { header: 'FROM', flexible: true },
      { header: 'SUBJECT', flexible: true },
    ],
    threads.map((t) => {
      const oldest = t.envelopes[t.envelopes.length - 1];
      const latest = t.envelopes.reduce<Date | undefined>(
        (d, e) => (e.date !== undefined && (d === undefined || e.date > d) ? e.date : d),
        undefined,
      );
      const senders = [...new Set(t.envelopes.map((e) => formatAddress(e.from[0])))];
      return [
        t.id,
        String(t.envelopes.length),
        formatDate(latest),
        senders.filter((n) => n !== '').join(', '),
        oldest?.subject ?? '',
      ];
    }),
    width,
  );
}

export function mailboxTable(mailboxes: readonly Mailbox[], width = terminalWidth()): string {
  const counts = mailboxes.some((m) => m.total !== undefined);
  return renderTable(
    [
      { header: 'ID', flexible: true },
      { header: 'NAME', flexible: true },
      { header: 'ROLE' },
      ...(counts
        ? [
            { header: 'TOTAL', align: 'right' as const },
            { header: 'UNREAD', align: 'right' as const },
          ]
        : []),
    ],
    mailboxes.map((m) => [
      m.id,
      m.path.join('/'),
      m.role ?? '',
      ...(counts ? [String(m.total ?? ''), String(m.unread ?? '')] : []),
    ]),
    width,
  );
}

/** JSON.stringify with Dates as ISO strings (the shared types' JSON form). */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v,
  );
}
