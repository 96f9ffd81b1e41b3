/**
 * Message operations (RFC 8621 §4.3 Email/set, §4.8 Email/import).
 *
 * JMAP has one Email object per message however many mailboxes hold it, and servers such as
 * Cyrus deduplicate by content. So: copy adds a mailbox (the id stays the same), move swaps
 * one, and delete removes the message from this mailbox only when it is in several — it is
 * destroyed only when this mailbox is its last. Keywords (flags) belong to the Email, so they
 * are shared by every mailbox that holds it.
 */
import { messageForUpload } from '../../shared/mime/outgoing.js';
import { MailError } from '../../shared/errors.js';
import { flagsToJmapKeywords, flagToJmap, normalizeFlags } from '../../shared/flags.js';
import type { Flag, IdMap, StoreFlagsAction } from '../../shared/types.js';
import { downloadBlob, uploadBlob } from './blobs.js';
import { getEmails } from './envelopes.js';
import type { JmapCo } from './http.js';
import { resolveMailbox } from './mailboxes.js';
import {
  callIndependent,
  callMethods,
  chunk,
  type JmapContext,
  type MethodCall,
} from './request.js';
import { setResponseSchema, type EmailObject } from './schemas.js';
import { checkSet, setFailures } from './set-errors.js';

/** RFC 6901 §3: `~` → `~0`, `/` → `~1` inside one reference token of a patch path. */
export function pointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The emails `ids`, each of which must be in `mailboxId` (ERR_NOT_FOUND otherwise). */
function* emailsIn(
  ctx: JmapContext,
  mailboxId: string,
  ids: readonly string[],
): JmapCo<EmailObject[]> {
  const emails = yield* getEmails(ctx, ids, ['id', 'blobId', 'mailboxIds']);
  const present = new Map(
    emails.filter((e) => e.mailboxIds?.[mailboxId] === true).map((e) => [e.id, e]),
  );
  const missing = ids.filter((id) => !present.has(id));
  if (missing.length > 0) {
    throw new MailError('ERR_NOT_FOUND', `message not found in the mailbox: ${missing[0]}`, {
      details: { ids: missing },
    });
  }
  return ids.map((id) => present.get(id) as EmailObject);
}

/** Email/set updates, chunked at maxObjectsInSet; every failed id is reported. */
function* updateEmails(
  ctx: JmapContext,
  patches: [id: string, patch: Record<string, unknown>][],
): JmapCo<void> {
  const calls: MethodCall[] = chunk(patches, ctx.session.limits.maxObjectsInSet).map((part, i) => [
    'Email/set',
    { accountId: ctx.session.accountId, update: Object.fromEntries(part) },
    `s${i}`,
  ]);
  const responses = yield* callIndependent(ctx, calls);
  for (let i = 0; i < calls.length; i++)
    checkSet(responses.get(`s${i}`, 'Email/set', setResponseSchema), 'Email/set', 'update');
}

export function* getMessage(ctx: JmapContext, ref: string, id: string): JmapCo<Uint8Array> {
  const blobId = yield* messageBlobId(ctx, ref, id);
  return yield* downloadBlob(ctx, blobId);
}

/**
 * The blob ids of `ids` in mailbox `ref`, from one Email/get (chunked at maxObjectsInGet);
 * ids that are gone, or no longer in the mailbox, are absent (Backend.getMessages).
 */
export function* messageBlobIds(
  ctx: JmapContext,
  ref: string,
  ids: readonly string[],
): JmapCo<Map<string, string>> {
  const box = yield* resolveMailbox(ctx, ref);
  const emails = yield* getEmails(ctx, ids, ['id', 'blobId', 'mailboxIds']);
  const out = new Map<string, string>();
  for (const e of emails)
    if (e.mailboxIds?.[box.id] === true && e.blobId !== undefined) out.set(e.id, e.blobId);
  return out;
}

export function* messageBlobId(ctx: JmapContext, ref: string, id: string): JmapCo<string> {
  const box = yield* resolveMailbox(ctx, ref);
  const [email] = yield* emailsIn(ctx, box.id, [id]);
  if (email?.blobId === undefined)
    throw new MailError('ERR_PROTOCOL', `Email/get gave no blobId for ${id}`);
  return email.blobId;
}

export interface AddOptions {
  flags?: readonly Flag[] | undefined;
  receivedAt?: Date | undefined;
}

export function* addMessage(
  ctx: JmapContext,
  ref: string,
  raw: Uint8Array,
  options: AddOptions,
): JmapCo<string> {
  const bytes = messageForUpload(raw);
  const box = yield* resolveMailbox(ctx, ref);
  return yield* importMessage(ctx, box.id, bytes, options.flags ?? [], options.receivedAt);
}

/** Upload + Email/import. A server that already holds the bytes (alreadyExists, RFC 8621 §4.8)
 * gets the mailbox (and the given keywords) added to the existing Email instead. */
export function* importMessage(
  ctx: JmapContext,
  mailboxId: string,
  raw: Uint8Array,
  flags: readonly Flag[],
  receivedAt?: Date,
): JmapCo<string> {
  const blobId = yield* uploadBlob(ctx, raw);
  const keywords = flagsToJmapKeywords(flags);
  const email: Record<string, unknown> = { blobId, mailboxIds: { [mailboxId]: true }, keywords };
  if (receivedAt !== undefined) email.receivedAt = receivedAt.toISOString();
  const responses = yield* callMethods(ctx, [
    ['Email/import', { accountId: ctx.session.accountId, emails: { m: email } }, 'i'],
  ]);
  const result = responses.get('i', 'Email/import', setResponseSchema);
  const created = result.created?.m;
  if (created !== undefined) return created.id;
  const failure = setFailures(result, 'create').m;
  const existing = failure?.existingId;
  if (failure?.type === 'alreadyExists' && typeof existing === 'string') {
    yield* updateEmails(ctx, [
      [existing, { [`mailboxIds/${pointerToken(mailboxId)}`]: true, keywords }],
    ]);
    return existing;
  }
  checkSet(result, 'Email/import', 'create');
  throw new MailError('ERR_PROTOCOL', 'Email/import neither created nor rejected the message');
}

export function* copyMessages(
  ctx: JmapContext,
  from: string,
  ids: readonly string[],
  to: string,
): JmapCo<IdMap> {
  const source = yield* resolveMailbox(ctx, from);
  const target = yield* resolveMailbox(ctx, to);
  yield* emailsIn(ctx, source.id, ids);
  yield* updateEmails(
    ctx,
    ids.map((id) => [id, { [`mailboxIds/${pointerToken(target.id)}`]: true }]),
  );
  return Object.fromEntries(ids.map((id) => [id, id]));
}

export function* moveMessages(
  ctx: JmapContext,
  from: string,
  ids: readonly string[],
  to: string,
): JmapCo<IdMap> {
  const source = yield* resolveMailbox(ctx, from);
  const target = yield* resolveMailbox(ctx, to);
  yield* emailsIn(ctx, source.id, ids);
  if (source.id !== target.id) {
    yield* updateEmails(
      ctx,
      ids.map((id) => [
        id,
        {
          [`mailboxIds/${pointerToken(source.id)}`]: null,
          [`mailboxIds/${pointerToken(target.id)}`]: true,
        },
      ]),
    );
  }
  return Object.fromEntries(ids.map((id) => [id, id]));
}

export function* deleteMessages(
  ctx: JmapContext,
  ref: string,
  ids: readonly string[],
): JmapCo<void> {
  const box = yield* resolveMailbox(ctx, ref);
  const emails = (yield* getEmails(ctx, ids, ['id', 'mailboxIds'])).filter(
    (e) => e.mailboxIds?.[box.id] === true,
  );
  const elsewhere = (e: EmailObject): boolean =>
    Object.keys(e.mailboxIds ?? {}).some((m) => m !== box.id && e.mailboxIds?.[m] === true);
  const unlink = emails
    .filter(elsewhere)
    .map((e): [string, Record<string, unknown>] => [
      e.id,
      { [`mailboxIds/${pointerToken(box.id)}`]: null },
    ]);
  const destroy = emails.filter((e) => !elsewhere(e)).map((e) => e.id);
  if (unlink.length > 0) yield* updateEmails(ctx, unlink);
  const calls: MethodCall[] = chunk(destroy, ctx.session.limits.maxObjectsInSet).map((part, i) => [
    'Email/set',
    { accountId: ctx.session.accountId, destroy: part },
    `d${i}`,
  ]);
  const responses = yield* callIndependent(ctx, calls);
  for (let i = 0; i < calls.length; i++)
    checkSet(responses.get(`d${i}`, 'Email/set', setResponseSchema), 'Email/set', 'destroy');
}

/** The Email/set patch for a flag change (RFC 8621 §4.1.1 keywords, RFC 8620 §5.3 patch). */
export function keywordPatch(
  action: StoreFlagsAction,
  flags: readonly Flag[],
): Record<string, unknown> {
  if (action === 'set') return { keywords: flagsToJmapKeywords(flags) };
  const value = action === 'add' ? true : null;
  return Object.fromEntries(
    normalizeFlags(flags).map((f) => [`keywords/${pointerToken(flagToJmap(f))}`, value]),
  );
}

export function* storeFlags(
  ctx: JmapContext,
  ref: string,
  ids: readonly string[],
  action: StoreFlagsAction,
  flags: readonly Flag[],
): JmapCo<void> {
  yield* resolveMailbox(ctx, ref);
  const patch = keywordPatch(action, flags);
  if (ids.length === 0 || Object.keys(patch).length === 0) return;
  yield* updateEmails(
    ctx,
    ids.map((id) => [id, patch]),
  );
}
