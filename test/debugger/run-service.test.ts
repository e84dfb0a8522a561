/**
 * A service under `balrog run`, attached by pid (SIGUSR1 turns its inspector
 * on): await at a breakpoint in a request handler, then leave it running.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { balrogBin, DebuggerProcess, repoRoot } from './helpers/debugger-process.js';
import { assertGolden } from './helpers/golden.js';
import { freePort, httpGet, startTarget } from './helpers/target-process.js';

test('attach by pid to a service under balrog run: await in a handler while other requests are served', async () => {
  const inspectorPort = await freePort();
  // NODE_OPTIONS reaches the program's own node process, which `balrog run` starts.
  const target = await startTarget([balrogBin, 'run'], 'service.js', {
    env: { NODE_OPTIONS: `--inspect-port=127.0.0.1:${inspectorPort}` },
  });
  try {
    // The pid a user sees first is the `balrog run` launcher's; the debugger finds the program behind it.
    const debuggerProcess = new DebuggerProcess(['attach', '--port', String(inspectorPort), String(target.child.pid)]);
    const started = Date.now();
    while (!/Attached to process/.test(debuggerProcess.stderr)) {
      assert.ok(Date.now() - started < 10_000, debuggerProcess.stderr);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.notEqual(target.child.pid, target.pid);
    assert.match(debuggerProcess.stderr, new RegExp(`Attached to process ${target.pid} `));
    const order = httpGet(target.port, '/order', 15_000, { 'x-debug': '1' });
    await debuggerProcess.waitFor(/^break in service\.js:11$/m);
    debuggerProcess.send('locals', 'p await new Promise((r) => setTimeout(r, 100, note.length))');
    // Served by another fiber while the first one is paused.
    assert.equal(await httpGet(target.port, '/health', 5000), 'served 2');
    await debuggerProcess.waitFor(/^14$/m);
    const code = await debuggerProcess.end('bt', '.exit');
    assert.equal(code, 0, debuggerProcess.stderr);
    assert.equal(await order, 'order 7: pizza');
    assertGolden('run-service', debuggerProcess.stdout);
    assert.equal(await httpGet(target.port, '/health', 5000), 'served 3');
  } finally {
    target.child.kill();
  }
});

test('a conditional breakpoint set with `b` in a request handler under balrog run', async () => {
  const target = await startTarget(['--inspect=127.0.0.1:0', '--require', `${repoRoot}dist/src/runtime/register.js`], 'service.js');
  try {
    const debuggerProcess = new DebuggerProcess(['attach', target.url!]);
    debuggerProcess.send('b service.js:12 if order.id === 7');
    await debuggerProcess.waitFor(/^Breakpoint 1 at service\.js:12 if order\.id === 7$/m);
    const order = httpGet(target.port, '/order', 15_000);
    await debuggerProcess.waitFor(/^break in service\.js:12$/m);
    debuggerProcess.send('p await new Promise((r) => setTimeout(r, 20, order.item))');
    await debuggerProcess.waitFor(/^'pizza'$/m);
    assert.equal(await debuggerProcess.end('cb 1', '.exit'), 0, debuggerProcess.stderr);
    assert.equal(await order, 'order 7: pizza');
    assert.equal(await httpGet(target.port, '/health', 5000), 'served 2');
  } finally {
    target.child.kill();
  }
});
