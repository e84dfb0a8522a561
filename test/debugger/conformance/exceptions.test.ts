/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-exceptions.js: by default the uncaught
 * exception ends the program; after `r` (restart) `breakOnException`
 * pauses at both throws (lines 3 and 9); `breakOnUncaught` survives a
 * restart and pauses only at the uncaught one (9); `breakOnNone` lets it end
 * again. Intended difference: a pause on an exception prints `break in`
 * followed by `Exception: ...` (node inspect: `exception in`), and the end
 * is said as `the target crashed: ...`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from './run-inspect.js';

test('node inspect parity: test-debugger-exceptions', async () => {
  const { code, stdout, stderr } = await inspect('exceptions.js', [
    'c',
    'r',
    'breakOnException',
    'c',
    'c',
    'breakOnUncaught',
    'r',
    'c',
    'breakOnNone',
    'r',
    'c',
  ]);
  assert.equal(code, 0, stderr);
  const runs = stdout.split(/^(?=break in exceptions\.js:1$)/m).filter((run) => run.startsWith('break in'));
  assert.equal(runs.length, 4, 'four runs, each from the first line');
  const crash = /^the target crashed: Uncaught Error: Uncaught \(exceptions\.js:9\)$/m;
  assert.match(runs[0]!, crash, 'dies by default');
  assert.match(runs[1]!, /^break in exceptions\.js:3\nException: Error: Caught$/m, 'breakOnException: the caught one');
  assert.match(runs[1]!, /^break in exceptions\.js:9\nException: Error: Uncaught$/m, 'breakOnException: the uncaught one');
  assert.doesNotMatch(runs[2]!, /exceptions\.js:3/, 'breakOnUncaught: not the caught one');
  assert.match(runs[2]!, /^break in exceptions\.js:9\nException: Error: Uncaught$/m, 'breakOnUncaught survives the restart');
  assert.doesNotMatch(runs[3]!, /^Exception:/m);
  assert.match(runs[3]!, crash, 'breakOnNone: dies again');
});
