/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-use-strict.js: a file that starts with a
 * strict directive pauses on the directive or on the first real line.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from './run-inspect.js';

test('node inspect parity: test-debugger-use-strict', async () => {
  const { code, stdout, stderr } = await inspect('use-strict.js', ['c']);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^break in use-strict\.js:(1|2)$/m);
});
