/**
 * Where things live in an m2store (docs/m2dir.md, Store format): the root holds an empty
 * `.m2store` marker; a folder is a directory holding an empty `.m2dir` marker and a `.meta/`
 * directory; an entry's flags live in `.meta/<id>.flags`. Paths are '/'-joined strings (node:fs
 * accepts them on every platform); the driver makes the root absolute.
 */
import { relativeDirOf } from './folder-names.js';

export const STORE_MARKER = '.m2store';
export const FOLDER_MARKER = '.m2dir';
export const META_DIR = '.meta';
export const FLAGS_SUFFIX = '.flags';

export const joinPath = (...parts: string[]): string => parts.filter((p) => p !== '').join('/');

export const folderDir = (root: string, components: readonly string[]): string =>
  joinPath(root, relativeDirOf(components));

export const metaDir = (dir: string): string => joinPath(dir, META_DIR);

export const flagsPath = (dir: string, id: string): string =>
  joinPath(dir, META_DIR, `${id}${FLAGS_SUFFIX}`);

/** The id a `.meta/` file name belongs to, when it is a flags file. */
export function idOfFlagsFile(name: string): string | undefined {
  if (name.startsWith('.') || !name.endsWith(FLAGS_SUFFIX)) return undefined;
  const id = name.slice(0, -FLAGS_SUFFIX.length);
  return id === '' ? undefined : id;
}

/** Dot-names are invisible to readers (m2dir spec), so temporary files start with a dot. */
export const tempName = (purpose: string, random: string): string => `.tmp.${purpose}.${random}`;
