/**
 * Mailbox operations (RFC 8621 §2): list, resolve, create (missing parents too), rename,
 * delete, and Mailbox/changes diffs.
 */
import { MailError } from '../../shared/errors.js';
import type { Mailbox, MailboxDiff, MailboxRole } from '../../shared/types.js';
import { validate, type JmapCo } from './http.js';
import { callMethods, chunk, type JmapContext, type MethodResponses } from './request.js';
import {
  changesResponseSchema,
  getResponseSchema,
  mailboxSchema,
  setResponseSchema,
  type MailboxObject,
} from './schemas.js';
import { requireMailbox, splitPath, toMailbox, toMailboxes } from './mailbox-tree.js';
import { checkSet } from './set-errors.js';

const TREE_PROPERTIES = ['id', 'name', 'parentId', 'role'];
const COUNT_PROPERTIES = [...TREE_PROPERTIES, 'totalEmails', 'unreadEmails'];

function mailboxList(
  responses: MethodResponses,
  callId: string,
): { state: string; list: MailboxObject[] } {
  const got = responses.get(callId, 'Mailbox/get', getResponseSchema);
  return { state: got.state, list: got.list.map((m) => validate(m, mailboxSchema, 'Mailbox')) };
}

function* fetchAll(
  ctx: JmapContext,
  counts: boolean,
): JmapCo<{ state: string; list: MailboxObject[] }> {
  const responses = yield* callMethods(ctx, [
    [
      'Mailbox/get',
      { accountId: ctx.session.accountId, properties: counts ? COUNT_PROPERTIES : TREE_PROPERTIES },
      'm',
    ],
  ]);
  return mailboxList(responses, 'm');
}

export function* listMailboxes(ctx: JmapContext, counts: boolean): JmapCo<Mailbox[]> {
  return toMailboxes((yield* fetchAll(ctx, counts)).list, counts);
}

/** An id or a name path → the mailbox (ERR_NOT_FOUND when there is none). */
export function* resolveMailbox(ctx: JmapContext, ref: string): JmapCo<Mailbox> {
  return requireMailbox(ref, yield* listMailboxes(ctx, false));
}

export function* createMailbox(
  ctx: JmapContext,
  path: string | readonly string[],
  role: MailboxRole | undefined,
): JmapCo<Mailbox> {
  const parts = splitPath(path);
  const boxes = yield* listMailboxes(ctx, false);
  // The longest existing prefix is the parent; the rest is created in one Mailbox/set, each
  // level referring to the one above by creation id (RFC 8620 §5.3).
  let depth = parts.length;
  while (depth > 0 && !boxes.some((b) => sameParts(b.path, parts.slice(0, depth)))) depth--;
  if (depth === parts.length) {
    throw new MailError('ERR_EXISTS', `mailbox already exists: ${parts.join('/')}`);
  }
  let parentId: string | null =
    depth === 0
      ? null
      : (boxes.find((b) => sameParts(b.path, parts.slice(0, depth))) as Mailbox).id;
  const create: Record<string, Record<string, unknown>> = {};
  for (let i = depth; i < parts.length; i++) {
    const props: Record<string, unknown> = { name: parts[i], parentId };
    if (i === parts.length - 1 && role !== undefined) props.role = role;
    create[`c${i}`] = props;
    parentId = `#c${i}`;
  }
  const responses = yield* callMethods(ctx, [
    ['Mailbox/set', { accountId: ctx.session.accountId, create }, 's'],
  ]);
  const set = responses.get('s', 'Mailbox/set', setResponseSchema);
  checkSet(set, 'Mailbox/set', 'create');
  const last = set.created?.[`c${parts.length - 1}`];
  if (last === undefined) throw new MailError('ERR_PROTOCOL', 'Mailbox/set created nothing');
  return {
    id: last.id,
    name: parts[parts.length - 1] as string,
    path: parts,
    ...(role === undefined ? {} : { role }),
  };
}

function sameParts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

export function* renameMailbox(
  ctx: JmapContext,
  ref: string,
  newPath: string | readonly string[],
): JmapCo<Mailbox> {
  const parts = splitPath(newPath);
  const boxes = yield* listMailboxes(ctx, false);
  const box = requireMailbox(ref, boxes);
  if (boxes.some((b) => sameParts(b.path, parts) && b.id !== box.id)) {
    throw new MailError('ERR_EXISTS', `mailbox already exists: ${parts.join('/')}`);
  }
  const parentPath = parts.slice(0, -1);
  const parent = parentPath.length === 0 ? null : boxes.find((b) => sameParts(b.path, parentPath));
  if (parent === undefined) {
    throw new MailError('ERR_NOT_FOUND', `parent mailbox not found: ${parentPath.join('/')}`);
  }
  const responses = yield* callMethods(ctx, [
    [
      'Mailbox/set',
      {
        accountId: ctx.session.accountId,
        update: { [box.id]: { name: parts[parts.length - 1], parentId: parent?.id ?? null } },
      },
      's',
    ],
  ]);
  checkSet(responses.get('s', 'Mailbox/set', setResponseSchema), 'Mailbox/set', 'update');
  const renamed: Mailbox = { id: box.id, name: parts[parts.length - 1] as string, path: parts };
  if (box.role !== undefined) renamed.role = box.role;
  return renamed;
}

/** Destroy a mailbox and its children (deepest first); messages only there go too. */
export function* deleteMailbox(ctx: JmapContext, ref: string): JmapCo<void> {
  const boxes = yield* listMailboxes(ctx, false);
  const box = requireMailbox(ref, boxes);
  const doomed = boxes
    .filter(
      (b) =>
        b.path.length >= box.path.length && sameParts(b.path.slice(0, box.path.length), box.path),
    )
    .sort((a, b) => b.path.length - a.path.length)
    .map((b) => b.id);
  for (const ids of chunk(doomed, ctx.session.limits.maxObjectsInSet)) {
    const responses = yield* callMethods(ctx, [
      [
        'Mailbox/set',
        { accountId: ctx.session.accountId, destroy: ids, onDestroyRemoveEmails: true },
        's',
      ],
    ]);
    checkSet(responses.get('s', 'Mailbox/set', setResponseSchema), 'Mailbox/set', 'destroy');
  }
}

/**
 * Mailbox/changes since `state` (following hasMoreChanges), classified against the current
 * list; no state, or one the server can no longer diff from, lists everything as created.
 */
export function* diffMailboxes(ctx: JmapContext, state: string | undefined): JmapCo<MailboxDiff> {
  const accountId = ctx.session.accountId;
  const created = new Set<string>();
  const updated = new Set<string>();
  const destroyed = new Set<string>();
  let since = state;
  while (since !== undefined) {
    const responses = yield* callMethods(ctx, [
      ['Mailbox/changes', { accountId, sinceState: since }, 'c'],
      ['Mailbox/get', { accountId, properties: COUNT_PROPERTIES }, 'm'],
    ]);
    if (responses.error('c')?.type === 'cannotCalculateChanges') break;
    const changes = responses.get('c', 'Mailbox/changes', changesResponseSchema);
    for (const id of changes.created) created.add(id);
    for (const id of changes.updated) updated.add(id);
    for (const id of changes.destroyed) destroyed.add(id);
    if (changes.hasMoreChanges) {
      since = changes.newState;
      continue;
    }
    // The list was read in the same request as the last changes: its state covers them all.
    const { list, state: listState } = mailboxList(responses, 'm');
    const byId = new Map(list.map((b) => [b.id, b]));
    const pick = (ids: Iterable<string>): Mailbox[] =>
      [...ids].flatMap((id) => {
        const box = byId.get(id);
        return box === undefined ? [] : [toMailbox(box, byId, true)];
      });
    return {
      created: pick(created),
      updated: pick([...updated].filter((id) => !created.has(id))),
      removed: [...destroyed].filter((id) => !byId.has(id) && !created.has(id)),
      state: listState,
    };
  }
  const { list, state: fresh } = yield* fetchAll(ctx, true);
  return { created: toMailboxes(list, true), updated: [], removed: [], state: fresh };
}
