/**
 * Envelopes from header blocks only (shared/header-blocks.ts): each file is read up to 4 KiB,
 * and only when its header block is longer, again up to 1 MiB (beyond that the fields seen so far are
 * used). Reads go in batches so memory stays bounded by the batch, not the folder. A page of
 * a big folder is ordered from sort keys (the Date header alone) and only the page's messages
 * become envelopes.
 */
import { forEachField } from '../../shared/mime/headers.js';
import { readHeaderBlocks } from '../../shared/header-blocks.js';
import { attachmentFlags } from '../../shared/attachment-reads.js';
import { parseMailDate } from '../../shared/mime/date.js';
import { envelopeFromHeaderBytes } from '../../shared/mime/envelope-from-headers.js';
import type { Envelope } from '../../shared/types.js';
import * as fs from './fs-requests.js';
import type { FsCo } from './fs-requests.js';
import { timeFromUnique } from './filename.js';
import { flagsFromLetters, type KeywordTable } from './keywords.js';
import { filePath, scanMailbox, type MessageFile, type OpenMailbox } from './store.js';

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

/**
 * The header blocks of one batch. A file that vanished (another client re-flagged or moved it)
 * is looked up again by unique name once; if it is gone for good its header is null.
 */
function* readBatch(
  box: OpenMailbox,
  files: MessageFile[],
  paths: string[],
  next: string[],
): FsCo<{ batch: MessageFile[]; headers: (Uint8Array | null)[] }> {
  let batch = files;
  let headers = yield* readHeaderBlocks(paths, next);
  if (headers.some((h) => h === null)) {
    const rescan = yield* scanMailbox(box);
    batch = batch.map((f) => rescan.get(f.unique) ?? f);
    const retry = batch.map((f, i) => (headers[i] === null && rescan.has(f.unique) ? i : -1));
    const again = yield* readHeaderBlocks(
      retry.filter((i) => i !== -1).map((i) => filePath(box, batch[i] as MessageFile)),
    );
    let k = 0;
    headers = headers.map((h, i) => (retry[i] === -1 ? h : (again[k++] ?? null)));
  }
  return { batch, headers };
}

/** Visit the header block of every file, in batches (memory bounded by the batch). */
function* forEachHeader(
  box: OpenMailbox,
  files: readonly MessageFile[],
  /** A coroutine when it needs more I/O (stat), else plain. */
  visit: (batch: MessageFile[], headers: (Uint8Array | null)[]) => FsCo<void> | undefined,
  /**
   * Hint the next batch's paths (ReadFileRequest.readAhead). Worth it when each batch costs real
   * parsing (envelopes: ~10% faster at 100k); a Date-only pass is disk-bound and gained nothing
   * measurable while the reader thread cost ~30 MiB.
   */
  readAhead: boolean,
): FsCo<void> {
  const pathsOf = (from: number): string[] =>
    files.slice(from, from + BATCH).map((f) => filePath(box, f));
  let paths = pathsOf(0);
  for (let start = 0; start < files.length; start += BATCH) {
    const next = pathsOf(start + BATCH);
    const { batch, headers } = yield* readBatch(
      box,
      files.slice(start, start + BATCH),
      paths,
      readAhead ? next : [],
    );
    paths = next;
    const more = visit(batch, headers);
    if (more !== undefined) yield* more;
  }
}

/** Envelopes of `files`, in the given order; files gone for good are left out. */
export function* readEnvelopes(
  box: OpenMailbox,
  files: readonly MessageFile[],
  table: KeywordTable,
): FsCo<Envelope[]> {
  const out: Envelope[] = [];
  yield* forEachHeader(
    box,
    files,
    function* (batch, headers) {
      const needSize = batch.map((f, i) => (f.size === undefined && headers[i] !== null ? i : -1));
      const stats = yield* fs.stat(
        needSize.filter((i) => i !== -1).map((i) => filePath(box, batch[i] as MessageFile)),
      );
      const attachments = yield* attachmentFlags(
        batch.map((f) => filePath(box, f)),
        headers,
      );
      let s = 0;
      batch.forEach((file, i) => {
        const header = headers[i];
        const size = needSize[i] === -1 ? file.size : stats[s++]?.size;
        if (header == null) return;
        const env = buildEnvelope(box, file, header, size ?? header.length, table);
        env.hasAttachment = attachments[i] === true;
        out.push(env);
      });
    },
    true,
  );
  return out;
}

/** What newest-first order needs of a message, without building its envelope. */
export interface SortKey {
  file: MessageFile;
  /** Date header, else arrival; ms (0 when neither). */
  time: number;
  /** Arrival (file-name time); ms (0 when unknown). */
  received: number;
}

const DATE_FIELD: ReadonlySet<string> = new Set(['date']);

/** Sort keys of `files` from their Date headers alone (files gone for good are left out). */
export function* readSortKeys(box: OpenMailbox, files: readonly MessageFile[]): FsCo<SortKey[]> {
  const out: SortKey[] = [];
  yield* forEachHeader(
    box,
    files,
    (batch, headers) => {
      batch.forEach((file, i) => {
        const header = headers[i];
        if (header == null) return;
        let raw: string | undefined;
        forEachField(header, DATE_FIELD, (_, value) => (raw ??= value));
        const received = timeFromUnique(file.unique)?.getTime() ?? 0;
        out.push({ file, time: parseMailDate(raw)?.getTime() ?? received, received });
      });
      return undefined;
    },
    false,
  );
  return out;
}

/** Same order as compareNewestFirst gives the envelopes of these files. */
export function compareSortKeys(a: SortKey, b: SortKey): number {
  return compareTimes(a.time, a.received, a.file.unique, b.time, b.received, b.file.unique);
}

/** Newest first: Date (else arrival) descending, then arrival, then id (all listings agree). */
export function compareTimes(
  ta: number,
  ra: number,
  ia: string,
  tb: number,
  rb: number,
  ib: string,
): number {
  if (ta !== tb) return tb - ta;
  if (ra !== rb) return rb - ra;
  return ia < ib ? 1 : ia > ib ? -1 : 0;
}

/** Newest first by Date, then by arrival (file-name time), then by id for a stable order. */
export function compareNewestFirst(a: Envelope, b: Envelope): number {
  const ra = a.receivedAt?.getTime() ?? 0;
  const rb = b.receivedAt?.getTime() ?? 0;
  return compareTimes(a.date?.getTime() ?? ra, ra, a.id, b.date?.getTime() ?? rb, rb, b.id);
}

/**
 * `envelopes` sorted as compareNewestFirst orders them, with the Date lookups done once per
 * envelope instead of once per comparison (a 100k listing makes ~1.7M comparisons).
 */
export function sortNewestFirst(envelopes: Envelope[]): Envelope[] {
  const n = envelopes.length;
  const time = new Float64Array(n);
  const received = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = envelopes[i] as Envelope;
    const arrival = e.receivedAt?.getTime() ?? 0;
    received[i] = arrival;
    time[i] = e.date?.getTime() ?? arrival;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) =>
    compareTimes(
      time[a] as number,
      received[a] as number,
      (envelopes[a] as Envelope).id,
      time[b] as number,
      received[b] as number,
      (envelopes[b] as Envelope).id,
    ),
  );
  return order.map((i) => envelopes[i] as Envelope);
}
