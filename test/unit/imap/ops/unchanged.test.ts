/**
 * unchangedMailboxes (ops/unchanged.ts) from a transcript: one pipelined round of STATUS names
 * only the mailboxes whose UIDVALIDITY, UIDNEXT, MESSAGES and HIGHESTMODSEQ show no change
 * since their diffEnvelopes states; every other answer (a new UID, an expunge, a flag change, a
 * new UIDVALIDITY, a NO) leaves the mailbox out, so it is diffed as before.
 */
import { describe, expect, it } from 'vitest';
import { encodeDiffState } from '../../../../src/backends/imap/ops/diff-state.js';
import { unchangedMailboxes } from '../../../../src/backends/imap/ops/unchanged.js';
import { authed } from '../helpers.js';
import { replayAll } from '../transcript.js';

// Every mailbox was diffed at UIDVALIDITY 7, MODSEQ 100, UIDNEXT 4, knowing UIDs 1:3. Each
// mismatch below differs in one item only, so each check is tested on its own ("Added": one
// message added and one expunged, the count unchanged).
const state = encodeDiffState({ uidValidity: 7, modseq: 100n, uidNext: 4, uids: [1, 2, 3] });
const names = ['Same', 'Added', 'Expunged', 'Flagged', 'Reset', 'Gone'];
const items = '(UIDVALIDITY UIDNEXT MESSAGES HIGHESTMODSEQ)';

describe('imap unchangedMailboxes', () => {
  it('names only the mailboxes whose STATUS matches their state, in one round trip', () => {
    const r = replayAll(
      `${names.map((n, i) => `C: A${i + 1} STATUS ${n} ${items}`).join('\n')}
       S: * STATUS Same (UIDVALIDITY 7 UIDNEXT 4 MESSAGES 3 HIGHESTMODSEQ 100)
       S: A1 OK done
       S: * STATUS Added (UIDVALIDITY 7 UIDNEXT 5 MESSAGES 3 HIGHESTMODSEQ 100)
       S: A2 OK done
       S: * STATUS Expunged (UIDVALIDITY 7 UIDNEXT 4 MESSAGES 2 HIGHESTMODSEQ 100)
       S: A3 OK done
       S: * STATUS Flagged (UIDVALIDITY 7 UIDNEXT 4 MESSAGES 3 HIGHESTMODSEQ 101)
       S: A4 OK done
       S: * STATUS Reset (UIDVALIDITY 8 UIDNEXT 4 MESSAGES 3 HIGHESTMODSEQ 100)
       S: A5 OK done
       S: A6 NO [NONEXISTENT] no such mailbox`,
      () =>
        unchangedMailboxes(
          authed(),
          names.map((mailbox) => ({ mailbox, state })),
        ),
    );
    expect(r.error).toBeUndefined();
    expect(r.result).toEqual(['Same']);
  });

  it('with QRESYNC asks nothing for one mailbox (its diff is one round trip), STATUS for two', () => {
    const qresync = () => {
      const session = authed();
      session.enabled.add('QRESYNC');
      return session;
    };
    expect(
      replayAll('', () => unchangedMailboxes(qresync(), [{ mailbox: 'Same', state }])).result,
    ).toEqual([]);
    const two = replayAll(
      `C: A1 STATUS Same ${items}
       C: A2 STATUS Added ${items}
       S: * STATUS Same (UIDVALIDITY 7 UIDNEXT 4 MESSAGES 3 HIGHESTMODSEQ 100)
       S: A1 OK done
       S: * STATUS Added (UIDVALIDITY 7 UIDNEXT 5 MESSAGES 3 HIGHESTMODSEQ 100)
       S: A2 OK done`,
      () =>
        unchangedMailboxes(qresync(), [
          { mailbox: 'Same', state },
          { mailbox: 'Added', state },
        ]),
    );
    expect(two.error).toBeUndefined();
    expect(two.result).toEqual(['Same']);
  });

  it('asks nothing without CONDSTORE, for a plain-strategy state, or for the selected mailbox', () => {
    const plain = encodeDiffState({
      uidValidity: 7,
      uidNext: 4,
      uids: [1, 2, 3],
      flagHashes: ['a', 'b', 'c'],
    });
    expect(
      replayAll('', () => unchangedMailboxes(authed('IMAP4rev1'), [{ mailbox: 'Same', state }]))
        .result,
    ).toEqual([]);
    expect(
      replayAll('', () => unchangedMailboxes(authed(), [{ mailbox: 'Same', state: plain }])).result,
    ).toEqual([]);
    expect(
      replayAll('', () => unchangedMailboxes(authed(), [{ mailbox: 'Same', state: 'not a state' }]))
        .result,
    ).toEqual([]);
    const session = authed();
    session.selected = { name: 'Same' } as typeof session.selected;
    expect(
      replayAll('', () => unchangedMailboxes(session, [{ mailbox: 'Same', state }])).result,
    ).toEqual([]);
  });
});
