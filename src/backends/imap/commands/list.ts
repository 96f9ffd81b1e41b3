/**
 * LIST (RFC 9051 §6.3.9) with LIST-EXTENDED selection and return options (RFC 5258),
 * SPECIAL-USE (RFC 6154) and LIST-STATUS (RFC 5819); STATUS (§6.3.11).
 */
import type { ImapSession } from '../session.js';
import type {
  CommandValue,
  ListData,
  MailboxStatusValues,
  UntaggedResponse,
} from '../wire/types.js';
import { atom, list as valueList, mailbox } from './args.js';
import { execute, type ImapCoroutine } from './run.js';
import { pipeline, type PipelinedCommand, type Settled } from './pipeline.js';

export type StatusItem =
  | 'MESSAGES'
  | 'UIDNEXT'
  | 'UIDVALIDITY'
  | 'UNSEEN'
  | 'DELETED'
  | 'SIZE'
  | 'RECENT'
  | 'HIGHESTMODSEQ'
  | 'APPENDLIMIT'
  | 'MAILBOXID';

export interface ListOptions {
  reference?: string;
  /** One or more patterns (`*`, `%`); several need LIST-EXTENDED. Default '*'. */
  patterns?: readonly string[];
  /** Selection options (RFC 5258 §3.1): SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL-USE. */
  select?: readonly ('SUBSCRIBED' | 'REMOTE' | 'RECURSIVEMATCH' | 'SPECIAL-USE')[];
  /** Return options (RFC 5258 §3.2, RFC 6154 §5.1): SUBSCRIBED, CHILDREN, SPECIAL-USE. */
  return?: readonly ('SUBSCRIBED' | 'CHILDREN' | 'SPECIAL-USE')[];
  /** RETURN (STATUS (...)) — LIST-STATUS (RFC 5819). */
  status?: readonly StatusItem[];
  /** Use LSUB (RFC 3501, obsolete in rev2). */
  lsub?: boolean;
}

export interface ListEntry extends ListData {
  status?: MailboxStatusValues;
}

function returnOptions(options: ListOptions): CommandValue[] {
  const items: CommandValue[] = (options.return ?? []).map((r) => atom(r));
  if (options.status !== undefined && options.status.length > 0)
    items.push(atom('STATUS'), valueList(options.status.map((s) => atom(s))));
  return items;
}

export function* list(session: ImapSession, options: ListOptions = {}): ImapCoroutine<ListEntry[]> {
  const patterns = options.patterns ?? ['*'];
  const args: CommandValue[] = [];
  const selection = options.select ?? [];
  if (selection.length > 0) args.push(valueList(selection.map((s) => atom(s))));
  args.push(mailbox(options.reference ?? ''));
  args.push(
    patterns.length === 1
      ? mailbox(patterns[0] ?? '*')
      : valueList(patterns.map((p) => mailbox(p))),
  );
  const ret = returnOptions(options);
  if (ret.length > 0) args.push(atom('RETURN'), valueList(ret));
  const entries: ListEntry[] = [];
  const byName = new Map<string, ListEntry>();
  const statuses = new Map<string, MailboxStatusValues>();
  yield* execute(session, options.lsub === true ? 'LSUB' : 'LIST', args, {
    untagged: (r) => {
      if (r.type === 'list' || r.type === 'lsub') {
        const entry: ListEntry = { ...r.list };
        entries.push(entry);
        byName.set(entry.mailbox, entry);
      } else if (r.type === 'mailboxStatus') {
        statuses.set(r.mailbox, r.values);
      }
      return undefined;
    },
  });
  // RFC 5819 §1: the STATUS may come before or after its LIST line.
  for (const [name, values] of statuses) {
    const entry = byName.get(name);
    if (entry !== undefined) entry.status = values;
  }
  return entries;
}

export function* status(
  session: ImapSession,
  name: string,
  items: readonly StatusItem[],
): ImapCoroutine<MailboxStatusValues> {
  let values: MailboxStatusValues = {};
  yield* execute(session, 'STATUS', [mailbox(name), valueList(items.map((i) => atom(i)))], {
    untagged: (r) => {
      if (r.type === 'mailboxStatus') values = { ...values, ...r.values };
      return undefined;
    },
  });
  return values;
}

/**
 * STATUS of many mailboxes, pipelined (RFC 9051 §5.5: STATUS commands are independent). The
 * values are matched by the mailbox name each untagged STATUS carries (RFC 9051 §7.3.2), not
 * by answer order, so a server that answers out of turn cannot swap two mailboxes' counts.
 */
export function* statusMany(
  session: ImapSession,
  names: readonly string[],
  items: readonly StatusItem[],
): ImapCoroutine<Map<string, Settled<MailboxStatusValues>>> {
  const byName = new Map<string, MailboxStatusValues>();
  const record = (r: UntaggedResponse): void => {
    if (r.type === 'mailboxStatus')
      byName.set(r.mailbox, { ...byName.get(r.mailbox), ...r.values });
  };
  const commands = names.map((name): PipelinedCommand<MailboxStatusValues> => ({
    name: 'STATUS',
    args: [mailbox(name), valueList(items.map((i) => atom(i)))],
    untagged: record,
    result: () => byName.get(name) ?? {},
  }));
  const settled = yield* pipeline(session, commands);
  return new Map(names.map((name, i) => [name, settled[i] as Settled<MailboxStatusValues>]));
}
