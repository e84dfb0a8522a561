/**
 * The debugger against plain `node --inspect` processes (no fibers): stepping,
 * breakpoints, frames, evaluation; await fails with the clear message.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { DebuggerProcess, fixturesDir, runScripted } from './helpers/debugger-process.js';
import { assertGolden } from './helpers/golden.js';
import { httpGet } from './helpers/target-process.js';

test('debug --plain-node: breakpoints, conditions, stepping, frames, locals, list, evaluation', async () => {
  const { code, stdout, stderr } = await runScripted(
    ['debug', '--plain-node', 'steps.js'],
    [
      'b steps.js:4 if sum > 2',
      'b total',
      'breakpoints',
      'c',
      // No `locals` here: a `let` before its declaration shows differently across V8 versions.
      'n',
      'p acc + 100',
      'c',
      'bt',
      'locals',
      'up',
      'locals',
      'p i * 2',
      'down',
      'list 2',
      'sum + 1',
      'p (() => { throw new TypeError("bad " + sum) })()',
      'p await Promise.resolve(1)',
      'p Promise.resolve(2)',
      'frame 9',
      'nosuchname',
      'cb 2',
      'cb 1',
      'watch sum * 2',
      'o',
      's',
      'breakpoints',
      'c',
    ],
  );
  assert.equal(code, 0, stderr);
  assertGolden('plain-steps', stdout);
  assert.match(stdout, /^< result 6$/m);
});

test('attach to a plain node --inspect service: pause, evaluate, leave it running', async () => {
  const target = spawn(process.execPath, ['--inspect=127.0.0.1:0', 'ticker.cjs'], { cwd: fixturesDir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const lines = createInterface({ input: target.stderr! });
    const url = await new Promise<string>((resolve) =>
      lines.on('line', (line) => {
        const match = /Debugger listening on (ws:\/\/\S+)/.exec(line);
        if (match) resolve(match[1]!);
      }),
    );
    const port = Number(
      (await new Promise<string>((resolve) => createInterface({ input: target.stdout! }).once('line', resolve))).split(' ')[1],
    );
    const inspectorPort = new URL(url).port;
    const debuggerProcess = new DebuggerProcess(['attach', `127.0.0.1:${inspectorPort}`]);
    // The ticker hits the breakpoint by itself within 5 ms; the rest waits for that pause (a `c`
    // sent along with the `b` would resume it if the pause came first, and stop at the next tick).
    debuggerProcess.send('b ticker.cjs:6');
    await debuggerProcess.waitFor(/^break in ticker\.cjs:6$/m);
    debuggerProcess.send('p ticks > 0', 'p await new Promise((r) => setTimeout(r, 10))', 'bt', 'p 6 * 7');
    await debuggerProcess.waitFor(/^42$/m);
    // Paused on the main thread: the service cannot answer until we leave.
    assert.equal(await httpGet(port, '/', 300), undefined);
    const code = await debuggerProcess.end('.exit');
    assert.equal(code, 0, debuggerProcess.stderr);
    assertGolden('plain-attach', debuggerProcess.stdout);
    // Left running, breakpoints removed: it answers and keeps counting.
    const first = await httpGet(port, '/', 5000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await httpGet(port, '/', 5000);
    assert.match(first ?? '', /^ticks \d+/);
    assert.ok(Number(second!.split(' ')[1]) > Number(first!.split(' ')[1]), `${first} then ${second}`);
  } finally {
    target.kill();
  }
});

test('the target exiting while paused or mid-evaluation is reported, and the debugger exits cleanly', async () => {
  const during = await runScripted(['debug', '--plain-node', 'steps.js'], ['b steps.js:3', 'c', 'p process.exit(3)', 'bt']);
  assert.equal(during.code, 0, during.stderr);
  assert.match(during.stdout, /^the target exited during the evaluation$/m);

  const debuggerProcess = new DebuggerProcess(['debug', '--plain-node', 'steps.js']);
  debuggerProcess.send('b steps.js:3', 'c', 'p process.pid');
  const pid = Number((await debuggerProcess.waitFor(/^(\d+)$/m))[1]);
  process.kill(pid, 'SIGKILL');
  const code = await debuggerProcess.end('bt', 'c');
  assert.equal(code, 0, debuggerProcess.stderr);
  assert.match(debuggerProcess.stdout, /^the target exited$/m);
});
