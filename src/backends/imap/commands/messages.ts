/**
 * Selected-state message commands (RFC 9051 §6.4): CHECK (RFC 3501), EXPUNGE and UID EXPUNGE
 * (RFC 4315 §2.1), STORE (with .SILENT and RFC 7162 UNCHANGEDSINCE), COPY, MOVE (RFC 6851).
 */
import type { ImapSession } from '../session.js';
import type { CommandValue, FetchAttributes, NumberRange } from '../wire/types.js';
import { atom, flagList, list, mailbox, number, sequenceSet } from './args.js';
import { execute, type ImapCoroutine } from './run.js';

export function* check(session: ImapSession): ImapCoroutine<void> {
  yield* execute(session, 'CHECK', []);
}

export interface ExpungeResult {
  /** Sequence numbers from `* n EXPUNGE`, in order received. */
  expunged: number[];
  /** UIDs from `* VANISHED` when QRESYNC is enabled. */
  vanished: NumberRange[];
}

/** EXPUNGE, or UID EXPUNGE of `uids` (UIDPLUS) so other \Deleted messages survive. */
export function* expunge(session: ImapSession, uids?: string): ImapCoroutine<ExpungeResult> {
  const result: ExpungeResult = { expunged: [], vanished: [] };
  const collect = {
    untagged: (r: { type: string; value?: number; uids?: readonly NumberRange[] }) => {
      if (r.type === 'expunge' && r.value !== undefined) result.expunged.push(r.value);
      // a loop, not push(...): a 1 MiB VANISHED line can hold >10^5 ranges (RangeError)
      if (r.type === 'vanished' && r.uids !== undefined)
        for (const u of r.uids) result.vanished.push(u);
      return undefined;
    },
  };
  if (uids === undefined) yield* execute(session, 'EXPUNGE', [], collect);
  else
    yield* execute(session, 'UID', [atom('EXPUNGE'), sequenceSet(uids)], {
      ...collect,
      label: 'UID EXPUNGE',
    });
  return result;
}

export interface StoreOptions {
  uid?: boolean;
  /** +FLAGS / -FLAGS / FLAGS */
  action: 'add' | 'remove' | 'set';
  silent?: boolean;
  /** RFC 7162 §3.1.3: fail messages modified since this modseq. */
  unchangedSince?: bigint;
}

export interface StoreResult {
  updated: { seq: number; attributes: FetchAttributes }[];
  /** `[MODIFIED set]`: messages not stored because of UNCHANGEDSINCE. */
  modified: NumberRange[];
}

export function* store(
  session: ImapSession,
  set: string,
  flags: readonly string[],
  options: StoreOptions,
): ImapCoroutine<StoreResult> {
  const verb = { add: '+FLAGS', remove: '-FLAGS', set: 'FLAGS' }[options.action];
  const args: CommandValue[] = [sequenceSet(set)];
  if (options.unchangedSince !== undefined)
    args.push(list([atom('UNCHANGEDSINCE'), number(options.unchangedSince)]));
  args.push(atom(options.silent === true ? `${verb}.SILENT` : verb), flagList(flags));
  const result: StoreResult = { updated: [], modified: [] };
  const handlers = {
    solicitsFetch: true,
    label: options.uid === true ? 'UID STORE' : 'STORE',
    untagged: (r: { type: string; seq?: number; attributes?: FetchAttributes }) => {
      if (r.type === 'fetch' && r.seq !== undefined && r.attributes !== undefined)
        result.updated.push({ seq: r.seq, attributes: r.attributes });
      return undefined;
    },
  };
  const done =
    options.uid === true
      ? yield* execute(session, 'UID', [atom('STORE'), ...args], handlers)
      : yield* execute(session, 'STORE', args, handlers);
  if (done.code?.type === 'MODIFIED') result.modified = [...done.code.set];
  return result;
}

export interface CopyResult {
  /** From `[COPYUID uidvalidity src dst]` (RFC 4315 §3), when the server supports UIDPLUS. */
  uidValidity?: number;
  sourceUids?: NumberRange[];
  destinationUids?: NumberRange[];
}

function* transfer(
  session: ImapSession,
  verb: 'COPY' | 'MOVE',
  set: string,
  target: string,
  uid: boolean,
): ImapCoroutine<CopyResult> {
  const args = [sequenceSet(set), mailbox(target)];
  let copyUid: CopyResult = {};
  const handlers = {
    label: uid ? `UID ${verb}` : verb,
    // MOVE's EXPUNGE/VANISHED change the selection (RFC 6851 §3.3), so a drop fails it. COPY
    // reports COPYUID in its tagged OK (RFC 4315 §3) and uses no untagged data: failing it after
    // the server copied would invite a duplicating retry (the drop still marks the selection stale).
    failOnDrop: verb === 'MOVE',
    // RFC 6851 §4.3: MOVE reports COPYUID in an untagged OK before the expunges.
    untagged: (r: { type: string; code?: { type: string } }) => {
      if (r.type === 'status' && r.code?.type === 'COPYUID') copyUid = fromCode(r.code);
      return undefined;
    },
  };
  const done = uid
    ? yield* execute(session, 'UID', [atom(verb), ...args], handlers)
    : yield* execute(session, verb, args, handlers);
  if (done.code?.type === 'COPYUID') copyUid = fromCode(done.code);
  return copyUid;
}

function fromCode(code: { type: string }): CopyResult {
  const c = code as unknown as {
    uidValidity: number;
    sourceUids: NumberRange[];
    destinationUids: NumberRange[];
  };
  return {
    uidValidity: c.uidValidity,
    sourceUids: [...c.sourceUids],
    destinationUids: [...c.destinationUids],
  };
}

export function* copy(
  session: ImapSession,
  set: string,
  target: string,
  uid = false,
): ImapCoroutine<CopyResult> {
  return yield* transfer(session, 'COPY', set, target, uid);
}

export function* move(
  session: ImapSession,
  set: string,
  target: string,
  uid = false,
): ImapCoroutine<CopyResult> {
  return yield* transfer(session, 'MOVE', set, target, uid);
}
