/**
 * Decides how an entry file must be loaded: as CommonJS (through
 * `Module._load`, which keeps `require.main === module`) or as an ES module
 * (through `require(esm)`, or `import()` when the graph uses top-level await).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `commonjs` also covers TypeScript files, which balrog compiles to CommonJS. */
export type EntryFormat = 'commonjs' | 'module';

/** The `type` of the nearest package.json above `filename`, as Node reads it. */
function packageType(filename: string): string | undefined {
  let dir = dirname(filename);
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        return (JSON.parse(readFileSync(file, 'utf8')) as { type?: string }).type;
      } catch {
        return undefined; // Node itself reports a broken package.json when it loads the entry
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The format of the entry at `filename` (an absolute, resolved path). */
export function entryFormat(filename: string): EntryFormat {
  if (/\.(ts|mts|cts|tsx|cjs|json|node)$/.test(filename)) return 'commonjs';
  if (filename.endsWith('.mjs')) return 'module';
  return packageType(filename) === 'module' ? 'module' : 'commonjs';
}
