/**
 * Delivery of one message into a folder (docs/m2dir.md, Store format): the content goes to a
 * dot-named temporary file (invisible to readers), its flags file is written, and only then is
 * the entry renamed to `<date>,<checksum>.<nonce>` — a reader never sees it without its flags.
 */
import { MailError } from '../../shared/errors.js';
import type { Flag } from '../../shared/flags.js';
import {
  findHeaderEnd,
  headerValue,
  parseHeaderBlock,
  parseMailDate,
} from '../../shared/mime/index.js';
import { checksumOf } from './checksum.js';
import { entryFileName, formatDatePart, headerZoneMinutes, nonceOf } from './entry-name.js';
import { tempPath, writeFlags } from './atomic-write.js';
import { fsync, random, remove, renames, stat, writeFile, type FsCo } from './fs-requests.js';
import { flagsPath, joinPath } from './layout.js';
import { HEADER_LIMIT } from '../../shared/header-blocks.js';

/** `<date>` of the entry name from the message's own Date header (best effort). */
export function datePartOf(raw: Uint8Array): string {
  const end = findHeaderEnd(raw.subarray(0, HEADER_LIMIT));
  const headers = parseHeaderBlock(raw.subarray(0, end === -1 ? HEADER_LIMIT : end));
  const rawDate = headerValue(headers, 'date');
  return formatDatePart(parseMailDate(rawDate), headerZoneMinutes(rawDate));
}

const NONCE_ATTEMPTS = 8;

/**
 * Returns the new entry's id. `datePart` defaults to the one derived from the content;
 * `receivedMs` becomes the file's mtime, which listings report as receivedAt.
 */
export function* deliver(
  dir: string,
  raw: Uint8Array,
  flags: readonly Flag[],
  datePart = datePartOf(raw),
  receivedMs?: number,
): FsCo<string> {
  const checksum = checksumOf(raw);
  let file: string | undefined;
  for (let attempt = 0; attempt < NONCE_ATTEMPTS && file === undefined; attempt++) {
    const candidate = entryFileName(datePart, checksum, nonceOf(yield* random(4)));
    if ((yield* stat(joinPath(dir, candidate))) === null) file = candidate;
  }
  if (file === undefined) throw new MailError('ERR_EXISTS', 'could not find a free entry name');
  const id = file.slice(file.lastIndexOf(',') + 1);
  const temp = yield* tempPath(dir, 'deliver');
  yield* writeFile(temp, raw, receivedMs);
  try {
    if (flags.length > 0) yield* writeFlags(dir, id, flags);
    const [ok] = yield* renames([[temp, joinPath(dir, file)]]);
    if (ok !== true) throw new MailError('ERR_IO', 'the delivered file vanished before its rename');
  } catch (e) {
    yield* remove([temp, flagsPath(dir, id)]);
    throw e;
  }
  yield* fsync([dir]);
  return id;
}
