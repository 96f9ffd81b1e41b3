/**
 * Making sure keywords have slots in `dovecot-keywords` before any file name refers to them.
 * The file is shared with Dovecot and other mailroom processes, so slot allocation happens under
 * Dovecot's dotlock (`dovecot-keywords.lock`, created exclusively): re-read, allocate, write to
 * tmp/, rename over, unlock. A lock older than STALE_MS is a crashed writer's and is broken.
 */
import { isMailError } from '../../shared/errors.js';
import type { Flag } from '../../shared/flags.js';
import { MailError } from '../../shared/errors.js';
import * as fs from './fs-requests.js';
import type { FsCo } from './fs-requests.js';
import { lettersFromFlags, type KeywordTable } from './keywords.js';
import { readKeywords, writeKeywords, type OpenMailbox, type StoreContext } from './store.js';

const STALE_MS = 30_000;
const RETRY_MS = 25;
const MAX_WAIT_MS = 5_000;

function allocate(table: KeywordTable, flagSets: readonly (readonly Flag[])[]) {
  let next = table;
  let changed = false;
  for (const flags of flagSets) {
    const encoded = lettersFromFlags(flags, next);
    next = encoded.table;
    changed ||= encoded.changed;
  }
  return { table: next, changed };
}

function* lock(box: OpenMailbox): FsCo<string> {
  const path = fs.join(box.dir, 'dovecot-keywords.lock');
  for (let waited = 0; ; waited += RETRY_MS) {
    try {
      yield* fs.writeFile(path, new Uint8Array(0));
      return path;
    } catch (e) {
      if (!isMailError(e, 'ERR_EXISTS')) throw e;
    }
    const [info] = yield* fs.stat([path]);
    if (info != null && (yield* fs.now()) - info.mtimeMs > STALE_MS) {
      yield* fs.remove([path]);
      continue;
    }
    if (waited >= MAX_WAIT_MS)
      throw new MailError('ERR_TIMEOUT', `dovecot-keywords of ${box.id} stays locked`, {
        backend: 'maildir',
      });
    yield { type: 'wait', ms: RETRY_MS };
  }
}

/** The keyword table, with a slot for every keyword in `flagSets`. */
export function* ensureKeywords(
  ctx: StoreContext,
  box: OpenMailbox,
  flagSets: readonly (readonly Flag[])[],
): FsCo<KeywordTable> {
  const table = yield* readKeywords(box);
  if (!allocate(table, flagSets).changed) return table;
  const held = yield* lock(box);
  try {
    const fresh = allocate(yield* readKeywords(box), flagSets);
    if (fresh.changed) yield* writeKeywords(ctx, box, fresh.table);
    return fresh.table;
  } finally {
    yield* fs.remove([held]);
  }
}
