/**
 * `exceptions uncaught` in fiber programs (issue 13, item 2): the pause is at
 * the throw, in the user's frame, in the entry's top level and in request
 * handlers under `balrog run`; an exception the user's code catches does not
 * stop. (balrog's fiber entry catches everything, so V8 alone would call
 * every exception caught: the session decides, see engine/uncaught-filter.ts.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DebuggerProcess, repoRoot, runScripted } from './helpers/debugger-process.js';
import { httpGet, startTarget } from './helpers/target-process.js';

test('exceptions uncaught under balrog run: the entry stops at its throw, not at the caught one', async () => {
  const { stdout } = await runScripted(['debug', 'throws-in-fiber.js'], ['exceptions uncaught', 'c', 'bt', 'c']);
  assert.match(stdout, /^Pause on exceptions: uncaught\nbreak in throws-in-fiber\.js:13\nException: RangeError: not ok: SyntaxError\n/m);
  assert.match(stdout, /^> #0 check throws-in-fiber\.js:13:\d+\n {2}#1 \(anonymous\) throws-in-fiber\.js:15:\d+$/m);
  assert.doesNotMatch(stdout, /^break in throws-in-fiber\.js:4$/m, 'the JSON.parse error is caught by the user');
  assert.equal(stdout.match(/^break in /gm)?.length, 2, 'one pause at the start, one for the uncaught error');
  assert.match(stdout, /^the target crashed: Uncaught RangeError: not ok: SyntaxError \(throws-in-fiber\.js:13\)$/m);
});

test('exceptions uncaught in request handlers under balrog run: caught ones pass, an uncaught one stops at its throw', async () => {
  const target = await startTarget(
    ['--inspect=127.0.0.1:0', '--require', `${repoRoot}dist/src/runtime/register.js`],
    'throwing-service.js',
  );
  try {
    const debuggerProcess = new DebuggerProcess(['attach', target.url!]);
    debuggerProcess.send('exceptions uncaught');
    await debuggerProcess.waitFor(/^Pause on exceptions: uncaught$/m);
    assert.equal(await httpGet(target.port, '/caught', 5000), 'caught no order 2');
    assert.equal(await httpGet(target.port, '/', 5000), 'order pizza');
    const boom = httpGet(target.port, '/boom', 15_000);
    await debuggerProcess.waitFor(/^break in throwing-service\.js:5\nException: Error: no order 3$/m);
    debuggerProcess.send('bt', 'p id');
    await debuggerProcess.waitFor(/^3$/m);
    assert.match(debuggerProcess.stdout, /^> #0 lookup throwing-service\.js:5:\d+\n {2}#1 \(anonymous\) throwing-service\.js:18:\d+$/m);
    assert.equal(await debuggerProcess.end('exceptions none', '.exit'), 0, debuggerProcess.stderr);
    await boom;
    assert.equal(debuggerProcess.stdout.match(/^break in /gm)?.length, 1, 'only the uncaught error stopped');
  } finally {
    target.child.kill();
  }
});
