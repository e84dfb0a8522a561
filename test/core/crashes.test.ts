/**
 * Issue 11: plain, documented use of spawn/wait that used to crash the process
 * (a V8 fatal error or a segfault). Each runs in its own process; the stress suite
 * (`npm run stress`) runs the same fixtures many times and under GC stress flags.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { native } from '../../src/core/native.js';
import { runFixture } from './helpers/run-fixture.js';

const options = { nodeArgs: ['--expose-gc'], timeoutMs: 90_000 };

test('major GCs on fiber threads with other fibers parked (Node 20 cppgc stack scan)', async () => {
  const result = await runFixture('crashes/gc-on-fiber-threads.mjs', ['60'], options);
  assert.equal(result.signal, null, result.stderr);
  assert.equal(result.stdout.trim(), 'fetched 240000 items in 1200 fibers');
  assert.equal(result.code, 0);
});

test('AsyncLocalStorage in 300 parked fibers through minor and major GCs', async () => {
  const result = await runFixture('crashes/als-gc.mjs', ['300'], options);
  assert.equal(result.signal, null, result.stderr);
  assert.equal(result.stdout.trim(), 'stores kept 300/300');
  assert.equal(result.code, 0);
});

test('two fibers waiting inside Array.prototype.join, and cycle detection still works', async () => {
  const result = await runFixture('crashes/join-interleaved.mjs', [], options);
  assert.equal(result.signal, null, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), ['a', 'b', ['1-2-', '1,2,3,4']]);
});

test('vm timeouts: wait() inside a timed script is refused, a busy one times out as in Node', async () => {
  const result = await runFixture('crashes/vm-timeout.mjs', [], options);
  assert.equal(result.signal, null, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), {
    codes: ['ERR_BALROG_WAIT_IN_TIMED_VM', 'ERR_SCRIPT_EXECUTION_TIMEOUT', 'waited'],
    ticking: true,
  });
  assert.equal(result.code, 0);
});

test('worker.terminate() stops a fiber in a busy loop uncatchably, and process.exit() then exits', async () => {
  const result = await runFixture('crashes/worker-terminate.mjs', [], options);
  assert.equal(result.signal, null, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { code: 1, messages: ['started'] });
  assert.equal(result.code, 0);
});

test('worker.terminate() and process.exit() stop a worker whose termination arrives in a hand-off', async () => {
  assert.equal(native.stats().watchesHostStop, true, 'the host-stop probe is set up (native/src/host_stop.h)');
  const result = await runFixture('crashes/worker-terminate-in-handoff.mjs', ['30'], options);
  assert.equal(result.signal, null, result.stderr);
  assert.equal(result.stdout.trim(), 'terminate() settled in 30 of 30 runs');
  assert.equal(result.code, 0);
});

test('WebAssembly, fetch and forced GCs inside fibers', async () => {
  const result = await runFixture('crashes/wasm-gc.mjs', ['20'], options);
  assert.equal(result.signal, null, result.stderr);
  assert.equal(result.stdout.trim(), 'sum 8400');
});

test('a thenable that resolves then rejects settles once, its then read once, as with await; Error.prepareStackTrace keeps working in other fibers; RegExp statics stay per fiber', async () => {
  const result = await runFixture('crashes/small-state.mjs', [], options);
  assert.equal(result.signal, null, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), {
    thenable: 'first',
    thenReads: 1,
    awaitReads: 1,
    slowFormat: 'ERR_BALROG_WAIT_IN_STACK_FORMAT',
    fastFormat: 'custom: fast',
    laterFormat: 'custom: later',
    fiberFormat: 'custom: inside',
    regexp: [
      ['b', 'w', 'big w', 'hello big world', 'w', 'hello ', 'orld'],
      ['b', 'w', 'big w', 'hello big world', 'w', 'hello ', 'orld'],
    ],
    otherRegexp: 'z',
    sharedRegexp: [
      ['shared', '', 'shared in', 'shared input', 'in', '', 'put'],
      ['shared', '', 'shared in', 'shared input', 'in', '', 'put'],
    ],
  });
});
