/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-watchers.js: `watch("...")` in call syntax,
 * `watchers`, `unwatch("42")`, the watchers shown after `n`. Intended
 * difference: a long value (process.env) prints whole, as util.inspect prints
 * it (node inspect cuts the preview with `...`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from './run-inspect.js';

test('node inspect parity: test-debugger-watchers', async () => {
  const { code, stdout, stderr } = await inspect('break.js', [
    'watch("x")',
    'watch("\\"Hello\\"")',
    'watch("42")',
    'watch("NaN")',
    'watch("true")',
    'watch("[1, 2]")',
    'watch("process.env")',
    'watchers',
    'unwatch("42")',
    'n',
    'c',
    'c',
  ]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /x is not defined|Cannot access 'x' before initialization/);
  const afterStep = stdout.split(/^break in break\.js:2$/m)[1]!;
  assert.match(afterStep, /0: x = 10/);
  assert.match(afterStep, /1: "Hello" = 'Hello'/);
  assert.match(afterStep, /2: NaN = NaN/);
  assert.match(afterStep, /3: true = true/);
  assert.match(afterStep, /4: \[1, 2\] = \[ 1, 2 \]/);
  assert.match(afterStep, /5: process\.env = \{/);
});
