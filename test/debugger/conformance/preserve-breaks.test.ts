/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-preserve-breaks.js: `sb(2)`, `sb(3)` are
 * hit, and again after `restart`; `breakpoints` still lists them.
 * Intended differences: breakpoints are numbered from 1, and none listed
 * reads `No breakpoints` (node inspect: `No breakpoints yet`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from './run-inspect.js';

test('node inspect parity: test-debugger-preserve-breaks', async () => {
  const { code, stdout, stderr } = await inspect('three-lines.js', [
    'breakpoints',
    'sb(2)',
    'sb(3)',
    'breakpoints',
    'c',
    'c',
    'restart',
    'c',
    'c',
    'breakpoints',
    'c',
  ]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^No breakpoints$/m);
  assert.match(stdout, /^#1 three-lines\.js:2\n#2 three-lines\.js:3$/m);
  const pauses = [...stdout.matchAll(/^break in three-lines\.js:(\d+)$/gm)].map((match) => Number(match[1]));
  assert.deepEqual(pauses, [1, 2, 3, 1, 2, 3], 'both breakpoints hit, then again after the restart');
  assert.equal(stdout.match(/^#1 three-lines\.js:2\n#2 three-lines\.js:3$/gm)?.length, 2, 'still listed after the restart');
});
