/**
 * Envelopes from header blocks only: each file is read up to HEADER_PROBE bytes, and only when
 * its header block is longer, again up to HEADER_LIMIT (beyond that the fields seen so far are
 * used). Reads go in batches so memory stays bounded by the batch, not the folder.
 */
import { findHeaderEnd } from '../../shared/mime/headers.js';
import { envelopeFromHeaderBytes } from '../../shared/mime/envelope-from-headers.js';
import type { Envelope } from '../../shared/types.js';
import * as fs from './fs-requests.js';
import type { FsCo } from './fs-requests.js';
import { timeFromUnique } from './filename.js';
import { flagsFromLetters, type KeywordTable } from './keywords.js';
import { filePath, scanMailbox, type MessageFile, type OpenMailbox } from './store.js';

/**
 * Read sizes, tried in turn while the header block has not ended: one page covers most real
 * header blocks (and is what the page cache most likely holds); HEADER_LIMIT bounds the rest.
 */
export const HEADER_READS = [4 * 1024, 64 * 1024, 256 * 1024] as const;
export const HEADER_PROBE = HEADER_READS[0];
export const HEADER_LIMIT = HEADER_READS[2];
const BATCH = 512;

export function buildEnvelope(
  box: OpenMailbox,
  file: MessageFile,
  header: Uint8Array,
  size: number,
  table: KeywordTable,
): Envelope {
  const flags = flagsFromLetters(file.letters, table);
  const env: Envelope = envelopeFromHeaderBytes(header, {
    id: file.unique,
    mailbox: box.id,
    flags,
    size,
  });
  const received = timeFromUnique(file.unique);
  if (received !== undefined) env.receivedAt = received;
  return env;
}

/** Header blocks of `paths`; `next` are the paths the caller reads after these (read-ahead). */
function* readHeaders(paths: string[], next?: string[]): FsCo<(Uint8Array | null)[]> {
  const out = yield* fs.readHeaderBlocks(paths, HEADER_PROBE, next);
  for (let k = 1; k < HEADER_READS.length; k++) {
    const [previous, size] = [HEADER_READS[k - 1] as number, HEADER_READS[k] as number];
    const longer = out
      .map((b, i) => (b !== null && b.length === previous && findHeaderEnd(b) === -1 ? i : -1))
      .filter((i) => i !== -1);
    if (longer.length === 0) break;
    const again = yield* fs.readHeaderBlocks(
      longer.map((i) => paths[i] as string),
      size,
    );
    longer.forEach((i, k) => (out[i] = again[k] ?? null));
  }
  return out;
}

/**
 * Envelopes of `files`, in the given order. A file that vanished (another client re-flagged or
 * moved it) is looked up again by unique name once; if it is gone for good it is left out.
 */
export function* readEnvelopes(
  box: OpenMailbox,
  files: readonly MessageFile[],
  table: KeywordTable,
): FsCo<Envelope[]> {
  const out: Envelope[] = [];
  const pathsOf = (from: number): string[] =>
    files.slice(from, from + BATCH).map((f) => filePath(box, f));
  let paths = pathsOf(0);
  for (let start = 0; start < files.length; start += BATCH) {
    let batch = files.slice(start, start + BATCH);
    const next = pathsOf(start + BATCH);
    let headers = yield* readHeaders(paths, next);
    paths = next;
    if (headers.some((h) => h === null)) {
      const rescan = yield* scanMailbox(box);
      batch = batch.map((f) => rescan.get(f.unique) ?? f);
      const retry = batch.map((f, i) => (headers[i] === null && rescan.has(f.unique) ? i : -1));
      const again = yield* readHeaders(
        retry.filter((i) => i !== -1).map((i) => filePath(box, batch[i] as MessageFile)),
      );
      let k = 0;
      headers = headers.map((h, i) => (retry[i] === -1 ? h : (again[k++] ?? null)));
    }
    const needSize = batch.map((f, i) => (f.size === undefined && headers[i] !== null ? i : -1));
    const stats = yield* fs.stat(
      needSize.filter((i) => i !== -1).map((i) => filePath(box, batch[i] as MessageFile)),
    );
    let s = 0;
    batch.forEach((file, i) => {
      const header = headers[i];
      const size = needSize[i] === -1 ? file.size : stats[s++]?.size;
      if (header == null) return;
      out.push(buildEnvelope(box, file, header, size ?? header.length, table));
    });
  }
  return out;
}

/** Newest first by Date, then by arrival (file-name time), then by id for a stable order. */
export function compareNewestFirst(a: Envelope, b: Envelope): number {
  const da = (a.date ?? a.receivedAt)?.getTime() ?? 0;
  const db = (b.date ?? b.receivedAt)?.getTime() ?? 0;
  if (da !== db) return db - da;
  const ra = a.receivedAt?.getTime() ?? 0;
  const rb = b.receivedAt?.getTime() ?? 0;
  if (ra !== rb) return rb - ra;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
