/**
 * Hand-off waits spin before they park only when the process may run on two
 * or more CPUs at once: with one, the thread waited for cannot run while its
 * waiter spins (native/src/cpu_budget.h). Checked in child processes started
 * under `taskset`, as a user pins a service.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { runProbe } from './helpers/run-probe.js';

const coreModule = new URL('../../src/core/index.js', import.meta.url).href;
const nativeModule = new URL('../../src/core/native.js', import.meta.url).href;

// Runs 2,000 fiber round trips and a wait() in a child, then prints its stats.
const probe = `
const { Fiber, spawn, wait } = await import(${JSON.stringify(coreModule)});
const { native } = await import(${JSON.stringify(nativeModule)});
const fiber = new Fiber(() => { for (;;) Fiber.yield(); });
for (let i = 0; i < 2000; i++) fiber.run();
const value = await spawn(() => wait(new Promise((resolve) => setTimeout(resolve, 5, 'waited'))));
const { usableCpus, spinning, switches } = native.stats();
console.log(JSON.stringify({ usableCpus, spinning, switches, value }));
`;

function run(cpus?: string): { usableCpus: number; spinning: boolean; switches: number; value: string } {
  return runProbe(probe, { cpus });
}

test('a process pinned to one CPU never spins, and its fibers switch and wait as usual', () => {
  const pinned = run('0');
  assert.equal(pinned.usableCpus, 1);
  assert.equal(pinned.spinning, false);
  assert.ok(pinned.switches >= 2001, `switches: ${pinned.switches}`);
  assert.equal(pinned.value, 'waited');
});

test('an unpinned process may use up to every CPU of its affinity mask, and spins when that is two or more', () => {
  const free = run();
  // A cgroup CPU quota (cpu.max) may lower the count below the mask, never raise it.
  assert.ok(free.usableCpus >= 1 && free.usableCpus <= availableParallelism(), `usableCpus: ${free.usableCpus}`);
  assert.equal(free.spinning, free.usableCpus >= 2);
  assert.equal(free.value, 'waited');
});
