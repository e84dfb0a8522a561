/**
 * The debugger never harms its target (issue 13, item 1): implicit await is
 * exactly as safe as `await`; outside a fiber no thenable's `then` runs; a
 * debugger killed with SIGKILL leaves its target running (`attach`) or ended
 * (`debug`), never paused; `attach <pid>` reaches that pid's inspector or
 * fails clearly, and never signals a process that is not Node.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { processState } from '../../src/debugger/connect/process-inspector.js';
import { DebuggerProcess, runScripted } from './helpers/debugger-process.js';
import { freePort, httpGet, startTarget } from './helpers/target-process.js';

/** Resolves once `pid` is gone; rejects after `timeoutMs`. */
async function gone(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (processState(pid) !== 'dead') {
    if (Date.now() > deadline) throw new Error(`process ${pid} is still running`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function attached(debuggerProcess: DebuggerProcess): Promise<void> {
  const started = Date.now();
  while (!/Attached to process/.test(debuggerProcess.stderr)) {
    assert.ok(Date.now() - started < 10_000, debuggerProcess.stderr);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('debug: a promise result at the top level is awaited as `await` would, and the program ends normally', async () => {
  const { code, stdout, stderr } = await runScripted(
    ['debug', 'steps.js'],
    ['p Promise.resolve(5)', 'p await Promise.resolve(6)', 'p 1 + 1', 'c'],
  );
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^5\n6\n2$/m);
  assert.match(stdout, /^< result 6$/m);
  assert.match(stdout, /^the target finished$/m);
  assert.doesNotMatch(stdout + stderr, /Fatal error|killed by|during the evaluation/);
});

test('outside a fiber a thenable result is shown, its then() is never called; in a fiber it is awaited', async () => {
  const plain = await runScripted(['debug', '--plain-node', 'thenable.js'], ['c', 'p query', 'p await query', 'p Promise.resolve(2)', 'c']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /^\{ then: \[Function: then\] \}$/m);
  assert.match(plain.stdout, /^Uncaught NotInFiberError: cannot wait here/m);
  assert.match(plain.stdout, /^Promise \{ 2 \}$/m);
  assert.match(plain.stdout, /^< done object$/m);
  assert.doesNotMatch(plain.stdout, /query ran/);
  const fiber = await runScripted(['debug', 'thenable.js'], ['c', 'p query', 'c']);
  assert.equal(fiber.code, 0, fiber.stderr);
  assert.match(fiber.stdout, /^'rows'$/m);
  assert.match(fiber.stdout, /^< query ran$/m);
});

test('in a handler: implicit await returns, Ctrl+C abandons it, and a debugger killed while it waits leaves the service running', async () => {
  const target = await startTarget(['--inspect=127.0.0.1:0'], 'fiber-service.js');
  try {
    const first = new DebuggerProcess(['attach', target.url!]);
    await attached(first);
    const order = httpGet(target.port, '/order', 20_000);
    await first.waitFor(/^break in fiber-service\.js:12$/m);
    first.send('p new Promise((r) => setTimeout(r, 50, note.toUpperCase()))');
    await first.waitFor(/^'ORDER 7: PIZZA'$/m);
    let mark = first.stdout.length;
    first.send('p new Promise(() => {})');
    await new Promise((resolve) => setTimeout(resolve, 300));
    first.signal('SIGINT');
    await first.waitFor(/^Uncaught InterruptedError: evaluation abandoned \(Ctrl\+C\)$/m, 5000, mark);
    mark = first.stdout.length;
    first.send('p note', 'p new Promise(() => {})');
    await first.waitFor(/^'order 7: pizza'$/m, 5000, mark);
    first.kill();
    await first.exited;
    // The watchdog in the target abandons the evaluation; with no session left the handler goes on.
    assert.equal(await order, 'order 7: pizza');
    assert.equal(await httpGet(target.port, '/fast', 5000), 'served 2');
    // Nothing holds the inspector: another debugger attaches and leaves.
    const second = new DebuggerProcess(['attach', target.url!]);
    await attached(second);
    assert.equal(await second.end('p typeof process.pid', '.exit'), 0, second.stderr);
    assert.match(second.stdout, /^'number'$/m);
  } finally {
    target.child.kill();
  }
});

test('debug: a debugger killed with SIGKILL ends the program it started (and its balrog run launcher)', async () => {
  const debuggerProcess = new DebuggerProcess(['debug', 'waits-forever.js']);
  debuggerProcess.send('p `pids ${process.pid} ${process.ppid}`');
  const [, program, launcher] = (await debuggerProcess.waitFor(/^'pids (\d+) (\d+)'$/m)).map(Number);
  assert.equal(processState(program!), 'alive');
  debuggerProcess.kill();
  await debuggerProcess.exited;
  await gone(program!, 10_000);
  await gone(launcher!, 10_000);
});

test('debug --plain-node: a debugger killed with SIGKILL ends the program it started, wherever it was paused', async () => {
  // What each case sends after the pid is known, and the output that says it is there.
  const cases: Array<[string, string[], string[], RegExp]> = [
    ['at its first line', [], [], /^break in ticks-forever\.js:1$/m],
    ['at a breakpoint in a timer callback', ['b ticks-forever.js:4', 'c'], [], /^break in ticks-forever\.js:4$/m],
    ['running', ['b ticks-forever.js:4', 'c', 'cb 1'], ['c'], /^< ticked 10 times$/m],
  ];
  for (const [where, before, after, there] of cases) {
    const debuggerProcess = new DebuggerProcess(['debug', '--plain-node', 'ticks-forever.js']);
    debuggerProcess.send(...before, 'p `pid ${process.pid}`', ...after);
    const program = Number((await debuggerProcess.waitFor(/^'pid (\d+)'$/m))[1]);
    await debuggerProcess.waitFor(there);
    assert.equal(processState(program), 'alive', where);
    debuggerProcess.kill();
    await debuggerProcess.exited;
    await gone(program, 10_000).catch((error: Error) => assert.fail(`${where}: ${error.message}`));
  }
});

test('attach <pid>: a dead pid, a pid that is not Node, and a pid whose port another process holds are refused clearly', async () => {
  const short = spawn(process.execPath, ['-e', '0']);
  const deadPid = short.pid!;
  await new Promise((resolve) => short.once('exit', resolve));
  const dead = await runScripted(['attach', String(deadPid)], []);
  assert.notEqual(dead.code, 0);
  assert.match(dead.stderr, new RegExp(`no process has pid ${deadPid} \\(it is not running\\)`));

  // SIGUSR1 would end `sleep` (its default action): it must still be alive afterwards.
  const sleeper = spawn('sleep', ['30']);
  try {
    const notNode = await runScripted(['attach', String(sleeper.pid)], []);
    assert.notEqual(notNode.code, 0);
    assert.match(notNode.stderr, new RegExp(`process ${sleeper.pid} \\(\\S*sleep\\) is not a Node process: .* did not signal it`));
    assert.equal(processState(sleeper.pid!), 'alive');
  } finally {
    sleeper.kill();
  }

  const port = await freePort();
  const holder = await startTarget([`--inspect=127.0.0.1:${port}`], 'ticker.cjs');
  const other = await startTarget([], 'ticker.cjs');
  try {
    const wrong = await runScripted(['attach', '--port', String(port), String(other.pid)], []);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, new RegExp(`belongs to process ${holder.pid}, not ${other.pid}`));
  } finally {
    holder.child.kill();
    other.child.kill();
  }
});

test('attach <pid> finds the inspector port on its command line, and no other', async () => {
  const port = await freePort();
  const target = await startTarget([`--inspect-port=127.0.0.1:${port}`], 'ticker.cjs');
  try {
    const { code, stdout, stderr } = await runScripted(['attach', String(target.pid)], ['p typeof process.pid', '.exit']);
    assert.equal(code, 0, stderr);
    assert.match(stderr, new RegExp(`^Attached to process ${target.pid} \\(ws://127\\.0\\.0\\.1:${port}/`, 'm'));
    assert.match(stdout, /^'number'$/m);
    assert.match((await httpGet(target.port, '/', 5000)) ?? '', /^ticks \d+$/);
  } finally {
    target.child.kill();
  }
});
