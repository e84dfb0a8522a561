// TypeScript loading: the transpile (types out, CommonJS, import.meta stand-in,
// real dynamic import) and the disk cache that spares loading the compiler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cachedTranspile } from '../../src/runtime/typescript-cache.js';
import { transpileTypeScript } from '../../src/runtime/typescript-loader.js';

const cases: Array<[string, string, RegExp[], RegExp[]]> = [
  ['types are removed', 'const n: number = 1; interface I { a: string }', [/const n = 1;/], [/interface/, /: number/]],
  [
    'ESM syntax becomes CommonJS',
    "import { a } from './b.js'; export const c = a;",
    [/require\("\.\/b\.js"\)/, /exports\.c =/],
    [/^import /m],
  ],
  ['import() stays a real dynamic import', "const m = import('./x.js');", [/import\('\.\/x\.js'\)/], [/require\('\.\/x\.js'\)/]],
  [
    'import.meta gets a CommonJS stand-in',
    'const u = import.meta.url;',
    [/^var __balrogImportMeta = \{ url: /, /const u = __balrogImportMeta\.url;/],
    [/import\.meta/],
  ],
  ['no stand-in without import.meta', 'const x = 1;', [/^"use strict";/], [/__balrogImportMeta/]],
  ['an inline source map names the .ts file', 'const x = 1;', [/\/\/# sourceMappingURL=data:application\/json;base64,/], []],
];

for (const [name, source, present, absent] of cases) {
  test(name, () => {
    const out = transpileTypeScript(source, '/project/src/file.ts');
    for (const re of present) assert.match(out, re);
    for (const re of absent) assert.doesNotMatch(out, re);
  });
}

test('the source map points at the .ts path', () => {
  const out = transpileTypeScript('const x: number = 1;\n', '/project/src/file.ts');
  const map = JSON.parse(Buffer.from(out.split('base64,')[1]!, 'base64').toString()) as { sources: string[] };
  assert.deepEqual(map.sources, ['/project/src/file.ts']);
});

test('the cache compiles a source once, and again when it changes', () => {
  let compiled = 0;
  const compile = () => `compiled ${++compiled}`;
  const file = `/nowhere/${randomUUID()}.ts`;
  assert.equal(cachedTranspile('const a = 1;', file, compile), 'compiled 1');
  assert.equal(cachedTranspile('const a = 1;', file, compile), 'compiled 1');
  assert.equal(cachedTranspile('const a = 2;', file, compile), 'compiled 2');
  assert.equal(compiled, 2);
});
