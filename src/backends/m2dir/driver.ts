/**
 * The m2dir driver: the only file of the backend that performs I/O. It runs the operation
 * coroutines with the shared node:fs performer (after checking the `.m2store` marker once) and
 * watches folders with chokidar.
 */
import { promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import { relative, resolve, sep } from 'node:path';
import { watch } from 'chokidar';
import { abortError, drive } from '../../shared/coroutine.js';
import type { FsRequest } from '../../shared/coroutine.js';
import { MailError, toMailError } from '../../shared/errors.js';
import { BoundedReader } from '../../shared/bounded-reads.js';
import { performFs } from '../../shared/fs-performer.js';
import type { WatchEvent } from '../../shared/types.js';
import { listFolder, requireFolder } from './folder-listing.js';
import type { FsCo } from './fs-requests.js';
import { META_DIR } from './layout.js';
import { folderRef } from './messages.js';
import { openStore } from './open-store.js';
import { watchEventOf, type FolderChange } from './watch-events.js';

export function resolveRoot(root: string): string {
  const expanded = root === '~' || root.startsWith('~/') ? homedir() + root.slice(1) : root;
  return resolve(expanded);
}

/**
 * A file's content in chunks; a file that vanished is ERR_NOT_FOUND. The handle closes when the
 * iteration ends, breaks or throws.
 */
export async function* readFileChunks(
  path: string,
  chunkBytes: number,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  let handle;
  try {
    handle = await fsp.open(path, 'r');
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new MailError('ERR_NOT_FOUND', 'message file vanished', { backend: 'm2dir' });
    throw toMailError(e, 'ERR_IO', 'cannot open the message file');
  }
  try {
    for (;;) {
      if (signal?.aborted === true) throw abortError(signal);
      const chunk = new Uint8Array(chunkBytes);
      const { bytesRead } = await handle.read(chunk, 0, chunkBytes, null);
      if (bytesRead === 0) return;
      yield bytesRead === chunkBytes ? chunk : chunk.subarray(0, bytesRead);
    }
  } catch (e) {
    throw toMailError(e, 'ERR_IO', 'reading the message file failed');
  } finally {
    await handle.close().catch(() => undefined);
  }
}

export class M2dirDriver {
  readonly root: string;
  private opened: Promise<void> | undefined;

  constructor(
    root: string,
    private readonly create: boolean,
  ) {
    this.root = resolveRoot(root);
  }

  private open(): Promise<void> {
    this.opened ??= drive(openStore(this.root, this.create), performFs).catch((e: unknown) => {
      this.opened = undefined;
      throw toMailError(e, 'ERR_IO', 'opening the m2store failed');
    });
    return this.opened;
  }

  async run<T>(co: FsCo<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted === true) throw abortError(signal);
    await this.open();
    try {
      // Bounded reads (listing header blocks) go through the shared arena reader.
      const reader = new BoundedReader();
      const perform = (request: FsRequest): Promise<unknown> =>
        request.type === 'readFile' && request.maxBytes !== undefined
          ? reader.read({ ...request, maxBytes: request.maxBytes })
          : performFs(request);
      return await drive<FsRequest, T, unknown>(co, perform, signal);
    } catch (e) {
      throw toMailError(e, 'ERR_IO', 'm2dir operation failed');
    }
  }

  /**
   * Changes in one folder until `signal` aborts (then the iteration simply ends). The watcher
   * is listening (chokidar 'ready') before the baseline listing is taken, and changes it reports
   * meanwhile are mapped only after the baseline: an entry already in the baseline is not
   * reported as added, and a change after the baseline is never lost. `onReady` runs then.
   */
  async *watch(
    mailbox: string,
    signal?: AbortSignal,
    onReady?: () => void,
  ): AsyncGenerator<WatchEvent> {
    const folder = folderRef(this.root, mailbox);
    // An unknown mailbox is ERR_NOT_FOUND before any watcher exists.
    await this.run(requireFolder(folder.dir, folder.mailbox), signal);
    if (signal?.aborted === true) return;
    const known = new Map<string, string>();
    const pending: WatchEvent[] = [];
    let failure: MailError | undefined;
    let wake: (() => void) | undefined;
    const notify = (): void => {
      wake?.();
      wake = undefined;
    };
    const watcher = watch(folder.dir, {
      ignoreInitial: true,
      depth: 1,
      ignored: (path, stats) => {
        const kind = classify(folder.dir, path);
        return kind === 'ignore' || (kind === 'entry' && stats?.isDirectory() === true);
      },
    });
    let baselineTaken: () => void = () => undefined;
    const baseline = new Promise<void>((r) => (baselineTaken = r));
    // Changes are mapped one at a time, in the order chokidar reported them.
    let chain: Promise<void> = baseline;
    const onChange = (change: FolderChange): void => {
      chain = chain.then(async () => {
        try {
          const event = await this.run(watchEventOf(folder.dir, folder.mailbox, change, known));
          if (event !== undefined) pending.push(event);
        } catch (e) {
          failure ??= toMailError(e, 'ERR_IO', 'watching the m2dir folder failed');
        }
        notify();
      });
    };
    const route = (what: 'add' | 'change' | 'unlink', path: string): void => {
      const kind = classify(folder.dir, path);
      const name = path.slice(path.lastIndexOf(sep) + 1);
      if (kind === 'meta-file') onChange({ kind: 'flags-changed', name });
      else if (kind === 'entry' && what !== 'change') {
        onChange({ kind: what === 'add' ? 'entry-added' : 'entry-removed', name });
      }
    };
    watcher.on('add', (p) => route('add', p));
    watcher.on('change', (p) => route('change', p));
    watcher.on('unlink', (p) => route('unlink', p));
    watcher.on('error', (e) => {
      failure ??= toMailError(e, 'ERR_IO', 'watching the m2dir folder failed');
      notify();
    });
    signal?.addEventListener('abort', notify, { once: true });
    try {
      await new Promise<void>((ready) => watcher.once('ready', () => ready()));
      const listing = await this.run(
        listFolder(folder.dir, folder.mailbox, { flags: false }),
        signal,
      );
      for (const entry of listing.entries.values()) known.set(entry.id, entry.file);
      baselineTaken();
      onReady?.();
      for (;;) {
        const next = pending.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (failure !== undefined) throw failure;
        if (isAborted(signal)) return;
        await new Promise<void>((r) => (wake = r));
      }
    } finally {
      baselineTaken();
      signal?.removeEventListener('abort', notify);
      await watcher.close();
    }
  }
}

const isAborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;

type PathKind = 'folder' | 'entry' | 'meta' | 'meta-file' | 'ignore';

/** Only the folder's own entries and its `.meta/` files matter; dot-names are temporaries. */
function classify(dir: string, path: string): PathKind {
  const rel = relative(dir, path);
  if (rel === '') return 'folder';
  const parts = rel.split(sep);
  const [first, second] = parts;
  if (first === META_DIR) {
    if (parts.length === 1) return 'meta';
    return parts.length === 2 && second !== undefined && !second.startsWith('.')
      ? 'meta-file'
      : 'ignore';
  }
  if (parts.length > 1 || first === undefined || first.startsWith('.')) return 'ignore';
  return 'entry';
}
