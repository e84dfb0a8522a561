/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-help.js: `help` lists `run, restart, r`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from './run-inspect.js';

test('node inspect parity: test-debugger-help', async () => {
  const { code, stdout, stderr } = await inspect('empty.js', ['help', 'c']);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /run, restart, r\s+/m);
});
