/**
 * A disk cache of transpiled TypeScript, so that a program whose files have
 * not changed starts without loading the TypeScript compiler (which costs
 * about half a second). Keyed by file name, source, and compiler version;
 * kept in a per-user folder under the system temp dir. Any cache problem
 * just means compiling again.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bump when the transpile options or the output's shape change. */
const FORMAT = 1;

let dir: string | null | undefined;
let compilerVersion: string | undefined;

function cacheDir(): string | null {
  if (dir !== undefined) return dir;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const candidate = join(tmpdir(), `balrog-ts-cache-${uid}`);
  try {
    mkdirSync(candidate, { recursive: true, mode: 0o700 });
    // Another user's folder could feed us code: only use our own.
    dir = statSync(candidate).uid === uid ? candidate : null;
  } catch {
    dir = null;
  }
  return dir;
}

function keyOf(source: string, filename: string): string {
  compilerVersion ??= (createRequire(import.meta.url)('typescript/package.json') as { version: string }).version;
  return createHash('sha256').update(`${FORMAT}\0${compilerVersion}\0${filename}\0${source}`).digest('hex');
}

/** The cached output for this source, or compiles it with `compile` and stores it. */
export function cachedTranspile(source: string, filename: string, compile: () => string): string {
  const folder = cacheDir();
  if (folder === null) return compile();
  const file = join(folder, `${keyOf(source, filename)}.js`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // not cached yet
  }
  const output = compile();
  try {
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, output, { mode: 0o600 });
    renameSync(partial, file); // atomic: a concurrent reader sees all or nothing
  } catch {
    // read-only or full disk: fine, we compiled anyway
  }
  return output;
}
