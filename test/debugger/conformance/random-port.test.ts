/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-random-port-with-inspect-port.js: a random
 * inspector port (node inspect's `--inspect-port=0`, balrog's `--port=0`,
 * which is also its default), and the session stops at the start.
 * Difference: the inspector's banner is not forwarded as program output, so
 * the port is read from the target.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScripted } from '../helpers/debugger-process.js';
import { conformanceFixtures } from './run-inspect.js';

test('node inspect parity: test-debugger-random-port-with-inspect-port', async () => {
  const { code, stdout, stderr } = await runScripted(
    ['debug', '--plain-node', '--port=0', 'three-lines.js'],
    ['p process.debugPort', '.exit'],
    { cwd: conformanceFixtures },
  );
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^break in three-lines\.js:1$/m);
  const port = Number(/^(\d+)$/m.exec(stdout)?.[1]);
  assert.ok(port > 0 && port !== 9229, `a random port, not the default 9229: ${port}`);
});
