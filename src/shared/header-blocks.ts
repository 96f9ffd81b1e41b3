/**
 * Header blocks of many message files in growing bounded reads (a coroutine over FsRequest,
 * shared by the local stores, which list from header blocks alone — never whole files). Each
 * file is read up to the first size; only files whose header block (RFC 5322 §2.1: up to the
 * empty line) has not ended are read again at the next size. One page covers most real header
 * blocks and is what the page cache most likely holds.
 *
 * The limit: a header block longer than HEADER_LIMIT (1 MiB — far past the 1,500-`Received:`
 * messages of mail loops, ~130 KB) is parsed as far as HEADER_LIMIT; fields after that point
 * are not seen. docs/model.md states it.
 */
import type { Coroutine, FsRequest, ReadFileRequest } from './coroutine.js';
import { findHeaderEnd } from './mime/headers.js';

export const HEADER_READS = [4 * 1024, 64 * 1024, 1024 * 1024] as const;
export const HEADER_PROBE = HEADER_READS[0];
export const HEADER_LIMIT = HEADER_READS[HEADER_READS.length - 1] as number;

type FsCo<T> = Coroutine<FsRequest, T, unknown>;

function* readAt(
  paths: string[],
  maxBytes: number,
  readAhead: string[] | undefined,
): FsCo<(Uint8Array | null)[]> {
  if (paths.length === 0) return [];
  const request: ReadFileRequest = { type: 'readFile', paths, maxBytes, headerBlock: true };
  if (readAhead !== undefined && readAhead.length > 0) request.readAhead = readAhead;
  return (yield request) as (Uint8Array | null)[];
}

/**
 * The header block of each path (null where the file does not exist); `readAhead` names the
 * paths the caller reads next (a performer hint, see ReadFileRequest).
 */
export function* readHeaderBlocks(
  paths: string[],
  readAhead?: string[],
): FsCo<(Uint8Array | null)[]> {
  const out = yield* readAt(paths, HEADER_PROBE, readAhead);
  for (let k = 1; k < HEADER_READS.length; k++) {
    const [previous, size] = [HEADER_READS[k - 1] as number, HEADER_READS[k] as number];
    const longer: number[] = [];
    out.forEach((b, i) => {
      if (b !== null && b.length === previous && findHeaderEnd(b) === -1) longer.push(i);
    });
    if (longer.length === 0) break;
    const again = yield* readAt(
      longer.map((i) => paths[i] as string),
      size,
      undefined,
    );
    longer.forEach((i, j) => (out[i] = again[j] ?? null));
  }
  return out;
}
