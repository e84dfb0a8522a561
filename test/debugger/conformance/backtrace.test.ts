/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-backtrace.js and test-debugger-exec-scope.js:
 * `bt` / `backtrace` at the `debugger;` in topFn of backtrace.js, and
 * `exec .scope` there. Intended difference: columns are 1-based
 * (`backtrace.js:7:3`) as in Node's own stack traces, where node inspect
 * prints the 0-based column (`:7:2`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from './run-inspect.js';

test('node inspect parity: test-debugger-backtrace', async () => {
  const { code, stdout, stderr } = await inspect('backtrace.js', ['c', 'bt', 'backtrace', 'c']);
  assert.equal(code, 0, stderr);
  assert.equal(stdout.match(/^> #0 topFn backtrace\.js:7:3$/gm)?.length, 2, 'bt and backtrace');
});

test('node inspect parity: test-debugger-exec-scope', async () => {
  const { code, stdout, stderr } = await inspect('backtrace.js', ['c', 'exec .scope', 'c']);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /'moduleScoped'/, 'displays closure from module body');
  assert.match(stdout, /'a'/, 'displays local / function arg');
  assert.match(stdout, /'l1'/, 'displays local scope');
  assert.doesNotMatch(stdout, /'encodeURIComponent'/, 'omits global scope');
});
