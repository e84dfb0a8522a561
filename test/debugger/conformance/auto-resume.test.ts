/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-auto-resume.js: with
 * NODE_INSPECT_RESUME_ON_START=1 the first pause is the `debugger;` on
 * line 10 of break.js, not the first line; leaving exits 0.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from './run-inspect.js';

test('node inspect parity: test-debugger-auto-resume', async () => {
  const { code, stdout, stderr } = await inspect('break.js', ['c', 'c'], { env: { NODE_INSPECT_RESUME_ON_START: '1' } });
  assert.equal(code, 0, stderr);
  assert.equal(stdout.match(/^break in .*$/m)?.[0], 'break in break.js:10', 'the first pause is the debugger statement');
});
