/**
 * Performs the filesystem requests of the local-store coroutines with node:fs. Used only by
 * the Maildir and m2dir drivers (each backend's one I/O file), so the two share one audited
 * implementation of exclusive-create + fsync + rename.
 */
import { promises as fs, constants as fsConstants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { DirEntry, FileStat, FsRequest } from './coroutine.js';
import { MailError } from './errors.js';

const isCode = (e: unknown, code: string): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === code;

const kindOf = (s: { isFile(): boolean; isDirectory(): boolean }): DirEntry['kind'] =>
  s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other';

function ioError(op: string, path: string, e: unknown): MailError {
  if (e instanceof MailError) return e;
  const code = (e as { code?: string }).code ?? 'unknown';
  return new MailError('ERR_IO', `${op} ${path} failed (${code})`, {
    cause: e,
    details: { code, path },
  });
}

/** Entries read between two yields to the event loop. */
const DIR_SLICE = 4096;

/**
 * A directory's entries through opendir + readSync: for a 100k-file Maildir folder about half
 * the time and 20 MB less peak memory than readdir({ withFileTypes }), which holds every Dirent
 * and its copy at once. Yields to the event loop every DIR_SLICE entries.
 */
async function readDir(path: string): Promise<DirEntry[] | null> {
  let dir;
  try {
    dir = await fs.opendir(path, { bufferSize: 1024 });
  } catch (e) {
    if (isCode(e, 'ENOENT') || isCode(e, 'ENOTDIR')) return null;
    throw ioError('readdir', path, e);
  }
  try {
    const out: DirEntry[] = [];
    for (let d = dir.readSync(); d !== null; d = dir.readSync()) {
      out.push({ name: d.name, kind: kindOf(d) });
      if (out.length % DIR_SLICE === 0) await yieldToLoop();
    }
    return out;
  } catch (e) {
    throw ioError('readdir', path, e);
  } finally {
    dir.closeSync();
  }
}

async function readFile(path: string, maxBytes: number | undefined): Promise<Uint8Array | null> {
  try {
    if (maxBytes === undefined) {
      const buffer = await fs.readFile(path); // a plain Uint8Array view over it, not a copy
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
    }
    const handle = await fs.open(path, 'r');
    try {
      const buffer = Buffer.allocUnsafe(maxBytes);
      let filled = 0;
      while (filled < maxBytes) {
        const { bytesRead } = await handle.read(buffer, filled, maxBytes - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return new Uint8Array(buffer.buffer, buffer.byteOffset, filled);
    } finally {
      await handle.close();
    }
  } catch (e) {
    if (isCode(e, 'ENOENT')) return null;
    throw ioError('read', path, e);
  }
}

async function writeFileExclusive(
  path: string,
  bytes: Uint8Array,
  mtimeMs?: number,
  sync = true,
): Promise<void> {
  let handle;
  try {
    handle = await fs.open(
      path,
      fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL,
      0o600,
    );
  } catch (e) {
    if (isCode(e, 'EEXIST'))
      throw new MailError('ERR_EXISTS', `${path} already exists`, { cause: e });
    throw ioError('create', path, e);
  }
  try {
    await handle.writeFile(bytes);
    if (mtimeMs !== undefined) await handle.utimes(new Date(), new Date(mtimeMs));
    if (sync) await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await fs.rm(path, { force: true }).catch(() => undefined);
    throw ioError('write', path, e);
  }
  await handle.close();
}

async function rename(from: string, to: string): Promise<boolean> {
  try {
    await fs.rename(from, to);
    return true;
  } catch (e) {
    if (isCode(e, 'ENOENT')) return false;
    throw ioError('rename', from, e);
  }
}

async function link(from: string, to: string): Promise<boolean> {
  try {
    await fs.link(from, to);
    return true;
  } catch (e) {
    if (isCode(e, 'ENOENT')) return false;
    if (isCode(e, 'EEXIST'))
      throw new MailError('ERR_EXISTS', `${to} already exists`, { cause: e });
    throw ioError('link', from, e);
  }
}

async function remove(path: string, recursive: boolean): Promise<boolean> {
  try {
    if (recursive) {
      await fs.access(path);
      await fs.rm(path, { recursive: true });
    } else await fs.unlink(path);
    return true;
  } catch (e) {
    if (isCode(e, 'ENOENT')) return false;
    throw ioError('remove', path, e);
  }
}

async function stat(path: string): Promise<FileStat | null> {
  try {
    const s = await fs.stat(path);
    return { size: s.size, mtimeMs: s.mtimeMs, kind: kindOf(s) };
  } catch (e) {
    if (isCode(e, 'ENOENT') || isCode(e, 'ENOTDIR')) return null;
    throw ioError('stat', path, e);
  }
}

async function fsync(path: string): Promise<void> {
  const handle = await fs.open(path, 'r');
  try {
    await handle.sync();
  } catch (e) {
    // Some filesystems refuse fsync on directories (EINVAL); durability is best-effort there.
    if (!isCode(e, 'EINVAL') && !isCode(e, 'EISDIR')) throw ioError('fsync', path, e);
  } finally {
    await handle.close();
  }
}

/** Read requests of a batch run concurrently, bounded so huge folders do not exhaust fds. */
async function mapBounded<T, R>(
  items: readonly T[],
  fn: (t: T) => Promise<R>,
  limit = 64,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

let host: string | undefined;
let pool = new Uint8Array(0);
let poolAt = 0;

/** `length` random bytes, cut from a pool refilled 4 KiB at a time (one syscall per ~1000 names). */
function randomFromPool(length: number): Uint8Array {
  if (length > 1024) return new Uint8Array(randomBytes(length));
  if (poolAt + length > pool.length) {
    pool = new Uint8Array(randomBytes(4096));
    poolAt = 0;
  }
  poolAt += length;
  return pool.slice(poolAt - length, poolAt);
}

export async function performFs(request: FsRequest): Promise<unknown> {
  switch (request.type) {
    case 'readDir':
      return mapBounded(request.paths, readDir);
    case 'readFile':
      return mapBounded(request.paths, (p) => readFile(p, request.maxBytes));
    case 'writeFile':
      return writeFileExclusive(
        request.path,
        request.bytes,
        request.mtimeMs,
        request.sync !== false,
      );
    case 'rename':
      return mapBounded(request.pairs, ([a, b]) => rename(a, b), 1);
    case 'link':
      return mapBounded(request.pairs, ([a, b]) => link(a, b), 1);
    case 'remove':
      return mapBounded(request.paths, (p) => remove(p, request.recursive === true), 1);
    case 'mkdir':
      for (const p of request.paths)
        await fs.mkdir(p, { recursive: true }).catch((e: unknown) => {
          throw ioError('mkdir', p, e);
        });
      return undefined;
    case 'stat':
      return mapBounded(request.paths, stat);
    case 'fsync':
      for (const p of request.paths) await fsync(p);
      return undefined;
    case 'pid':
      return process.pid;
    case 'hostname':
      return (host ??= hostname()); // read once per process, as MDAs do
    case 'now':
      return Date.now();
    case 'random':
      return randomFromPool(request.length);
    case 'wait':
      return new Promise((resolve) => setTimeout(resolve, request.ms));
  }
}
