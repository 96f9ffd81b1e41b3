/**
 * Stable pagination over any backend's numbered pages (docs/reading.md "Pages that do not
 * shift"). A page number is an offset, so when mail arrives between two calls every message
 * moves down and page 2 repeats the end of page 1; when mail is deleted, page 2 skips some. A
 * cursor instead remembers where the last page ended — the offset *and* the ids of its last
 * few envelopes — and the next page is read from just after the last of those ids that still
 * exists, wherever it has moved (searched forward when mail arrived, backward when mail was
 * deleted). Envelopes already handed out are never handed out again.
 *
 * The token is opaque to callers (base64url JSON); a malformed one is ERR_INVALID_ARGUMENT.
 */
import { MailError } from '../errors.js';
import type { Envelope, EnvelopePage } from '../types.js';

/** How many ids of a page's end a cursor remembers, and how far it looks for them. */
const TAIL = 8;
const MAX_PAGES_SCANNED = 64;

interface CursorState {
  v: 1;
  /** Offset of the first envelope after the page. */
  o: number;
  /** Ids at the end of the page, in listing order. */
  t: string[];
}

export function encodeCursor(
  offset: number,
  envelopes: readonly Envelope[],
  previous: readonly string[] = [],
): string {
  const tail = [...previous, ...envelopes.map((e) => e.id)].slice(-TAIL);
  const state: CursorState = { v: 1, o: offset, t: tail };
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeCursor(token: string): CursorState {
  try {
    const state = JSON.parse(Buffer.from(token, 'base64url').toString()) as CursorState;
    if (
      state.v === 1 &&
      Number.isSafeInteger(state.o) &&
      state.o >= 0 &&
      Array.isArray(state.t) &&
      state.t.length <= TAIL &&
      state.t.every((id) => typeof id === 'string')
    )
      return state;
  } catch {
    // fall through
  }
  throw new MailError('ERR_INVALID_ARGUMENT', 'not a page cursor from this library');
}

/** Fetch one numbered page (1-based) of `pageSize` envelopes. */
export type PageReader = (page: number, pageSize: number) => Promise<EnvelopePage>;

/** The page after `cursor`: up to `pageSize` envelopes, and the cursor that follows them. */
export async function pageAfter(
  read: PageReader,
  cursor: string,
  pageSize: number,
): Promise<EnvelopePage> {
  const state = decodeCursor(cursor);
  const seen = new Set(state.t);
  const pageOf = (offset: number): number => Math.floor(offset / pageSize) + 1;
  const start = pageOf(Math.max(0, state.o - state.t.length));
  const cache = new Map<number, Envelope[]>();
  const get = async (page: number): Promise<Envelope[]> => {
    let list = cache.get(page);
    if (list === undefined) {
      list = (await read(page, pageSize)).envelopes;
      cache.set(page, list);
    }
    return list;
  };
  /** Index of the last remembered id in `list`, or -1. */
  const anchorIn = (list: readonly Envelope[]): number => {
    for (let k = state.t.length - 1; k >= 0; k--) {
      const i = list.findIndex((e) => e.id === state.t[k]);
      if (i !== -1) return i;
    }
    return -1;
  };
  // Look for the anchor forward (mail arrived: it moved down), then backward (mail deleted).
  let found: { page: number; index: number } | undefined;
  for (let p = start; p < start + MAX_PAGES_SCANNED && found === undefined; p++) {
    const list = await get(p);
    const i = anchorIn(list);
    if (i !== -1) found = { page: p, index: i };
    if (list.length < pageSize) break;
  }
  for (let p = start - 1; p >= 1 && found === undefined && p > start - MAX_PAGES_SCANNED; p--) {
    const i = anchorIn(await get(p));
    if (i !== -1) found = { page: p, index: i };
  }
  // None of the remembered envelopes exists any more: continue from the old offset.
  const from = found === undefined ? state.o : (found.page - 1) * pageSize + found.index + 1;
  const out: Envelope[] = [];
  let page = pageOf(from);
  let index = from - (page - 1) * pageSize;
  for (;;) {
    const list = await get(page);
    for (; index < list.length && out.length < pageSize; index++) {
      const e = list[index] as Envelope;
      if (!seen.has(e.id)) out.push(e);
    }
    if (out.length >= pageSize || list.length < pageSize) break;
    page++;
    index = 0;
  }
  const end = (page - 1) * pageSize + index;
  const result: EnvelopePage = { envelopes: out, page: pageOf(from), pageSize };
  if (out.length > 0) result.next = encodeCursor(end, out, state.t);
  return result;
}

/** A first page gets the cursor of its end. */
export function withCursor(page: EnvelopePage): EnvelopePage {
  if (page.envelopes.length === 0) return page;
  const offset = (page.page - 1) * page.pageSize + page.envelopes.length;
  return { ...page, next: encodeCursor(offset, page.envelopes) };
}

/**
 * Every envelope of a listing, in order, one page in memory at a time, through cursors (so a
 * message that arrives or leaves meanwhile neither repeats nor hides the others).
 */
export async function* iteratePages(read: PageReader, batchSize: number): AsyncGenerator<Envelope> {
  let page = withCursor(await read(1, batchSize));
  for (;;) {
    for (const e of page.envelopes) yield e;
    if (page.next === undefined || page.envelopes.length < batchSize) return;
    page = await pageAfter(read, page.next, batchSize);
  }
}
