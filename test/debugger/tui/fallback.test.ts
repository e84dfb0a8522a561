/**
 * `--tui` without a terminal (stdin and stdout pipes): a clear message, then
 * the line-mode debugger does the work.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScripted } from '../helpers/debugger-process.js';

test('--tui falls back to line mode when stdout is not a TTY', async () => {
  const { code, stdout, stderr } = await runScripted(['debug', '--tui', '--plain-node', 'steps.js'], ['n', 'c']);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /^balrog: --tui needs a terminal \(stdin and stdout are not both TTYs\); using the line-mode debugger$/m);
  assert.match(stdout, /^break in steps\.js:15$/m);
  assert.match(stdout, /^< result 6$/m);
});
