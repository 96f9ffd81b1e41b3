/**
 * The Maildir backend's one I/O file (DESIGN §3): runs coroutines against node:fs through the
 * shared performer, watches folders with chokidar, streams message files, and decodes bodies
 * with postal-mime for content searches.
 */
import { closeSync, openSync, promises as fsp, readSync } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { drive } from '../../shared/coroutine.js';
import { MailError } from '../../shared/errors.js';
import { performFs } from '../../shared/fs-performer.js';
import { findHeaderEnd } from '../../shared/mime/headers.js';
import type { FsRequest } from '../../shared/coroutine.js';
import type { FsCo } from './fs-requests.js';

/**
 * Bounded reads land in an arena: each file is read straight into the free tail of one large
 * buffer and the reply is a view of the bytes kept (the header block only), so a batch costs a
 * few allocations instead of one buffer per file. A new arena starts when the tail is too short.
 */
const ARENA_BYTES = 1 << 20;

class Arena {
  private buffer = Buffer.allocUnsafe(0);
  private used = 0;

  /** Read at most `maxBytes` of `path`; null when it does not exist. */
  read(path: string, maxBytes: number, headerBlock: boolean): Uint8Array | null {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw new MailError('ERR_IO', `open ${path} failed (${code ?? 'unknown'})`, { cause: e });
    }
    try {
      if (this.buffer.length - this.used < maxBytes) {
        this.buffer = Buffer.allocUnsafe(Math.max(ARENA_BYTES, maxBytes));
        this.used = 0;
      }
      const start = this.used;
      let filled = 0;
      for (;;) {
        const want = maxBytes - filled;
        const n = readSync(fd, this.buffer, start + filled, want, filled);
        filled += n;
        // A short read of a regular file is its end: no second call to learn that.
        if (n === 0 || n < want || filled >= maxBytes) break;
      }
      const bytes = this.buffer.subarray(start, start + filled);
      const end = headerBlock ? findHeaderEnd(bytes) : -1;
      const kept = end === -1 ? filled : end;
      this.used = start + kept;
      return bytes.subarray(0, kept);
    } catch (e) {
      throw new MailError('ERR_IO', `read ${path} failed`, { cause: e });
    } finally {
      closeSync(fd);
    }
  }
}

const READ_SLICE = 128;

/**
 * Bounded header reads are the hot path of listing (100k files): done as short synchronous
 * runs of open/read/close into an arena, yielding to the event loop between runs, which is
 * several times faster than one promise round trip per syscall. Everything else goes to the
 * shared performer.
 */
async function perform(request: FsRequest): Promise<unknown> {
  if (request.type !== 'readFile' || request.maxBytes === undefined) return performFs(request);
  const arena = new Arena();
  const out: (Uint8Array | null)[] = [];
  for (let i = 0; i < request.paths.length; i++) {
    if (i > 0 && i % READ_SLICE === 0) await yieldToLoop();
    out.push(
      arena.read(request.paths[i] as string, request.maxBytes, request.headerBlock === true),
    );
  }
  return out;
}

export function run<T>(co: FsCo<T>, signal?: AbortSignal): Promise<T> {
  return drive(co, perform, signal);
}

/** Open a message file for streaming; ENOENT → ERR_NOT_FOUND (the caller re-locates). */
export async function openMessageStream(path: string): Promise<AsyncIterable<Uint8Array>> {
  let handle;
  try {
    handle = await fsp.open(path, 'r');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT')
      throw new MailError('ERR_NOT_FOUND', 'message file vanished', { backend: 'maildir' });
    throw new MailError('ERR_IO', 'cannot open message file', { backend: 'maildir', cause: e });
  }
  const stream = handle.createReadStream({ highWaterMark: 64 * 1024 });
  return (async function* () {
    for await (const chunk of stream) yield new Uint8Array(chunk as Buffer);
  })();
}

/** Text of the body (text parts, else HTML) for `body` / `text` search conditions. */
export async function bodyText(raw: Uint8Array): Promise<string> {
  try {
    // Loaded on first use: listing never pays for the MIME parser or the watcher.
    const { default: PostalMime } = await import('postal-mime');
    const email = await PostalMime.parse(raw);
    return email.text ?? email.html ?? '';
  } catch {
    return '';
  }
}

/**
 * Ticks whenever something changes in `dirs`, debounced by `debounceMs` so the add + unlink of
 * one rename arrive as one tick. Resolves once chokidar watches (so a snapshot taken afterwards
 * misses nothing). The ticks end when the signal aborts or the consumer stops iterating.
 */
export async function watchDirectories(
  dirs: string[],
  options: {
    signal?: AbortSignal | undefined;
    debounceMs: number;
    pollIntervalMs?: number | undefined;
  },
): Promise<AsyncGenerator<void>> {
  const { watch } = await import('chokidar');
  const watcher = watch(dirs, { ignoreInitial: true, depth: 0, persistent: true });
  let pending = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const notify = (): void => {
    pending = true;
    wake?.();
  };
  watcher.on('all', () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(notify, options.debounceMs);
  });
  const poll =
    options.pollIntervalMs === undefined ? undefined : setInterval(notify, options.pollIntervalMs);
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    if (timer !== undefined) clearTimeout(timer);
    if (poll !== undefined) clearInterval(poll);
    wake?.();
    await watcher.close();
  };
  const onAbort = (): void => void close();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      watcher.once('ready', () => resolve());
      watcher.once('error', (e) =>
        reject(
          new MailError('ERR_IO', 'cannot watch the Maildir', { backend: 'maildir', cause: e }),
        ),
      );
    });
  } catch (e) {
    await close();
    throw e;
  }
  return (async function* () {
    try {
      const done = (): boolean => closed || options.signal?.aborted === true;
      while (!done()) {
        if (!pending) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        if (done()) break;
        pending = false;
        yield;
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      await close();
    }
  })();
}
