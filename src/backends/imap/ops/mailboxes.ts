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
import {
  create,
  deleteMailbox as deleteCommand,
  list,
  rename,
  statusMany,
  unselect,
  type ListEntry,
  type ListOptions,
} from '../commands/index.js';
import type { ImapCoroutine } from '../commands/run.js';
import type { ImapSession } from '../session.js';
import { isNo, notFound, responseCode } from './errors.js';
import { ROLE_ATTRIBUTE, roleOf } from './roles.js';
import { forgetSelection, mailboxListed, selectable } from './selection.js';

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

export function* listMailboxes(
  session: ImapSession,
  options: ListMailboxesOptions = {},
): ImapCoroutine<Mailbox[]> {
  const counts = options.counts === true;
  const listStatus = counts && session.hasCapability('LIST-STATUS');
  const request: ListOptions = {};
  const ret: 'SPECIAL-USE'[] = session.hasCapability('SPECIAL-USE') ? ['SPECIAL-USE'] : [];
  if (ret.length > 0) request.return = ret;
  if (listStatus) request.status = ['MESSAGES', 'UNSEEN'];
  const entries = (yield* list(session, request)).filter(selectable);
  if (counts && !listStatus) yield* statusEach(session, entries);
  return entries.map(toMailbox);
}

/**
 * Without LIST-STATUS: one STATUS per mailbox, pipelined in one round trip (RFC 9051 §5.5).
 * Counts are matched by the mailbox name each untagged STATUS carries (RFC 9051 §7.3.2), not
 * by answer order; a STATUS answered NO (the mailbox vanished meanwhile) leaves no counts.
 */
function* statusEach(session: ImapSession, entries: ListEntry[]): ImapCoroutine<void> {
  const settled = yield* statusMany(
    session,
    entries.map((e) => e.mailbox),
    ['MESSAGES', 'UNSEEN'],
  );
  for (const e of entries) {
    const answer = settled.get(e.mailbox);
    if (answer?.ok !== true) continue;
    const { messages, unseen } = answer.value;
    if (messages === undefined && unseen === undefined) continue;
    e.status = {
      ...(typeof messages === 'number' ? { messages } : {}),
      ...(typeof unseen === 'number' ? { unseen } : {}),
    };
  }
}

function* delimiter(session: ImapSession): ImapCoroutine<string | null> {
  // RFC 9051 §6.3.9: LIST "" "" returns the hierarchy delimiter.
  const [root] = yield* list(session, { patterns: [''] });
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

function* joinPath(session: ImapSession, path: MailboxPath): ImapCoroutine<string> {
  const parts = components(path);
  const d = yield* delimiter(session);
  if (parts.length > 1 && d === null)
    throw new MailError('ERR_UNSUPPORTED', 'the server has a flat mailbox namespace', {
      backend: 'imap',
    });
  if (d !== null && parts.some((p) => p.includes(d)))
    throw new MailError(
      'ERR_INVALID_ARGUMENT',
      `mailbox names cannot contain the delimiter ${JSON.stringify(d)}`,
      { backend: 'imap' },
    );
  return parts.join(d ?? '');
}

function* describe(session: ImapSession, name: string): ImapCoroutine<Mailbox> {
  const entries = yield* list(session, { patterns: [name] });
  const entry = entries.find((e) => e.mailbox === name) ?? entries[0];
  if (entry === undefined) throw notFound(name);
  return toMailbox(entry);
}

export function* createMailbox(
  session: ImapSession,
  path: MailboxPath,
  role?: MailboxRole,
): ImapCoroutine<Mailbox> {
  const name = yield* joinPath(session, path);
  const attribute = role === undefined ? undefined : ROLE_ATTRIBUTE[role];
  const specialUse =
    attribute !== undefined && session.hasCapability('CREATE-SPECIAL-USE') ? [attribute] : [];
  try {
    yield* create(session, name, specialUse.length > 0 ? { specialUse } : {});
  } catch (error) {
    if (
      responseCode(error) === 'ALREADYEXISTS' ||
      (isNo(error) && (yield* mailboxListed(session, name)))
    )
      throw new MailError('ERR_EXISTS', `mailbox ${JSON.stringify(name)} already exists`, {
        backend: 'imap',
        cause: error,
      });
    throw error;
  }
  const box = yield* describe(session, name);
  if (role !== undefined && box.role === undefined) box.role = role;
  return box;
}

/** Run a command on an existing mailbox; a NO when it is not listed becomes ERR_NOT_FOUND. */
function* onExisting(
  session: ImapSession,
  name: string,
  command: ImapCoroutine<void>,
): ImapCoroutine<void> {
  try {
    yield* command;
  } catch (error) {
    if (isMailError(error, 'ERR_PROTOCOL') && isNo(error) && !(yield* mailboxListed(session, name)))
      throw notFound(name, error);
    throw error;
  }
}

/** Deleting or renaming the selected mailbox is allowed but leaves an odd state; leave it first. */
function* leaveSelected(session: ImapSession): ImapCoroutine<void> {
  forgetSelection(session);
  if (session.selected === undefined) return;
  try {
    yield* unselect(session);
  } catch (error) {
    if (!isMailError(error, 'ERR_PROTOCOL')) throw error;
  }
}

export function* renameMailbox(
  session: ImapSession,
  from: string,
  to: MailboxPath,
): ImapCoroutine<Mailbox> {
  const target = yield* joinPath(session, to);
  yield* leaveSelected(session);
  yield* onExisting(session, from, rename(session, from, target));
  return yield* describe(session, target);
}

export function* deleteMailbox(session: ImapSession, name: string): ImapCoroutine<void> {
  yield* leaveSelected(session);
  yield* onExisting(session, name, deleteCommand(session, name));
}

/** State = the listing (id → name/path/role) as JSON; comparing two listings gives the diff. */
export function* diffMailboxes(
  session: ImapSession,
  state: string | undefined,
): ImapCoroutine<MailboxDiff> {
  const before = parseMailboxState(state); // a bad state fails before any I/O
  const now = yield* listMailboxes(session);
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
