/**
 * The rest of the command set in scripted mode: `exceptions`, watches, the
 * frame REPL, Ctrl+C stopping a running target, `help`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DebuggerProcess, runScripted } from './helpers/debugger-process.js';
import { assertGolden } from './helpers/golden.js';

test('exceptions, watches and the frame REPL', async () => {
  const { code, stdout, stderr } = await runScripted(
    ['debug', '--plain-node', 'exceptions.js'],
    [
      'exceptions sometimes',
      'exceptions all',
      'c',
      'bt',
      'exceptions uncaught',
      'watch n * 2',
      'watch `n is ${n}`',
      'watchers',
      'repl',
      'n * 10',
      'const k: number = 5; k + n',
      'bt',
      '.exit',
      'unwatch 0',
      'unwatch 7',
      'n',
      'help',
      '.exit',
    ],
  );
  assert.equal(code, 0, stderr);
  assertGolden('commands', stdout);
});

test('Ctrl+C stops a running target; leaving lets it finish', async () => {
  const debuggerProcess = new DebuggerProcess(['debug', '--plain-node', 'exceptions.js']);
  debuggerProcess.send('c');
  await debuggerProcess.waitFor(/^break in exceptions\.js:1$/m);
  await new Promise((resolve) => setTimeout(resolve, 150));
  const mark = debuggerProcess.stdout.length;
  debuggerProcess.signal('SIGINT');
  await debuggerProcess.waitFor(/^break in /m, 5000, mark);
  // Paused wherever the target was (often in Node's timer code): evaluation works there too.
  debuggerProcess.send('p 6 * 7');
  await debuggerProcess.waitFor(/^42$/m, 5000, mark);
  // Leaving resumes it; `balrog debug` exits when the program does (its interval ends).
  assert.equal(await debuggerProcess.end('.exit'), 0, debuggerProcess.stderr);
});
