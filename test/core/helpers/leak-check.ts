/**
 * After every test of the file that calls it: the fibers and busy pool threads
 * are back to what they were before the first test (as greenlet's test metaclass
 * checks its greenlets and threads). A test that leaves a fiber suspended, or a
 * thread that never returned to the pool, fails by name.
 */
import { afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { Fiber } from '../../../src/core/index.js';
import { native } from '../../../src/core/native.js';

function counts(): { fibers: number; busyThreads: number } {
  const { fibers, threads, idleThreads } = native.stats();
  return { fibers, busyThreads: threads - idleThreads };
}

export function checkLeaks(): void {
  let baseline: ReturnType<typeof counts>;
  before(() => {
    new Fiber(() => undefined).run(); // the core's one lasting fiber (the join-stack holder) exists from here on
    baseline = counts();
  });
  afterEach(async () => {
    // Fibers resumed by the test's last settlements finish on the next turns.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(counts(), baseline, 'the test left fibers suspended or pool threads busy');
  });
}
