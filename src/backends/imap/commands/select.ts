/**
 * SELECT / EXAMINE (RFC 9051 §6.3.2–§6.3.3) with CONDSTORE and QRESYNC parameters (RFC 7162
 * §3.1.8, §3.2.5), UNSELECT (RFC 3691) and CLOSE (§6.4.1). The session's selected-mailbox
 * state is replaced before the command runs, so every untagged datum lands in it.
 */
import type { ImapSession } from '../session.js';
import { SelectedMailbox, type SelectedMailboxInfo } from '../selected.js';
import type { CommandValue, FetchAttributes, NumberRange } from '../wire/types.js';
import { atom, list, mailbox, number, sequenceSet } from './args.js';
import { execute, type ImapCoroutine } from './run.js';

export interface SelectOptions {
  readOnly?: boolean;
  condstore?: boolean;
  /** RFC 7162 §3.2.5: resynchronise from a known state. */
  qresync?: {
    uidValidity: number;
    modseq: bigint;
    knownUids?: string;
    /** sequence-match-data: known sequence numbers and their UIDs. */
    sequenceMatch?: { seqs: string; uids: string };
  };
}

export interface SelectResult extends SelectedMailboxInfo {
  /** QRESYNC: UIDs expunged since the known modseq (VANISHED (EARLIER)). */
  vanished: NumberRange[];
  /** QRESYNC: messages changed since the known modseq. */
  changed: { seq: number; attributes: FetchAttributes }[];
}

export function* select(
  session: ImapSession,
  name: string,
  options: SelectOptions = {},
): ImapCoroutine<SelectResult> {
  const readOnly = options.readOnly === true;
  const params: CommandValue[] = [];
  if (options.condstore === true) params.push(atom('CONDSTORE'));
  const q = options.qresync;
  if (q !== undefined) {
    const inner: CommandValue[] = [number(q.uidValidity), number(q.modseq)];
    if (q.knownUids !== undefined) inner.push(sequenceSet(q.knownUids));
    if (q.sequenceMatch !== undefined)
      inner.push(list([sequenceSet(q.sequenceMatch.seqs), sequenceSet(q.sequenceMatch.uids)]));
    params.push(atom('QRESYNC'), list(inner));
  }
  const args: CommandValue[] = [mailbox(name)];
  if (params.length > 0) args.push(list(params));
  // RFC 9051 §6.3.2: a failed SELECT leaves no mailbox selected.
  session.selected = new SelectedMailbox(name, readOnly);
  session.selected.condstore = options.condstore === true || q !== undefined;
  session.state = 'authenticated';
  const vanished: NumberRange[] = [];
  const changed: SelectResult['changed'] = [];
  try {
    yield* execute(session, readOnly ? 'EXAMINE' : 'SELECT', args, {
      solicitsFetch: true,
      untagged: (r) => {
        if (r.type === 'vanished' && r.earlier) for (const u of r.uids) vanished.push(u);
        if (r.type === 'fetch') changed.push({ seq: r.seq, attributes: r.attributes });
        return undefined;
      },
    });
  } catch (error) {
    session.selected = undefined;
    throw error;
  }
  session.state = 'selected';
  return { ...session.selected.snapshot(), vanished, changed };
}

function* leave(session: ImapSession, command: 'UNSELECT' | 'CLOSE'): ImapCoroutine<void> {
  yield* execute(session, command, []);
  session.selected = undefined;
  session.state = 'authenticated';
}

/** UNSELECT (RFC 3691): leave without expunging. */
export function* unselect(session: ImapSession): ImapCoroutine<void> {
  yield* leave(session, 'UNSELECT');
}

/** CLOSE (RFC 9051 §6.4.1): leave, silently expunging \Deleted messages when read-write. */
export function* close(session: ImapSession): ImapCoroutine<void> {
  yield* leave(session, 'CLOSE');
}
