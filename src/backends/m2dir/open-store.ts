/**
 * Opening an m2store: the root must hold the empty `.m2store` marker (m2dir spec). With
 * `create`, a missing root and marker are created; otherwise a missing marker is ERR_CONFIG, so a
 * typo in `root` never turns an unrelated directory into a mail store. With `create`, INBOX is
 * created too when it is missing: INBOX exists on every backend, as IMAP (RFC 9051 §5.1) and
 * JMAP (the inbox role) guarantee, so `addMessage('INBOX', …)` works on a new store.
 */
import { MailError } from '../../shared/errors.js';
import { mkdirs, stat, writeFile, type FsCo } from './fs-requests.js';
import { STORE_MARKER, joinPath } from './layout.js';
import { createMailbox } from './mailboxes.js';

export function* openStore(root: string, create: boolean): FsCo<void> {
  const marker = joinPath(root, STORE_MARKER);
  if ((yield* stat(marker)) !== null) {
    if (create) yield* ensureInbox(root);
    return;
  }
  if (!create) {
    const rootStat = yield* stat(root);
    throw new MailError(
      'ERR_CONFIG',
      rootStat === null
        ? `m2store root ${root} does not exist`
        : `${root} is not an m2store (no ${STORE_MARKER} marker)`,
      { hint: 'point root at an existing m2store, or pass create: true to create one there' },
    );
  }
  yield* mkdirs([root]);
  try {
    yield* writeFile(marker, new Uint8Array(0));
  } catch (e) {
    if (!(e instanceof MailError && e.code === 'ERR_EXISTS')) throw e;
  }
  yield* ensureInbox(root);
}

function* ensureInbox(root: string): FsCo<void> {
  // createMailbox checks for the folder itself: ERR_EXISTS is the common, quiet case
  try {
    yield* createMailbox(root, ['INBOX']);
  } catch (e) {
    if (!(e instanceof MailError && e.code === 'ERR_EXISTS')) throw e;
  }
}
