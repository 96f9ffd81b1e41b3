/**
 * Opening an m2store: the root must hold the empty `.m2store` marker (m2dir spec). With
 * `create`, a missing root and marker are created; otherwise a missing marker is ERR_CONFIG, so a
 * typo in `root` never turns an unrelated directory into a mail store.
 */
import { MailError } from '../../shared/errors.js';
import { mkdirs, stat, writeFile, type FsCo } from './fs-requests.js';
import { STORE_MARKER, joinPath } from './layout.js';

export function* openStore(root: string, create: boolean): FsCo<void> {
  const marker = joinPath(root, STORE_MARKER);
  if ((yield* stat(marker)) !== null) return;
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
}
