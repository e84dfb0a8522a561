/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-pid.js: attach to a running alive.js by pid
 * (`node inspect -p <pid>`, here `balrog attach <pid>`), `sb("alive.js", 3)`,
 * and the next break marks line 3. Differences: the target is started with
 * --inspect-port=<a free port> so that SIGUSR1 does not open 9229, which
 * another process on a shared machine may hold (attach finds the port on the
 * command line); scripted mode needs `c` to wait for the break. The attach
 * starts right after the spawn: balrog waits for the target's SIGUSR1 handler.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { runScripted } from '../helpers/debugger-process.js';
import { freePort } from '../helpers/target-process.js';
import { conformanceFixtures } from './run-inspect.js';

test('node inspect parity: test-debugger-pid', async () => {
  const port = await freePort();
  const target = spawn(process.execPath, [`--inspect-port=127.0.0.1:${port}`, 'alive.js'], { cwd: conformanceFixtures, stdio: 'ignore' });
  try {
    // At once: balrog attach waits for a starting target's SIGUSR1 handler before it signals.
    const { code, stdout, stderr } = await runScripted(['attach', String(target.pid)], ['sb("alive.js", 3)', 'c', '.exit'], {
      cwd: conformanceFixtures,
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^break in alive\.js:3\n> 3 {3}\+\+x;$/m, 'marks the 3rd line');
  } finally {
    target.kill();
  }
});
