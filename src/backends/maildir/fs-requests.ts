/**
 * Typed wrappers around the filesystem requests (docs/coroutines.md): `const r = yield* readDir([...])`
 * yields one batched request and gives back the reply with its documented type.
 */
import type { Coroutine, DirEntry, FileStat, FsRequest } from '../../shared/coroutine.js';

export type FsCo<T> = Coroutine<FsRequest, T, unknown>;

export function* readDir(paths: string[]): FsCo<(DirEntry[] | null)[]> {
  if (paths.length === 0) return [];
  return (yield { type: 'readDir', paths }) as (DirEntry[] | null)[];
}

export function* readFiles(paths: string[], maxBytes?: number): FsCo<(Uint8Array | null)[]> {
  if (paths.length === 0) return [];
  const request: FsRequest =
    maxBytes === undefined ? { type: 'readFile', paths } : { type: 'readFile', paths, maxBytes };
  return (yield request) as (Uint8Array | null)[];
}

/** Exclusive create + write + fsync; `sync: false` skips the fsync (caches only). */
export function* writeFile(path: string, bytes: Uint8Array, sync = true): FsCo<void> {
  yield sync ? { type: 'writeFile', path, bytes } : { type: 'writeFile', path, bytes, sync };
}

export function* rename(pairs: [string, string][]): FsCo<boolean[]> {
  if (pairs.length === 0) return [];
  return (yield { type: 'rename', pairs }) as boolean[];
}

export function* link(pairs: [string, string][]): FsCo<boolean[]> {
  if (pairs.length === 0) return [];
  return (yield { type: 'link', pairs }) as boolean[];
}

export function* remove(paths: string[], recursive = false): FsCo<boolean[]> {
  if (paths.length === 0) return [];
  return (yield { type: 'remove', paths, recursive }) as boolean[];
}

export function* mkdir(paths: string[]): FsCo<void> {
  if (paths.length > 0) yield { type: 'mkdir', paths };
}

export function* stat(paths: string[]): FsCo<(FileStat | null)[]> {
  if (paths.length === 0) return [];
  return (yield { type: 'stat', paths }) as (FileStat | null)[];
}

export function* fsync(paths: string[]): FsCo<void> {
  if (paths.length > 0) yield { type: 'fsync', paths };
}

export function* now(): FsCo<number> {
  return (yield { type: 'now' }) as number;
}

export function* random(length: number): FsCo<Uint8Array> {
  return (yield { type: 'random', length }) as Uint8Array;
}

export function* pid(): FsCo<number> {
  return (yield { type: 'pid' }) as number;
}

export function* hostname(): FsCo<string> {
  return (yield { type: 'hostname' }) as string;
}

/** POSIX join for the paths the coroutines build (the root is absolute, components are checked). */
export const join = (...parts: string[]): string => parts.join('/').replace(/\/+/g, '/');
