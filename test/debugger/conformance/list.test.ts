/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-list.js: `list(0)`, `list(1)`, `list(10)`
 * around the first line of three-lines.js. Node's last fact (`list()` after
 * the program ended: "Requires execution to be paused") differs on purpose:
 * in scripted mode the debugger leaves when the target has ended (see the
 * differences table in docs/debugger.md); `list` while running says
 * "the target is running" (checked in test/debugger/commands.test.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from './run-inspect.js';

test('node inspect parity: test-debugger-list', async () => {
  const { code, stdout, stderr } = await inspect('three-lines.js', ['list(0)', 'list(1)', 'list(10)', 'c']);
  assert.equal(code, 0, stderr);
  // The first block is the initial pause's own line.
  const [zero, one, ten] = stdout.split(/^(?=> 1 let x = 1;)/m).slice(2);
  assert.equal(zero, '> 1 let x = 1;\n', 'list(0): the current line only');
  assert.match(one!, /^> 1 let x = 1;\n {2}2 x = x \+ 1;\n$/, 'list(1)');
  assert.match(ten!, /^> 1 let x = 1;\n {2}2 x = x \+ 1;\n {2}3 module\.exports = x;\n {2}4/, 'list(10): to the end of the file');
  assert.match(stdout, /^the target finished$/m);
});
