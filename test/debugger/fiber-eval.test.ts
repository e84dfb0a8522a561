/**
 * Await while paused: a service whose handlers run in fibers stops at a
 * `debugger;` statement in a handler; evaluations that wait return their value
 * while the rest of the process keeps serving requests.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DebuggerProcess } from './helpers/debugger-process.js';
import { assertGolden } from './helpers/golden.js';
import { httpGet, startTarget } from './helpers/target-process.js';

test('await at a breakpoint in a fiber: other requests are served, errors and Ctrl+C come back to the same frame', async () => {
  const target = await startTarget(['--inspect=127.0.0.1:0'], 'fiber-service.js');
  try {
    const debuggerProcess = new DebuggerProcess(['attach', target.url!]);
    const attached = Date.now();
    while (!/Attached to process/.test(debuggerProcess.stderr)) {
      assert.ok(Date.now() - attached < 10_000, debuggerProcess.stderr);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const order = httpGet(target.port, '/order', 15_000);
    await debuggerProcess.waitFor(/^break in fiber-service\.js:12$/m);
    debuggerProcess.send(
      'locals',
      'bt',
      // Resolves only once another request has been served while this frame is paused.
      'p await new Promise((r) => { const t = setInterval(() => { if (served > 1) { clearInterval(t); r(`another request served, served = ${served}`); } }, 5); })',
    );
    assert.equal(await httpGet(target.port, '/fast', 5000), 'served 2');
    await debuggerProcess.waitFor(/^'another request served, served = 2'$/m);
    debuggerProcess.send('p await new Promise((r) => setTimeout(r, 50, note.toUpperCase()))');
    debuggerProcess.send('await Promise.reject(new Error("kitchen closed"))');
    debuggerProcess.send('const extra: string = order.extras[0]; extra');
    debuggerProcess.send('p await new Promise(() => {})');
    const mark = debuggerProcess.stdout.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    debuggerProcess.signal('SIGINT');
    await debuggerProcess.waitFor(/^Uncaught InterruptedError: evaluation abandoned \(Ctrl\+C\)$/m, 5000, mark);
    debuggerProcess.send('p note', 'n');
    await debuggerProcess.waitFor(/^break in fiber-service\.js:13$/m);
    const code = await debuggerProcess.end('.exit');
    assert.equal(code, 0, debuggerProcess.stderr);
    assert.equal(await order, 'order 7: pizza');
    assertGolden('fiber-eval', debuggerProcess.stdout);
  } finally {
    target.child.kill();
  }
});
