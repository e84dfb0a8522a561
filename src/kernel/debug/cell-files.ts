/**
 * Where a cell's code lives for the debugger, as ipykernel names it: one file
 * per distinct cell text, `<tmp>/balrog_<pid>/<murmur2(code)>.ts`. JupyterLab
 * computes the same path from `debugInfo` (prefix, suffix, seed) to map a
 * stack frame or a breakpoint back to its cell; the kernel runs the cell
 * under that name while a debugger is attached, so V8's breakpoints (set by
 * URL) land in it.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { murmur2 } from './murmur2.js';

/** ipykernel's seed (`get_tmp_hash_seed`); any value works as long as debugInfo reports it. */
export const CELL_HASH_SEED = 0xc70f6907;

/** The file name suffix of cell files: cells are TypeScript (JavaScript included). */
export const CELL_FILE_SUFFIX = '.ts';

/** The directory of this kernel process's cell files. */
export function cellDirectory(): string {
  return path.join(tmpdir(), `balrog_${process.pid}`);
}

/** What debugInfo's `tmpFilePrefix` says: the directory and a separator. */
export function cellFilePrefix(): string {
  return cellDirectory() + path.sep;
}

/** The path the cell with this code runs under while debugging. */
export function cellFilePath(code: string): string {
  return `${cellFilePrefix()}${murmur2(code, CELL_HASH_SEED)}${CELL_FILE_SUFFIX}`;
}

/** Writes the cell's code to its file (dumpCell) and returns the path. */
export function dumpCell(code: string): string {
  const file = cellFilePath(code);
  mkdirSync(cellDirectory(), { recursive: true });
  writeFileSync(file, code, 'utf8');
  return file;
}

/** Removes this process's cell files (at shutdown: nothing else will read them). */
export function removeCellFiles(): void {
  try {
    rmSync(cellDirectory(), { recursive: true, force: true });
  } catch {
    // Left behind in the temporary directory; harmless.
  }
}
