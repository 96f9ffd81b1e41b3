/**
 * Message operations: getMessage (UID FETCH BODY.PEEK[] — PEEK never sets \Seen, RFC 9051
 * §6.4.5), addMessage (APPEND + APPENDUID, RFC 4315 §3), storeFlags (UID STORE .SILENT),
 * copy/move (COPYUID; MOVE RFC 6851) and deleteMessages. Deletion only ever expunges the
 * given UIDs (UID EXPUNGE, RFC 4315 §2.1): a plain EXPUNGE would also remove other messages
 * that happen to carry \Deleted, so without UIDPLUS we refuse.
 */
import { MailError } from '../../../shared/errors.js';
import { messageForUpload } from '../../../shared/mime/outgoing.js';
import { flagToImap, isKnownFlag, normalizeFlag } from '../../../shared/flags.js';
import type { AddMessageOptions, Flag, IdMap, StoreFlagsAction } from '../../../shared/types.js';
import type { NumberRange } from '../wire/types.js';
import { astring, atom } from '../wire/values.js';
import {
  append,
  copy,
  expunge,
  fetchEach,
  move,
  search,
  store,
  type FetchedMessage,
} from '../commands/index.js';
import type { ImapCoroutine } from '../commands/run.js';
import type { ImapSession } from '../session.js';
import { unsupported } from './errors.js';
import { mailboxError, selectMailbox } from './selection.js';
import { compactUids, parseUid, rangesToUids } from './uid-set.js';

export function messageNotFound(mailbox: string, id: string): MailError {
  return new MailError(
    'ERR_NOT_FOUND',
    `no message ${JSON.stringify(id)} in ${JSON.stringify(mailbox)}`,
    {
      backend: 'imap',
    },
  );
}

function uidsOf(ids: readonly string[]): number[] {
  return ids.map((id) => {
    const uid = parseUid(id);
    if (uid === undefined)
      throw new MailError(
        'ERR_INVALID_ARGUMENT',
        `not an IMAP message id: ${JSON.stringify(id.slice(0, 40))}`,
        {
          backend: 'imap',
        },
      );
    return uid;
  });
}

/**
 * Several whole messages in one UID FETCH (BODY.PEEK[]; PEEK never sets \Seen): the batch
 * read sync uses, one round trip for the batch instead of one per message. Ids the mailbox no
 * longer holds are absent from the map. The caller bounds the batch (the bytes are buffered).
 */
export function* getMessages(
  session: ImapSession,
  mailbox: string,
  ids: readonly string[],
): ImapCoroutine<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  const uids = ids.map(parseUid).filter((u): u is number => u !== undefined);
  if (uids.length === 0) return out;
  yield* selectMailbox(session, mailbox);
  const onMessage = (m: FetchedMessage): void => {
    const section = m.bodySections?.find((b) => b.section === '');
    if (m.uid !== undefined && section?.data != null) out.set(String(m.uid), section.data);
  };
  yield* fetchEach(
    session,
    uids.join(','),
    { uid: true, source: true },
    { onMessage },
    { uid: true },
  );
  return out;
}

export function* addMessage(
  session: ImapSession,
  mailbox: string,
  raw: Uint8Array | string,
  options: AddMessageOptions = {},
): ImapCoroutine<string> {
  const message = messageForUpload(raw);
  const flags = (options.flags ?? []).map((f) => flagToImap(normalizeFlag(f)));
  let result;
  try {
    result = yield* append(session, mailbox, [
      {
        message,
        ...(flags.length > 0 ? { flags } : {}),
        ...(options.receivedAt === undefined ? {} : { internalDate: options.receivedAt }),
      },
    ]);
  } catch (error) {
    throw yield* mailboxError(error, mailbox, session);
  }
  // RFC 4315 §3 APPENDUID: one message appended, so only the first UID is ours.
  const uid = result.uids?.[0]?.start;
  if (uid !== undefined) return String(uid);
  return yield* findByMessageId(session, mailbox, message);
}

/** Without UIDPLUS: the newest message whose Message-ID header matches (RFC 9051 §6.4.4 HEADER). */
function* findByMessageId(
  session: ImapSession,
  mailbox: string,
  message: Uint8Array,
): ImapCoroutine<string> {
  const head = new TextDecoder().decode(message.subarray(0, 64 * 1024));
  const match = /^message-id:[ \t]*(<[^<>\r\n]+>)/im.exec(head);
  if (match?.[1] === undefined)
    throw unsupported('the server has no UIDPLUS and the message has no Message-ID to find it by');
  yield* selectMailbox(session, mailbox, true);
  const { ids } = yield* search(
    session,
    [atom('HEADER'), astring('Message-ID'), astring(match[1])],
    { uid: true },
  );
  const newest = ids.reduce((a, b) => Math.max(a, b), 0);
  if (newest === 0) throw unsupported('the appended message could not be found (no UIDPLUS)');
  return String(newest);
}

export function* storeFlags(
  session: ImapSession,
  mailbox: string,
  ids: readonly string[],
  action: StoreFlagsAction,
  flags: readonly Flag[],
): ImapCoroutine<void> {
  const uids = uidsOf(ids);
  const info = yield* selectMailbox(session, mailbox);
  const normalised = flags.map(normalizeFlag);
  // RFC 9051 §7.1 PERMANENTFLAGS: keywords persist only when `\*` is listed.
  const keywords = normalised.filter((f) => !isKnownFlag(f));
  const known = new Set(info.permanentFlags.map((f) => f.toLowerCase()));
  if (keywords.length > 0 && !known.has('\\*') && keywords.some((k) => !known.has(k.toLowerCase())))
    throw unsupported(`mailbox ${JSON.stringify(mailbox)} cannot store custom keywords`);
  if (uids.length === 0) return;
  if (action !== 'set' && normalised.length === 0) return;
  yield* store(session, compactUids(uids), normalised.map(flagToImap), {
    uid: true,
    action,
    silent: true,
  });
}

function idMap(source: readonly number[], destination: readonly number[]): IdMap {
  const map: IdMap = {};
  source.forEach((uid, i) => {
    const to = destination[i];
    if (to !== undefined) map[String(uid)] = String(to);
  });
  return map;
}

/**
 * RFC 4315 §3 COPYUID: the sets can never name more messages than we asked to copy, so that
 * count caps the expansion (a forged `1:4294967295` fails with ERR_LIMIT, nothing allocated).
 */
function copyUidMap(
  r: { sourceUids?: readonly NumberRange[]; destinationUids?: readonly NumberRange[] },
  requested: number,
): IdMap {
  const source = rangesToUids(r.sourceUids ?? [], requested, 'COPYUID source set');
  const destination = rangesToUids(r.destinationUids ?? [], requested, 'COPYUID destination set');
  return idMap(source, destination);
}

/** COPY or MOVE of `uids` (selected) to `to`; a missing target becomes ERR_NOT_FOUND. */
function* transfer(
  session: ImapSession,
  kind: 'copy' | 'move',
  uids: readonly number[],
  to: string,
): ImapCoroutine<IdMap> {
  try {
    const set = compactUids(uids);
    const r =
      kind === 'move' ? yield* move(session, set, to, true) : yield* copy(session, set, to, true);
    return copyUidMap(r, uids.length);
  } catch (error) {
    throw yield* mailboxError(error, to, session);
  }
}

export function* copyMessages(
  session: ImapSession,
  from: string,
  ids: readonly string[],
  to: string,
): ImapCoroutine<IdMap> {
  const uids = uidsOf(ids);
  yield* selectMailbox(session, from);
  if (uids.length === 0) return {};
  return yield* transfer(session, 'copy', uids, to);
}

export function* moveMessages(
  session: ImapSession,
  from: string,
  ids: readonly string[],
  to: string,
): ImapCoroutine<IdMap> {
  const uids = uidsOf(ids);
  yield* selectMailbox(session, from);
  if (uids.length === 0) return {};
  if (session.hasCapability('MOVE')) return yield* transfer(session, 'move', uids, to);
  if (!session.hasCapability('UIDPLUS'))
    throw unsupported(
      'moving needs MOVE or UIDPLUS (UID EXPUNGE) so other \\Deleted messages are not expunged',
    );
  const map = yield* transfer(session, 'copy', uids, to);
  yield* expungeUids(session, compactUids(uids));
  return map;
}

/** RFC 4315 §2.1: mark the UIDs \Deleted and expunge exactly those. */
function* expungeUids(session: ImapSession, set: string): ImapCoroutine<void> {
  yield* store(session, set, ['\\Deleted'], { uid: true, action: 'add', silent: true });
  yield* expunge(session, set);
}

export function* deleteMessages(
  session: ImapSession,
  mailbox: string,
  ids: readonly string[],
): ImapCoroutine<void> {
  const uids = uidsOf(ids);
  yield* selectMailbox(session, mailbox);
  if (uids.length === 0) return;
  if (!session.hasCapability('UIDPLUS'))
    throw unsupported(
      'deleting needs UIDPLUS (UID EXPUNGE): a plain EXPUNGE would also remove other messages marked \\Deleted',
    );
  yield* expungeUids(session, compactUids(uids));
}
