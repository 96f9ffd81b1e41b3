/**
 * The Maildir backend's one I/O file (docs/architecture.md, The request/reply protocol): runs coroutines against node:fs through the
 * shared performer, watches folders with chokidar, streams message files, and decodes bodies
 * with postal-mime for content searches.
 */
import { promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { drive } from '../../shared/coroutine.js';
import { MailError } from '../../shared/errors.js';
import { BoundedReader } from '../../shared/bounded-reads.js';
import { performFs } from '../../shared/fs-performer.js';

export { performFs };
import type { FsRequest } from '../../shared/coroutine.js';
import type { FsCo } from './fs-requests.js';

/** Run a coroutine: bounded reads (listing) through the shared reader, the rest as usual. */
export function run<T>(co: FsCo<T>, signal?: AbortSignal): Promise<T> {
  const reader = new BoundedReader();
  const perform = (request: FsRequest): Promise<unknown> =>
    request.type === 'readFile' && request.maxBytes !== undefined
      ? reader.read({ ...request, maxBytes: request.maxBytes })
      : performFs(request);
  return drive(co, perform, signal);
}

/** `path` with symlinks resolved (the header cache's key), or as given when it cannot be. */
export async function realPath(path: string): Promise<string> {
  try {
    return await fsp.realpath(path);
  } catch {
    return path;
  }
}

/** `$XDG_CACHE_HOME/mailroom/maildir`, else `~/.cache/mailroom/maildir` (XDG Base Directory). */
export function defaultCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg !== undefined && xdg.startsWith('/') ? xdg : join(homedir(), '.cache');
  return join(base, 'mailroom', 'maildir');
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
