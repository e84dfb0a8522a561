/**
 * The `fs/promises` API, blocking the fiber instead of returning promises:
 * `fs.readFile(path, 'utf8')` returns the string. Same arguments, same errors.
 */
import * as fsp from 'node:fs/promises';
import type { Dirent, ObjectEncodingOptions, PathLike } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { sync } from '../core/index.js';

type Syncified<F> = F extends (...args: infer A) => PromiseLike<infer R> ? (...args: A) => R : never;

/** Functions whose last overload is good enough for typing. */
const plain = [
  'access',
  'appendFile',
  'chmod',
  'chown',
  'copyFile',
  'cp',
  'lchown',
  'link',
  'lstat',
  'lutimes',
  'mkdtemp',
  'open',
  'readlink',
  'realpath',
  'rename',
  'rm',
  'rmdir',
  'stat',
  'symlink',
  'truncate',
  'unlink',
  'utimes',
  'writeFile',
] as const;

type PlainName = (typeof plain)[number];

/** The overloaded ones, typed by hand so that `readFile(p, 'utf8')` is a string. */
interface Overloaded {
  readFile(path: PathLike | FileHandle, options?: { encoding?: null; flag?: string } | null): Buffer;
  readFile(path: PathLike | FileHandle, options: { encoding: BufferEncoding; flag?: string } | BufferEncoding): string;
  readdir(
    path: PathLike,
    options?: { encoding?: BufferEncoding | null; withFileTypes?: false; recursive?: boolean } | BufferEncoding | null,
  ): string[];
  readdir(path: PathLike, options: ObjectEncodingOptions & { withFileTypes: true; recursive?: boolean }): Dirent[];
  mkdir(path: PathLike, options: { recursive: true; mode?: number | string }): string | undefined;
  mkdir(path: PathLike, options?: { recursive?: false; mode?: number | string } | number | string | null): void;
}

/** `fs/promises` for fibers. Each function throws NotInFiberError outside a fiber. */
export type SyncFs = { [K in PlainName]: Syncified<(typeof fsp)[K]> } & Overloaded;

function build(): SyncFs {
  const out: Record<string, unknown> = {};
  for (const name of [...plain, 'readFile', 'readdir', 'mkdir'] as const) {
    out[name] = sync(fsp[name] as (...args: unknown[]) => Promise<unknown>, `fs.${name}()`);
  }
  return out as unknown as SyncFs;
}

/** The `fs/promises` functions, blocking the fiber. */
export const fs: SyncFs = build();
