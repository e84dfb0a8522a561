/**
 * TypeScript through source maps: breakpoints by `.ts` file and line (also in
 * a file loaded later), and every location shown in `.ts`. The program is compiled here with
 * TypeScript (a separate `.js.map` file), then debugged as JavaScript.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { fixturesDir, runScripted } from './helpers/debugger-process.js';
import { assertGolden } from './helpers/golden.js';

test('breakpoints by .ts line and locations in .ts, through a source map', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'balrog-debug-ts-'));
  try {
    for (const name of ['typed-app', 'typed-later']) {
      copyFileSync(join(fixturesDir, `${name}.ts`), join(dir, `${name}.ts`));
      const output = ts.transpileModule(readFileSync(join(dir, `${name}.ts`), 'utf8'), {
        fileName: `${name}.ts`,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, sourceMap: true },
      });
      writeFileSync(join(dir, `${name}.js`), output.outputText.replace(/sourceMappingURL=.*$/m, `sourceMappingURL=${name}.js.map`));
      writeFileSync(join(dir, `${name}.js.map`), output.sourceMapText!);
    }
    const { code, stdout, stderr } = await runScripted(
      ['debug', '--plain-node', 'typed-app.js'],
      [
        'b typed-app.ts:11 if order.id === 2',
        // Not loaded yet: set when its script loads (its function runs 100 ms later).
        'b typed-later.ts:4',
        'c',
        'bt',
        'list 1',
        'p order.items.length as number',
        'n',
        'locals',
        'p total',
        'o',
        'breakpoints',
        'c',
        'p doubled',
        'bt',
        'c',
      ],
      { cwd: dir },
    );
    assert.equal(code, 0, stderr);
    assertGolden('typescript', stdout);
    assert.match(stdout, /^< 4,8$/m);
    assert.match(stdout, /^< 42$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('balrog debug of a .ts entry under balrog run: first line, breakpoints by .ts line', async () => {
  const { code, stdout, stderr } = await runScripted(
    ['debug', 'typed-app.ts'],
    ['b typed-app.ts:11 if order.id === 2', 'c', 'p order.items.join("+")', 'bt', 'c'],
  );
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^break in typed-app\.ts:9\n/);
  assert.match(stdout, /^break in typed-app\.ts:11$/m);
  assert.match(stdout, /^'tea\+cake'$/m);
  assert.match(stdout, /^> #0 price typed-app\.ts:11:\d+$/m);
  assert.match(stdout, /^< 4,8$/m);
  assert.match(stdout, /^the target finished$/m);
});
