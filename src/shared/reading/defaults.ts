/**
 * The reading operations every backend shares, built on its own `listEnvelopes`: cursors on
 * pages (cursor.ts), whole-mailbox iteration, and threads grouped by the client side
 * (threads.ts) for stores without server threading. A backend passes its page reader in.
 */
import { MailError } from '../errors.js';
import { abortError } from '../coroutine.js';
import type {
  Envelope,
  EnvelopePage,
  IterateEnvelopesOptions,
  ListEnvelopesOptions,
  ListThreadsOptions,
  Thread,
  ThreadPage,
} from '../types.js';
import { iteratePages, pageAfter, withCursor } from './cursor.js';
import { groupThreads, newestThreadsFirst, toThread } from './threads.js';

type Lister = (options: ListEnvelopesOptions) => Promise<EnvelopePage>;

/** listEnvelopes with `after` cursors and a `next` on every page. */
export async function listWithCursor(
  list: Lister,
  options: ListEnvelopesOptions = {},
): Promise<EnvelopePage> {
  const { after, ...rest } = options;
  if (after === undefined) return withCursor(await list(rest));
  return pageAfter(
    (page, pageSize) => list({ ...rest, page, pageSize }),
    after,
    rest.pageSize ?? 50,
  );
}

export const DEFAULT_BATCH = 500;

export function checkBatch(options: IterateEnvelopesOptions): number {
  const n = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isSafeInteger(n) || n < 1 || n > 10_000)
    throw new MailError('ERR_INVALID_ARGUMENT', 'batchSize must be an integer from 1 to 10000');
  return n;
}

/** iterateEnvelopes through cursor pages of `list`. */
export async function* iterateWith(
  list: Lister,
  options: IterateEnvelopesOptions = {},
): AsyncGenerator<Envelope> {
  const batch = checkBatch(options);
  const { signal, timeoutMs } = options;
  const call = {
    ...(signal === undefined ? {} : { signal }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
  for await (const e of iteratePages(
    (page, pageSize) => list({ ...call, page, pageSize }),
    batch,
  )) {
    if (signal?.aborted === true) throw abortError(signal);
    yield e;
  }
}

export function threadWindow(options: ListThreadsOptions): { page: number; pageSize: number } {
  const page = options.page ?? 1;
  const pageSize = options.pageSize ?? 20;
  if (!Number.isSafeInteger(page) || page < 1 || !Number.isSafeInteger(pageSize) || pageSize < 1)
    throw new MailError('ERR_INVALID_ARGUMENT', 'page and pageSize must be positive integers');
  return { page, pageSize };
}

/** One page of already grouped threads. */
export function threadPage(threads: Thread[], options: ListThreadsOptions): ThreadPage {
  const { page, pageSize } = threadWindow(options);
  return {
    threads: threads.slice((page - 1) * pageSize, page * pageSize),
    page,
    pageSize,
    total: threads.length,
  };
}

/** listThreads by grouping every envelope of the mailbox on the client side. */
export async function threadsFrom(
  envelopes: AsyncIterable<Envelope>,
  options: ListThreadsOptions = {},
): Promise<ThreadPage> {
  threadWindow(options);
  const all: Envelope[] = [];
  for await (const e of envelopes) all.push(e);
  return threadPage(groupThreads(all), options);
}

/** Bytes already in memory as a stream of 64 KiB chunks (the shape getAttachmentStream returns). */
export async function* chunksOf(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** listThreads where the server threads (JMAP threadId, Gmail X-GM-THRID): grouped by its ids. */
export function threadPageByServerId(
  all: readonly Envelope[],
  options: ListThreadsOptions,
): ThreadPage {
  threadWindow(options);
  const groups = new Map<string, Envelope[]>();
  for (const e of all) {
    const key = e.threadId ?? `${e.mailbox}\0${e.id}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [e]);
    else list.push(e);
  }
  return threadPage(
    newestThreadsFirst([...groups].map(([id, list]) => toThread(list, id))),
    options,
  );
}
