/**
 * Type erasure on real TypeScript: every TypeScript source file shipped in
 * node_modules (pg-protocol, cmake-ts and others that the lockfile pins) that
 * Node's own type stripper (amaro, strip-only) accepts, balrog must accept as
 * one REPL input, and its output must compile in V8. Files that use
 * `import.meta` are left out: it exists only in modules, and a REPL input is a
 * script (Node's REPL refuses it as well).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, it } from 'node:test';
import { transformInput } from '../../../src/repl/transform.js';

const root = fileURLToPath(new URL('../../../../node_modules/', import.meta.url));
const amaro = createRequire(import.meta.url)('amaro') as {
  transformSync(source: string, options: { mode: 'strip-only' }): { code: string };
};

function typescriptFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    let stats: ReturnType<typeof statSync>;
    try {
      stats = statSync(full);
    } catch {
      continue;
    }
    if (stats.isDirectory()) typescriptFiles(full, found);
    else if (/\.[mc]?ts$/.test(entry) && !/\.d\.[mc]?ts$/.test(entry) && stats.size < 200_000) found.push(full);
  }
  return found;
}

describe('TypeScript erasure on the TypeScript sources in node_modules', () => {
  it('accepts every file amaro accepts, and V8 compiles the result', (t) => {
    const files = typescriptFiles(root);
    let accepted = 0;
    const failures: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      // `import.meta` exists only in modules; a REPL input is a script (Node's REPL refuses it too).
      if (source.includes('import.meta')) continue;
      // `using` declarations are JavaScript that Node 20's V8 does not have yet: not a matter of types.
      if (/\b(?:await\s+)?using\s+[A-Za-z_$]/.test(source)) continue;
      try {
        amaro.transformSync(source, { mode: 'strip-only' });
      } catch {
        continue; // not erasable (enums, namespaces, parameter properties) or not valid for swc
      }
      accepted++;
      try {
        const { code } = transformInput(source, { waitExpression: 'wait', bindingsExpression: 'bindings', importExpression: 'load' });
        new vm.Script(code, { filename: file });
      } catch (error) {
        failures.push(`${path.relative(root, file)}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    assert.deepEqual(failures, []);
    t.diagnostic(`${accepted} of ${files.length} TypeScript files checked`);
    assert.ok(accepted >= 20, `only ${accepted} of ${files.length} files to check: is node_modules installed?`);
  });
});
