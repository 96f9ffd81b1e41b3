/**
 * diffEnvelopes scoped to one mailbox. Email/changes (RFC 8620 §5.2) is account-wide and
 * Email/queryChanges cannot tell a moved-in message from a re-sorted one (Cyrus reports both as
 * removed+added), so the opaque state carries the Email state *and* the ids known to be in the
 * mailbox: membership before vs after is then exact, buckets never overlap, and a state the
 * server can no longer diff from (cannotCalculateChanges) gives `reset: true` + a full listing.
 */
import { MailError } from '../../shared/errors.js';
import type { Envelope, EnvelopeDiff } from '../../shared/types.js';
import { toEnvelope } from './envelope.js';
import { allEnvelopes, getEmails } from './envelopes.js';
import type { JmapCo } from './http.js';
import { resolveMailbox } from './mailboxes.js';
import { callMethods, type JmapContext } from './request.js';
import { changesResponseSchema, getResponseSchema, queryResponseSchema } from './schemas.js';

export interface MailboxState {
  emailState: string;
  ids: string[];
}

export function encodeState(state: MailboxState): string {
  return Buffer.from(JSON.stringify({ v: 1, s: state.emailState, ids: state.ids })).toString(
    'base64url',
  );
}

export function decodeState(text: string): MailboxState {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) {
      const { v, s, ids } = parsed as { v?: unknown; s?: unknown; ids?: unknown };
      if (
        v === 1 &&
        typeof s === 'string' &&
        Array.isArray(ids) &&
        ids.every((i) => typeof i === 'string')
      ) {
        return { emailState: s, ids: ids as string[] };
      }
    }
  } catch {
    // fall through
  }
  throw new MailError('ERR_INVALID_ARGUMENT', 'not a JMAP diff state from this backend');
}

function* emailState(ctx: JmapContext): JmapCo<string> {
  const responses = yield* callMethods(ctx, [
    ['Email/get', { accountId: ctx.session.accountId, ids: [] }, 'g'],
  ]);
  return responses.get('g', 'Email/get', getResponseSchema).state;
}

/** Everything in the mailbox, as a reset. */
export function* fullDiff(
  ctx: JmapContext,
  mailboxId: string,
): JmapCo<{ diff: EnvelopeDiff; state: MailboxState }> {
  // The state is taken first: a change racing the listing is reported again next time, never lost.
  const stateNow = yield* emailState(ctx);
  const added = yield* allEnvelopes(ctx, mailboxId);
  const state = { emailState: stateNow, ids: added.map((e) => e.id) };
  return {
    diff: { added, removed: [], flagsChanged: [], reset: true, state: encodeState(state) },
    state,
  };
}

/**
 * Just the state and the ids (no envelopes): where a watch starts. Ids come from Email/query
 * pages; the state is read first so a racing change is seen again, never lost.
 */
export function* baselineState(ctx: JmapContext, mailboxId: string): JmapCo<MailboxState> {
  const stateNow = yield* emailState(ctx);
  const ids: string[] = [];
  const limit = 5000;
  for (;;) {
    const responses = yield* callMethods(ctx, [
      [
        'Email/query',
        {
          accountId: ctx.session.accountId,
          filter: { inMailbox: mailboxId },
          position: ids.length,
          limit,
        },
        'q',
      ],
    ]);
    const page = responses.get('q', 'Email/query', queryResponseSchema).ids;
    ids.push(...page);
    if (page.length < limit) return { emailState: stateNow, ids };
  }
}

/** Email/changes since `since`, following hasMoreChanges; undefined when the server cannot. */
function* changesSince(
  ctx: JmapContext,
  since: string,
): JmapCo<
  | { changed: Set<string>; updated: Set<string>; destroyed: Set<string>; newState: string }
  | undefined
> {
  const changed = new Set<string>();
  const updated = new Set<string>();
  const destroyed = new Set<string>();
  let state = since;
  for (let round = 0; round < 10_000; round++) {
    const responses = yield* callMethods(ctx, [
      ['Email/changes', { accountId: ctx.session.accountId, sinceState: state }, 'c'],
    ]);
    if (responses.error('c')?.type === 'cannotCalculateChanges') return undefined;
    const c = responses.get('c', 'Email/changes', changesResponseSchema);
    for (const id of c.created) changed.add(id);
    for (const id of c.updated) {
      changed.add(id);
      updated.add(id);
    }
    for (const id of c.destroyed) {
      changed.delete(id);
      destroyed.add(id);
    }
    state = c.newState;
    if (!c.hasMoreChanges) return { changed, updated, destroyed, newState: state };
  }
  return undefined;
}

export function* diffFrom(
  ctx: JmapContext,
  mailboxId: string,
  previous: MailboxState,
): JmapCo<{ diff: EnvelopeDiff; state: MailboxState }> {
  const changes = yield* changesSince(ctx, previous.emailState);
  if (changes === undefined) return yield* fullDiff(ctx, mailboxId);
  const known = new Set(previous.ids);
  const emails = yield* getEmails(ctx, [...changes.changed]);
  const present = new Map(
    emails.filter((e) => e.mailboxIds?.[mailboxId] === true).map((e) => [e.id, e]),
  );
  const added: Envelope[] = [];
  const flagsChanged: EnvelopeDiff['flagsChanged'] = [];
  for (const [id, email] of present) {
    const envelope = toEnvelope(email, mailboxId);
    if (!known.has(id)) added.push(envelope);
    else if (changes.updated.has(id)) flagsChanged.push({ id, flags: envelope.flags });
  }
  const removed = [...known].filter(
    (id) => (changes.destroyed.has(id) || changes.changed.has(id)) && !present.has(id),
  );
  const gone = new Set(removed);
  const ids = [...previous.ids.filter((id) => !gone.has(id)), ...added.map((e) => e.id)];
  const state = { emailState: changes.newState, ids };
  return { diff: { added, removed, flagsChanged, reset: false, state: encodeState(state) }, state };
}

export function* diffEnvelopes(
  ctx: JmapContext,
  ref: string,
  state: string | undefined,
): JmapCo<EnvelopeDiff> {
  const previous = state === undefined ? undefined : decodeState(state);
  const box = yield* resolveMailbox(ctx, ref);
  if (previous === undefined) return (yield* fullDiff(ctx, box.id)).diff;
  return (yield* diffFrom(ctx, box.id, previous)).diff;
}
