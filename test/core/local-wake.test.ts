/**
 * A hand-off wakes a parked thread on its waker's CPU (native/src/local_wake.h),
 * and the woken thread gives itself the process's CPU mask back before anything
 * else runs there: JavaScript in a fiber, the event loop's thread after a fiber
 * answered, and the child processes either starts see the whole mask. Checked in
 * child processes, under `taskset` as a user pins a service, and with the
 * BALROG_LOCAL_WAKES=0 switch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { native } from '../../src/core/native.js';
import { runProbe } from './helpers/run-probe.js';

const coreModule = new URL('../../src/core/index.js', import.meta.url).href;
const nativeModule = new URL('../../src/core/native.js', import.meta.url).href;

// Fibers that wait on timers (long enough for their threads to park, so each resume
// and each answer wakes a parked thread), reading the CPU mask of the thread they run
// on and of a child process after every wait; the event loop's thread reads its own
// after each fiber's answer.
const probe = `
const { readFileSync } = await import('node:fs');
const { execFileSync } = await import('node:child_process');
const { spawn, wait } = await import(${JSON.stringify(coreModule)});
const { native } = await import(${JSON.stringify(nativeModule)});
const mask = () => /Cpus_allowed_list:\\s*(\\S+)/.exec(readFileSync('/proc/thread-self/status', 'utf8'))[1];
const childMask = () => /Cpus_allowed_list:\\s*(\\S+)/.exec(execFileSync('cat', ['/proc/self/status'], { encoding: 'utf8' }))[1];
const seen = { process: mask(), fiberThreads: new Set(), mainThread: new Set(), children: new Set() };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const before = native.stats().localWakes;
for (let round = 0; round < 4; round++) {
  await Promise.all(Array.from({ length: 5 }, () => spawn(() => {
    for (let i = 0; i < 5; i++) {
      wait(sleep(3));
      seen.fiberThreads.add(mask());
    }
    seen.children.add(childMask());
  })));
  seen.mainThread.add(mask());
}
const { localWakes, wakesStayLocal, usableCpus } = native.stats();
console.log(JSON.stringify({
  process: seen.process,
  fiberThreads: [...seen.fiberThreads],
  mainThread: [...seen.mainThread],
  children: [...seen.children],
  localWakes: localWakes - before,
  wakesStayLocal,
  usableCpus,
}));
`;

interface Seen {
  process: string;
  fiberThreads: string[];
  mainThread: string[];
  children: string[];
  localWakes: number;
  wakesStayLocal: boolean;
  usableCpus: number;
}

const run = (options?: { cpus?: string; env?: Record<string, string> }): Seen => runProbe<Seen>(probe, options);

// Read here, in a process that runs no fiber, so no pin can have narrowed it.
const usableCpus = native.stats().usableCpus;

test('woken on the waker CPU, a thread runs JavaScript and starts children with the whole mask of the process', (t) => {
  if (usableCpus < 2) {
    // The test's point (a pin given back) needs two CPUs to pin away from.
    t.skip(`this machine lets the process use ${usableCpus} CPU: hand-offs never pin`); // reason: nothing to pin away from
    return;
  }
  const seen = run();
  assert.equal(seen.usableCpus, usableCpus);
  assert.equal(seen.wakesStayLocal, true);
  // 100 timer waits, each resumed from the event loop and answered back: most of those wake a parked thread.
  assert.ok(seen.localWakes >= 50, `local wakes: ${seen.localWakes}`);
  assert.deepEqual(seen.fiberThreads, [seen.process]);
  assert.deepEqual(seen.mainThread, [seen.process]);
  assert.deepEqual(seen.children, [seen.process]);
});

test('a process on one CPU, or started with BALROG_LOCAL_WAKES=0, never pins a woken thread', () => {
  for (const seen of [run({ cpus: '0' }), run({ env: { BALROG_LOCAL_WAKES: '0' } })]) {
    assert.equal(seen.wakesStayLocal, false);
    assert.equal(seen.localWakes, 0);
    assert.deepEqual(seen.fiberThreads, [seen.process]);
    assert.deepEqual(seen.children, [seen.process]);
  }
});
