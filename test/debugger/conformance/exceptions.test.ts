/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-exceptions.js: by default the uncaught
 * exception ends the program; `breakOnException` pauses at both throws
 * (lines 3 and 9), `breakOnUncaught` only at the uncaught one (9),
 * `breakOnNone` lets it end again. Intended differences: each run is a new
 * session here (node inspect's `r` restarts within one; balrog has no
 * `restart` yet), and a pause on an exception prints `break in` followed by
 * `Exception: ...` (node inspect: `exception in`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from './run-inspect.js';

test('node inspect parity: test-debugger-exceptions', async () => {
  const dies = await inspect('exceptions.js', ['c']);
  assert.match(dies.stdout, /^break in exceptions\.js:1$/m);
  assert.match(dies.stdout, /^the target crashed: Uncaught Error: Uncaught \(exceptions\.js:9\)$/m, 'dies by default');

  const all = await inspect('exceptions.js', ['breakOnException', 'c', 'c', 'c']);
  assert.match(all.stdout, /^break in exceptions\.js:3\nException: Error: Caught$/m, 'breakOnException: the caught one');
  assert.match(all.stdout, /^break in exceptions\.js:9\nException: Error: Uncaught$/m, 'breakOnException: the uncaught one');

  const uncaught = await inspect('exceptions.js', ['breakOnUncaught', 'c', 'c']);
  assert.doesNotMatch(uncaught.stdout, /exceptions\.js:3/, 'breakOnUncaught: not the caught one');
  assert.match(uncaught.stdout, /^break in exceptions\.js:9\nException: Error: Uncaught$/m, 'breakOnUncaught: the uncaught one');

  const none = await inspect('exceptions.js', ['breakOnException', 'breakOnNone', 'c']);
  assert.doesNotMatch(none.stdout, /^Exception:/m);
  assert.match(none.stdout, /^the target crashed: Uncaught Error: Uncaught \(exceptions\.js:9\)$/m, 'breakOnNone: dies again');
});
