/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-custom-port.js: `--port=<port>` starts the
 * program's inspector on that port, and the session stops at the start.
 * Difference: the inspector's banner is not forwarded as program output, so
 * the port is read from the target (`process.debugPort`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScripted } from '../helpers/debugger-process.js';
import { freePort } from '../helpers/target-process.js';
import { conformanceFixtures } from './run-inspect.js';

test('node inspect parity: test-debugger-custom-port', async () => {
  const port = await freePort();
  const { code, stdout, stderr } = await runScripted(
    ['debug', '--plain-node', `--port=${port}`, 'three-lines.js'],
    ['p process.debugPort', '.exit'],
    { cwd: conformanceFixtures },
  );
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^break in three-lines\.js:1$/m);
  assert.match(stdout, new RegExp(`^${port}$`, 'm'), 'the inspector listens on the port given');
});
