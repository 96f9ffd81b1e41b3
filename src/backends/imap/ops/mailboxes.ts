/**
 * listMailboxes / createMailbox / renameMailbox / deleteMailbox / diffMailboxes (RFC 9051
 * §6.3.4–§6.3.9, RFC 5819 LIST-STATUS, RFC 6154 SPECIAL-USE). The mailbox id is the full IMAP
 * name, decoded from modified UTF-7 (the encoder re-encodes it), so ids round-trip.
 */
import { MailError, isMailError } from '../../../shared/errors.js';
import type { MailboxPath } from '../../../shared/backend.js';
import type {
  ListMailboxesOptions,
  Mailbox,
  MailboxDiff,
  MailboxRole,
} from '../../../shared/types.js';
import type { ImapConnection } from '../client/connection.js';
import type { ListEntry, ListOptions } from '../commands/index.js';
import { isNo, notFound, responseCode } from './errors.js';
import type { ImapLink } from './link.js';
import { ROLE_ATTRIBUTE, roleOf } from './roles.js';
import { mailboxListed, selectable } from './mailbox-listed.js';

function toMailbox(entry: ListEntry): Mailbox {
  const name = entry.mailbox;
  const d = entry.delimiter;
  const path = d === null || d === '' ? [name] : name.split(d);
  const role = roleOf(name, path, entry.attributes);
  const box: Mailbox = { id: name, name: path[path.length - 1] ?? name, path };
  if (role !== undefined) box.role = role;
  if (entry.status !== undefined) {
    if (entry.status.messages !== undefined) box.total = entry.status.messages;
    if (entry.status.unseen !== undefined) box.unread = entry.status.unseen;
  }
  return box;
}

export async function listMailboxes(
  link: ImapLink,
  options: ListMailboxesOptions = {},
): Promise<Mailbox[]> {
  return link.use(async (conn) => {
    const counts = options.counts === true;
    const listStatus = counts && conn.hasCapability('LIST-STATUS');
    const request: ListOptions = {};
    const ret: 'SPECIAL-USE'[] = conn.hasCapability('SPECIAL-USE') ? ['SPECIAL-USE'] : [];
    if (ret.length > 0) request.return = ret;
    if (listStatus) request.status = ['MESSAGES', 'UNSEEN'];
    const entries = (await conn.list(request)).filter(selectable);
    if (counts && !listStatus) await statusEach(conn, entries);
    return entries.map(toMailbox);
  });
}

/**
 * Without LIST-STATUS: one STATUS per mailbox, pipelined in one round trip (RFC 9051 §5.5).
 * Counts are matched by the mailbox name each untagged STATUS carries (RFC 9051 §7.3.2), not
 * by answer order; a STATUS answered NO (the mailbox vanished meanwhile) leaves no counts.
 */
async function statusEach(conn: ImapConnection, entries: ListEntry[]): Promise<void> {
  const seen = new Map<string, Record<string, unknown>>();
  const off = conn.on('mailboxStatus', (e) => {
    seen.set(e.mailbox, { ...seen.get(e.mailbox), ...e.values });
  });
  let settled;
  try {
    settled = await conn.statusMany(
      entries.map((e) => e.mailbox),
      ['MESSAGES', 'UNSEEN'],
    );
  } finally {
    off();
  }
  for (const e of entries) {
    const values = seen.get(e.mailbox);
    if (settled.get(e.mailbox)?.ok !== true || values === undefined) continue;
    e.status = {
      ...(typeof values['messages'] === 'number' ? { messages: values['messages'] } : {}),
      ...(typeof values['unseen'] === 'number' ? { unseen: values['unseen'] } : {}),
    };
  }
}

async function delimiter(conn: ImapConnection): Promise<string | null> {
  // RFC 9051 §6.3.9: LIST "" "" returns the hierarchy delimiter.
  const [root] = await conn.list({ patterns: [''] });
  return root?.delimiter ?? null;
}

function components(path: MailboxPath): string[] {
  const parts = typeof path === 'string' ? path.split('/') : [...path];
  if (parts.length === 0 || parts.some((p) => p === ''))
    throw new MailError('ERR_INVALID_ARGUMENT', 'a mailbox path needs non-empty components', {
      backend: 'imap',
    });
  return parts;
}

async function joinPath(conn: ImapConnection, path: MailboxPath): Promise<string> {
  const parts = components(path);
  const d = await delimiter(conn);
  if (parts.length > 1 && d === null)
    throw new MailError('ERR_UNSUPPORTED', 'the server has a flat mailbox namespace', {
      backend: 'imap',
    });
  if (d !== null && parts.some((p) => p.includes(d)))
    throw new MailError(
      'ERR_INVALID_ARGUMENT',
      `mailbox names cannot contain the delimiter ${JSON.stringify(d)}`,
      {
        backend: 'imap',
      },
    );
  return parts.join(d ?? '');
}

async function describe(conn: ImapConnection, name: string): Promise<Mailbox> {
  const entries = await conn.list({ patterns: [name] });
  const entry = entries.find((e) => e.mailbox === name) ?? entries[0];
  if (entry === undefined) throw notFound(name);
  return toMailbox(entry);
}

export async function createMailbox(
  link: ImapLink,
  path: MailboxPath,
  role?: MailboxRole,
): Promise<Mailbox> {
  return link.use(async (conn) => {
    const name = await joinPath(conn, path);
    const attribute = role === undefined ? undefined : ROLE_ATTRIBUTE[role];
    const specialUse =
      attribute !== undefined && conn.hasCapability('CREATE-SPECIAL-USE') ? [attribute] : [];
    try {
      await conn.create(name, specialUse.length > 0 ? { specialUse } : {});
    } catch (error) {
      if (
        responseCode(error) === 'ALREADYEXISTS' ||
        (isNo(error) && (await mailboxListed(conn, name)))
      )
        throw new MailError('ERR_EXISTS', `mailbox ${JSON.stringify(name)} already exists`, {
          backend: 'imap',
          cause: error,
        });
      throw error;
    }
    const box = await describe(conn, name);
    if (role !== undefined && box.role === undefined) box.role = role;
    return box;
  });
}

/** Run a command on an existing mailbox; a NO when it is not listed becomes ERR_NOT_FOUND. */
async function onExisting<T>(
  conn: ImapConnection,
  name: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isMailError(error, 'ERR_PROTOCOL') && isNo(error) && !(await mailboxListed(conn, name)))
      throw notFound(name, error);
    throw error;
  }
}

export async function renameMailbox(
  link: ImapLink,
  from: string,
  to: MailboxPath,
): Promise<Mailbox> {
  return link.use(async (conn) => {
    const target = await joinPath(conn, to);
    link.forgetSelection();
    if (conn.selected !== undefined) await conn.unselect().catch(() => undefined);
    await onExisting(conn, from, () => conn.rename(from, target));
    return describe(conn, target);
  });
}

export async function deleteMailbox(link: ImapLink, name: string): Promise<void> {
  return link.use(async (conn) => {
    link.forgetSelection();
    // Deleting the selected mailbox is allowed but leaves an odd state; leave it first.
    if (conn.selected !== undefined) await conn.unselect().catch(() => undefined);
    await onExisting(conn, name, () => conn.delete(name));
  });
}

/** State = the listing (id → name/path/role) as JSON; comparing two listings gives the diff. */
export async function diffMailboxes(
  link: ImapLink,
  state: string | undefined,
): Promise<MailboxDiff> {
  const now = await listMailboxes(link);
  const before = parseMailboxState(state);
  const created: Mailbox[] = [];
  const updated: Mailbox[] = [];
  for (const box of now) {
    const old = before.get(box.id);
    if (old === undefined) created.push(box);
    else if (old !== fingerprint(box)) updated.push(box);
  }
  const ids = new Set(now.map((b) => b.id));
  const removed = [...before.keys()].filter((id) => !ids.has(id));
  const next = JSON.stringify(now.map((b) => [b.id, fingerprint(b)]));
  return { created, updated, removed, state: next };
}

function fingerprint(box: Mailbox): string {
  return JSON.stringify([box.name, box.path, box.role ?? null]);
}

function parseMailboxState(state: string | undefined): Map<string, string> {
  if (state === undefined || state === '') return new Map();
  try {
    const rows = JSON.parse(state) as unknown;
    if (!Array.isArray(rows)) throw new Error('not a list');
    return new Map(
      rows.map((r: unknown) => {
        if (!Array.isArray(r) || typeof r[0] !== 'string' || typeof r[1] !== 'string')
          throw new Error('bad row');
        return [r[0], r[1]] as const;
      }),
    );
  } catch (error) {
    throw new MailError(
      'ERR_INVALID_ARGUMENT',
      'diffMailboxes state is not one this backend produced',
      {
        backend: 'imap',
        cause: error,
      },
    );
  }
}
