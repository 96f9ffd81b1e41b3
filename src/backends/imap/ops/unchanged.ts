/**
 * unchangedMailboxes (Backend.unchangedMailboxes, docs/sync.md "Incremental"): of several
 * mailboxes, each with a state an earlier diffEnvelopes returned (diff-state.ts), the ones whose
 * diffEnvelopes would report nothing now — from one pipelined round of STATUS (RFC 9051
 * §6.3.11, §5.5), without a SELECT per mailbox. A mailbox is unchanged when, against its state:
 * - UIDVALIDITY is equal (no reset);
 * - UIDNEXT is equal: no message was added (every new message gets a UID ≥ UIDNEXT and UIDNEXT
 *   never goes down, RFC 9051 §2.3.1.1);
 * - MESSAGES equals the number of UIDs the state knows: with nothing added, an equal count
 *   means nothing was expunged;
 * - HIGHESTMODSEQ is not above the state's: every flag change raises it (RFC 7162 §3.1.1).
 * The answer errs only one way: a mailbox it names has no change; one it leaves out may still
 * have none. It names nothing without CONDSTORE, for a state of the plain strategy (no
 * mod-sequence), for a state it cannot decode, for the selected mailbox (RFC 9051 §6.3.11:
 * STATUS is not for the selected mailbox), or for a single mailbox when QRESYNC is enabled.
 */
import type { ImapCoroutine } from '../commands/run.js';
import { statusMany } from '../commands/index.js';
import type { ImapSession } from '../session.js';
import { decodeDiffState, type DiffState } from './diff-state.js';

/** A mailbox and the state an earlier diffEnvelopes of it returned. */
export interface SavedDiffState {
  mailbox: string;
  state: string;
}

function decoded(text: string): DiffState | undefined {
  try {
    return decodeDiffState(text);
  } catch {
    return undefined;
  }
}

export function* unchangedMailboxes(
  session: ImapSession,
  states: readonly SavedDiffState[],
): ImapCoroutine<string[]> {
  if (!session.hasCapability('CONDSTORE')) return [];
  const known = new Map<string, DiffState>();
  for (const { mailbox, state } of states) {
    const s = decoded(state);
    if (s?.modseq !== undefined && mailbox !== session.selected?.name) known.set(mailbox, s);
  }
  if (known.size === 0) return [];
  // With QRESYNC a diff is one round trip (the state rides on the SELECT, ops/diff.ts): for a
  // single mailbox a STATUS round could only add one before it, never save one.
  if (known.size === 1 && session.enabled.has('QRESYNC')) return [];
  const answers = yield* statusMany(
    session,
    [...known.keys()],
    ['UIDVALIDITY', 'UIDNEXT', 'MESSAGES', 'HIGHESTMODSEQ'],
  );
  const out: string[] = [];
  for (const [mailbox, s] of known) {
    const answer = answers.get(mailbox);
    if (answer?.ok !== true) continue; // NO: gone or not allowed; diffEnvelopes will say
    const v = answer.value;
    if (
      v.uidValidity === s.uidValidity &&
      v.uidNext === s.uidNext &&
      v.messages === s.uids.length &&
      v.highestModseq !== undefined &&
      s.modseq !== undefined &&
      v.highestModseq <= s.modseq
    )
      out.push(mailbox);
  }
  return out;
}
