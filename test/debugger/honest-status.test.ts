/**
 * Honest status (issue 13, item 4): how the target ended is said as such (a
 * crash with its place, an exit code, a syntax error in the entry); a pending
 * breakpoint in a file not loaded yet says so; after `c` on a terminal the
 * prompt takes `pause` and `q`; SIGINT in scripted mode abandons a waiting
 * evaluation without hurting the program.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DebuggerProcess, runScripted } from './helpers/debugger-process.js';
import { startDebugTerminal } from './helpers/debug-terminal.js';

test('a crash, an exit code and a syntax error in the entry are reported as such', async () => {
  const crash = await runScripted(['debug', 'crash.js'], ['c']);
  assert.match(crash.stdout, /^the target crashed: Uncaught Error: boom 42 \(crash\.js:3\)$/m);
  assert.match(crash.stderr, /^balrog: the program exited with code 1$/m);
  const plainCrash = await runScripted(['debug', '--plain-node', 'crash.js'], ['c']);
  assert.match(plainCrash.stdout, /^the target crashed: Uncaught Error: boom 42 \(crash\.js:3\)$/m);
  const exit = await runScripted(['debug', 'exit-code.js'], ['c']);
  assert.match(exit.stdout, /^the target exited with code 3$/m);
  assert.doesNotMatch(exit.stdout, /finished/);
  const syntax = await runScripted(['debug', '--plain-node', 'syntax-error.js'], ['c']);
  assert.match(syntax.stdout, /^the target crashed: Uncaught SyntaxError: Unexpected token ';' \(syntax-error\.js:2\)$/m);
  // balrog run parses the module itself (its TypeScript-aware loader): the message gives line:column.
  const runSyntax = await runScripted(['debug', 'syntax-error.js'], ['c']);
  assert.match(runSyntax.stdout, /^the target crashed: Uncaught SyntaxError: Unexpected token \(2:16\)$/m);
  const finished = await runScripted(['debug', 'steps.js'], ['c']);
  assert.match(finished.stdout, /^the target finished$/m);
});

test('b on a file that is not loaded yet says the breakpoint is pending', async () => {
  const { code, stdout, stderr } = await runScripted(['debug', '--plain-node', 'steps.js'], ['b nosuch.js:3', 'b steps.js:3', 'c']);
  assert.equal(code, 0, stderr);
  assert.match(
    stdout,
    /^Breakpoint 1 at nosuch\.js:3 \(pending\)\n\(nosuch\.js is not loaded yet: the breakpoint is pending and is set when a script whose path ends with nosuch\.js loads\)\nBreakpoint 2 at steps\.js:3\n/m,
  );
});

test('scripted: SIGINT abandons an evaluation that waits, and the program is not hurt', async () => {
  const debuggerProcess = new DebuggerProcess(['debug', 'steps.js']);
  await debuggerProcess.waitFor(/^break in steps\.js:15$/m);
  const mark = debuggerProcess.stdout.length;
  debuggerProcess.send('p await new Promise(() => {})');
  await new Promise((resolve) => setTimeout(resolve, 300));
  debuggerProcess.signal('SIGINT');
  await debuggerProcess.waitFor(/^Uncaught InterruptedError: evaluation abandoned \(Ctrl\+C\)$/m, 5000, mark);
  assert.equal(await debuggerProcess.end('p 1 + 1', 'c'), 0, debuggerProcess.stderr);
  assert.match(debuggerProcess.stdout.slice(mark), /^2$/m);
  assert.match(debuggerProcess.stdout, /^< result 6$/m);
  assert.doesNotMatch(debuggerProcess.stdout + debuggerProcess.stderr, /CDP error/);
});

test('terminal: after `c` the prompt stays usable: `pause` stops the running target, `q` leaves', async () => {
  const { term, plain, expect, exited, close } = startDebugTerminal(['--plain-node', 'waits-forever.js'], {
    ...process.env,
    NO_COLOR: '1',
  });
  try {
    await expect(/break in waits-forever\.js:\d+[\s\S]*debug> $/);
    let mark = plain().length;
    term.write('c\r');
    await expect(/debug> $/, mark);
    mark = plain().length;
    term.write('p 6 * 7\r');
    await expect(/42[\s\S]*debug> $/, mark);
    mark = plain().length;
    term.write('pause\r');
    // Where it stops depends on what runs then (often Node's timer code).
    await expect(/break in \S+:\d+[\r\n]+> \d+ [\s\S]*debug> $/, mark);
    term.write('q\r');
    assert.equal(await exited, 0);
  } finally {
    close();
  }
});

test("waiting in a frame of Node's own code says so clearly", async () => {
  const { code, stdout, stderr } = await runScripted(['debug', 'steps.js'], ['bt', 'frame 1', 'p await 1', 'p 1 + 1', 'c']);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^ {2}#1 \S+ node:internal\//m, "frame 1 is Node's");
  assert.match(
    stdout,
    /^Uncaught InternalFrameError: cannot wait in Node's internal code \(node:internal\/[\w/]+\): select a frame of the program/m,
  );
  assert.match(stdout, /^2$/m, 'synchronous evaluation there still works');
  assert.doesNotMatch(stdout, /Symbol is not defined/);
});
