// `balrog debug` of an ES module entry under `balrog run`: it stops once, at the
// entry's first statement that runs — not inside the first function declared.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScripted } from './helpers/debugger-process.js';

test('balrog debug of an ES module entry stops once, at its first top-level statement', async () => {
  const { code, stdout, stderr } = await runScripted(['debug', 'steps.js'], ['c']);
  assert.equal(code, 0, stderr);
  const stops = stdout.match(/^break in .*$/gm) ?? [];
  assert.deepEqual(stops, ['break in steps.js:15']);
  assert.match(stdout, /< result 6/);
});
