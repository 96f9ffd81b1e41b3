/**
 * Extension commands: COMPRESS=DEFLATE (RFC 4978), NOTIFY (RFC 5465), QUOTA (RFC 9208),
 * ACL (RFC 4314), METADATA (RFC 5464).
 */
import { MailError } from '../../../shared/errors.js';
import type { ImapSession } from '../session.js';
import type { CommandValue, QuotaResource } from '../wire/types.js';
import { astring, atom, list, mailbox, nstring, number } from './args.js';
import { fetchItemValues, type FetchItems } from './fetch.js';
import { execute, type ImapCoroutine } from './run.js';

/** COMPRESS DEFLATE; after the OK both directions are raw DEFLATE (RFC 4978 §3). */
export function* compress(session: ImapSession): ImapCoroutine<void> {
  yield* execute(session, 'COMPRESS', [atom('DEFLATE')]);
  if (session.hasPendingInput)
    throw new MailError(
      'ERR_PROTOCOL',
      'the server sent data after COMPRESS before compression began',
    );
  yield { type: 'compress' };
}

export type NotifyFilter =
  | 'selected'
  | 'selected-delayed'
  | 'inboxes'
  | 'personal'
  | 'subscribed'
  | { mailboxes: readonly string[] }
  | { subtree: readonly string[] };

export type NotifyEventName =
  | 'MessageNew'
  | 'MessageExpunge'
  | 'FlagChange'
  | 'AnnotationChange'
  | 'MailboxName'
  | 'SubscriptionChange'
  | 'MailboxMetadataChange'
  | 'ServerMetadataChange';

export interface NotifyGroup {
  filter: NotifyFilter;
  /** Empty = NONE for this filter. */
  events: readonly NotifyEventName[];
  /** FETCH attributes to send with MessageNew (selected mailbox only). */
  messageNew?: FetchItems;
}

function filterValues(filter: NotifyFilter): CommandValue[] {
  if (typeof filter === 'string') return [atom(filter.toUpperCase())];
  if ('mailboxes' in filter)
    return [atom('MAILBOXES'), list(filter.mailboxes.map((m) => mailbox(m)))];
  return [atom('SUBTREE'), list(filter.subtree.map((m) => mailbox(m)))];
}

/** NOTIFY SET [STATUS] groups, or NOTIFY NONE with no groups. */
export function* notify(
  session: ImapSession,
  groups: readonly NotifyGroup[],
  status = false,
): ImapCoroutine<void> {
  if (groups.length === 0) {
    yield* execute(session, 'NOTIFY', [atom('NONE')]);
    return;
  }
  const args: CommandValue[] = [atom('SET')];
  if (status) args.push(atom('STATUS'));
  for (const g of groups) {
    const events: CommandValue[] = [];
    for (const e of g.events) {
      events.push(atom(e));
      if (e === 'MessageNew' && g.messageNew !== undefined)
        events.push(list(fetchItemValues(g.messageNew)));
    }
    args.push(list([...filterValues(g.filter), events.length === 0 ? atom('NONE') : list(events)]));
  }
  yield* execute(session, 'NOTIFY', args);
}

export interface QuotaRoot {
  root: string;
  resources: QuotaResource[];
}

function* quotaCommand(
  session: ImapSession,
  name: string,
  args: CommandValue[],
): ImapCoroutine<{ roots: string[]; quotas: QuotaRoot[] }> {
  const roots: string[] = [];
  const quotas: QuotaRoot[] = [];
  yield* execute(session, name, args, {
    untagged: (r) => {
      if (r.type === 'quotaroot') roots.push(...r.roots);
      if (r.type === 'quota') quotas.push({ root: r.root, resources: [...r.resources] });
      return undefined;
    },
  });
  return { roots, quotas };
}

export function* getQuota(session: ImapSession, root: string): ImapCoroutine<QuotaRoot[]> {
  return (yield* quotaCommand(session, 'GETQUOTA', [astring(root)])).quotas;
}

export function* getQuotaRoot(
  session: ImapSession,
  name: string,
): ImapCoroutine<{ roots: string[]; quotas: QuotaRoot[] }> {
  return yield* quotaCommand(session, 'GETQUOTAROOT', [mailbox(name)]);
}

export function* getAcl(
  session: ImapSession,
  name: string,
): ImapCoroutine<{ identifier: string; rights: string }[]> {
  const entries: { identifier: string; rights: string }[] = [];
  yield* execute(session, 'GETACL', [mailbox(name)], {
    untagged: (r) => {
      if (r.type === 'acl') entries.push(...r.entries);
      return undefined;
    },
  });
  return entries;
}

export function* myRights(session: ImapSession, name: string): ImapCoroutine<string> {
  let rights = '';
  yield* execute(session, 'MYRIGHTS', [mailbox(name)], {
    untagged: (r) => {
      if (r.type === 'myrights') rights = r.rights;
      return undefined;
    },
  });
  return rights;
}

export interface MetadataOptions {
  maxSize?: number;
  depth?: '0' | '1' | 'infinity';
}

/** GETMETADATA (RFC 5464 §4.2); mailbox '' means server annotations. */
export function* getMetadata(
  session: ImapSession,
  name: string,
  entries: readonly string[],
  options: MetadataOptions = {},
): ImapCoroutine<Map<string, Uint8Array | null>> {
  const opts: CommandValue[] = [];
  if (options.maxSize !== undefined) opts.push(atom('MAXSIZE'), number(options.maxSize));
  if (options.depth !== undefined) opts.push(atom('DEPTH'), atom(options.depth));
  const args: CommandValue[] = opts.length > 0 ? [list(opts)] : [];
  args.push(mailbox(name), list(entries.map((e) => astring(e))));
  const out = new Map<string, Uint8Array | null>();
  yield* execute(session, 'GETMETADATA', args, {
    untagged: (r) => {
      if (r.type === 'metadata') for (const e of r.entries) out.set(e.name, e.value ?? null);
      return undefined;
    },
  });
  return out;
}

/** SETMETADATA (RFC 5464 §4.3); a null value removes the entry. */
export function* setMetadata(
  session: ImapSession,
  name: string,
  entries: Readonly<Record<string, string | null>>,
): ImapCoroutine<void> {
  const items = Object.entries(entries).flatMap(([k, v]) => [astring(k), nstring(v)]);
  yield* execute(session, 'SETMETADATA', [mailbox(name), list(items)]);
}
