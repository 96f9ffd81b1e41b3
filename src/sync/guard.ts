/**
 * The mass-deletion guard (docs/sync.md "Safety"). A misconfigured local path, an emptied
 * mailbox or a broken server can make one side look empty; a sync that believes it would
 * delete everything on the other side. Refuse (ERR_SYNC_GUARD) when a run would delete more than
 * `share` of a side's messages (once above `minimum`), or more than `maximum`, unless forced.
 */
import { MailError } from '../shared/errors.js';
import type { SyncState } from './state.js';
import { findMailbox, goneOn, idOf } from './state.js';
import type { Change, DeleteGuard, Side } from './types.js';

export const DEFAULT_GUARD: DeleteGuard = { share: 0.5, minimum: 10, maximum: 10_000 };

export function checkDeleteGuard(state: SyncState, changes: readonly Change[], guard: DeleteGuard) {
  for (const side of ['remote', 'local'] as Side[]) {
    let held = 0;
    for (const box of state.mailboxes)
      for (const pair of box.messages)
        if (idOf(pair, side) !== undefined && !goneOn(pair, side)) held++;
    let deleting = 0;
    for (const change of changes) {
      if (change.side !== side) continue;
      if (change.kind === 'delete') deleting++;
      if (change.kind === 'delete-mailbox') {
        const box = findMailbox(state, change.mailbox);
        deleting += box?.messages.filter((p) => idOf(p, side) !== undefined).length ?? 0;
      }
    }
    const tooMany =
      deleting > guard.maximum || (deleting > guard.minimum && deleting > guard.share * held);
    if (tooMany)
      throw new MailError(
        'ERR_SYNC_GUARD',
        `this sync would delete ${deleting} of ${held} messages on the ${side} side`,
        {
          details: { side, deleting, held, guard },
          hint: 'check the configuration (an empty or wrong folder looks like mass deletion); run with force to allow it',
        },
      );
  }
}
