/**
 * Runs the program's entry with its top-level code in a fiber, so it can
 * call `wait()` and `balrog/sync` functions at the top level.
 */
import Module, { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawn, wait } from '../core/index.js';
import { entryFormat } from './entry-format.js';
import { inspectBrk, pauseOnFirstLine } from './inspect-brk.js';

interface InternalModuleStatic {
  _load(request: string, parent: null, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: null, isMain: boolean): string;
}
const internal = Module as unknown as InternalModuleStatic;
const requireHere = createRequire(import.meta.url);

/** Resolves the entry as Node resolves its main (extensions, directories, symlinks); throws Node's error if missing. */
export function resolveEntry(main: string): string {
  return internal._resolveFilename(resolve(main), null, true);
}

function loadEntry(filename: string): void {
  if (entryFormat(filename) === 'commonjs') {
    // isMain: require.main === module and process.mainModule, as under `node <entry>`.
    internal._load(filename, null, true);
    return;
  }
  const url = pathToFileURL(filename).href;
  const breakAtStart = inspectBrk() ? pauseOnFirstLine(url, filename) : undefined;
  try {
    requireHere(filename);
  } catch (error) {
    // require(esm) refuses graphs with top-level await before evaluating anything;
    // their top level can await by itself, so import() them instead.
    if ((error as { code?: unknown }).code !== 'ERR_REQUIRE_ASYNC_MODULE') throw error;
    wait(import(url));
  } finally {
    breakAtStart?.();
  }
}

/** Loads the entry (already resolved) in a new fiber; settles when its top-level code has run. */
export function runEntry(filename: string): Promise<void> {
  return spawn(loadEntry, filename);
}
