import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFixture } from './helpers/run-fixture.js';

// How each way of ending must look: exactly as plain Node, whatever fibers are suspended.
const cases: Array<[string, { code: number | null; signal?: NodeJS.Signals; stderr?: RegExp }]> = [
  ['natural', { code: 3 }],
  ['exit', { code: 4 }],
  ['exit-in-fiber', { code: 5 }],
  ['uncaught', { code: 1, stderr: /Error: uncaught on main/ }],
  ['uncaught-in-fiber', { code: 1, stderr: /Error: uncaught in fiber/ }],
  ['SIGTERM', { code: null, signal: 'SIGTERM' }],
  ['SIGINT', { code: null, signal: 'SIGINT' }],
  ['worker', { code: 0 }],
];

for (const [how, expected] of cases) {
  test(`the process ends normally with suspended fibers: ${how}`, async () => {
    const result = await runFixture('lifecycle.mjs', [how]);
    assert.doesNotMatch(result.stderr, /FATAL|Fatal error|Assertion|Aborted|Segmentation/);
    assert.equal(result.code, expected.code, result.stderr);
    assert.equal(result.signal, expected.signal ?? null);
    if (expected.stderr) assert.match(result.stderr, expected.stderr);
    else assert.equal(result.stderr, '');
    if (how === 'worker') assert.match(result.stdout, /worker answered 42\nsecond worker ended with 0/);
  });
}

test('fetch() (WebAssembly) keeps working while fibers are parked', async () => {
  const result = await runFixture('wasm-fetch.mjs', ['3000'], { timeoutMs: 60_000 });
  assert.doesNotMatch(result.stderr, /Fatal|archived threads/);
  assert.equal(result.stdout.trim(), 'survived 3000 fetches');
  assert.equal(result.code, 0);
});
