/**
 * Tells how `register.js` was loaded: as a preload with `-r`/`--require`, as
 * a preload with `--import`, or imported by a program that is already running
 * (then it only installs the runtime, and the entry is left alone).
 */
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeOptionTokens } from './node-options.js';

export type PreloadMode = 'require' | 'import' | 'none';

/** Node options from the command line and NODE_OPTIONS, as a flat list of tokens. */
function nodeOptions(): string[] {
  return [...process.execArgv, ...nodeOptionTokens()];
}

/** The values given to `--import`. */
function importFlags(): string[] {
  const tokens = nodeOptions();
  const values: string[] = [];
  tokens.forEach((token, i) => {
    if (token === '--import' && tokens[i + 1] !== undefined) values.push(tokens[i + 1]!);
    else if (token.startsWith('--import=')) values.push(token.slice('--import='.length));
  });
  return values;
}

function resolvesTo(specifier: string, file: string): boolean {
  try {
    if (specifier.startsWith('file:')) return fileURLToPath(specifier) === file;
    return createRequire(join(process.cwd(), 'noop.js')).resolve(specifier) === file;
  } catch {
    return false;
  }
}

/** `selfUrl` is register.js's own `import.meta.url`. */
export function preloadMode(selfUrl: string): PreloadMode {
  const self = fileURLToPath(selfUrl);
  const cache = (Module as unknown as { _cache: Record<string, unknown> })._cache;
  // require(esm) puts the module in the CommonJS cache; the ESM loader does not.
  if (self in cache) return process.mainModule === undefined ? 'require' : 'none';
  return importFlags().some((value) => resolvesTo(value, self)) ? 'import' : 'none';
}
