/**
 * Typed helpers that yield one batched filesystem request (src/shared/coroutine.ts) and return
 * its reply. Every m2dir operation is built from these, so the operations stay I/O-free.
 */
import type { Coroutine, DirEntry, FileStat, FsRequest } from '../../shared/coroutine.js';

export type FsCo<T> = Coroutine<FsRequest, T, unknown>;

export function* readDirs(paths: string[]): FsCo<(DirEntry[] | null)[]> {
  if (paths.length === 0) return [];
  return (yield { type: 'readDir', paths }) as (DirEntry[] | null)[];
}

export function* readDir(path: string): FsCo<DirEntry[] | null> {
  const [entries] = yield* readDirs([path]);
  return entries ?? null;
}

export function* readFiles(paths: string[], maxBytes?: number): FsCo<(Uint8Array | null)[]> {
  if (paths.length === 0) return [];
  const request: FsRequest =
    maxBytes === undefined ? { type: 'readFile', paths } : { type: 'readFile', paths, maxBytes };
  return (yield request) as (Uint8Array | null)[];
}

export function* readFile(path: string, maxBytes?: number): FsCo<Uint8Array | null> {
  const [bytes] = yield* readFiles([path], maxBytes);
  return bytes ?? null;
}

/** Exclusive create + fsync (ERR_EXISTS when present). */
/** Create exclusively; `mtimeMs` sets the modification time (the entry's receivedAt). */
export function* writeFile(path: string, bytes: Uint8Array, mtimeMs?: number): FsCo<void> {
  yield mtimeMs === undefined
    ? { type: 'writeFile', path, bytes }
    : { type: 'writeFile', path, bytes, mtimeMs };
}

/** false where the source no longer exists. Replaces the target atomically (rename(2)). */
export function* renames(pairs: [string, string][]): FsCo<boolean[]> {
  if (pairs.length === 0) return [];
  return (yield { type: 'rename', pairs }) as boolean[];
}

export function* remove(paths: string[], recursive = false): FsCo<boolean[]> {
  if (paths.length === 0) return [];
  const request: FsRequest = recursive
    ? { type: 'remove', paths, recursive: true }
    : { type: 'remove', paths };
  return (yield request) as boolean[];
}

export function* mkdirs(paths: string[]): FsCo<void> {
  if (paths.length > 0) yield { type: 'mkdir', paths };
}

export function* stats(paths: string[]): FsCo<(FileStat | null)[]> {
  if (paths.length === 0) return [];
  return (yield { type: 'stat', paths }) as (FileStat | null)[];
}

export function* stat(path: string): FsCo<FileStat | null> {
  const [s] = yield* stats([path]);
  return s ?? null;
}

export function* fsync(paths: string[]): FsCo<void> {
  if (paths.length > 0) yield { type: 'fsync', paths };
}

export function* random(length: number): FsCo<Uint8Array> {
  return (yield { type: 'random', length }) as Uint8Array;
}

export function* now(): FsCo<number> {
  return (yield { type: 'now' }) as number;
}
