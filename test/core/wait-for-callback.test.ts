/**
 * `waitForCallback()`: a fiber waits for a callback (a timer, an event) and
 * resumes in the turn's run queue. Fibers woken by different callbacks of one
 * turn resume one after another, the isolate passed fiber to fiber, with the
 * nextTick queue and microtasks run between them as Node runs them between
 * those callbacks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { NotInFiberError, spawn, waitForCallback } from '../../src/core/index.js';
import { native } from '../../src/core/native.js';
import { checkLeaks } from './helpers/leak-check.js';

checkLeaks();

test('returns the value the callback was called with; later calls are ignored', async () => {
  const emitter = new EventEmitter();
  const done = spawn(() => waitForCallback<string>((wake) => emitter.on('data', wake)));
  emitter.emit('data', 'first');
  emitter.emit('data', 'second');
  assert.equal(await done, 'first');
});

test('a callback called inside register returns at once, without a switch', async () => {
  const result = await spawn(() => {
    const before = native.stats().switches;
    const value = waitForCallback<number>((wake) => wake(42));
    return { value, switches: native.stats().switches - before };
  });
  assert.deepEqual(result, { value: 42, switches: 0 });
});

test('outside a fiber it throws NotInFiberError and does not call register', () => {
  let called = false;
  assert.throws(
    () =>
      waitForCallback(() => {
        called = true;
      }),
    NotInFiberError,
  );
  assert.equal(called, false);
});

test('fibers woken by timers due together resume fiber to fiber: one resume, the rest passes', async () => {
  const fibers = 30;
  const before = native.stats();
  const done = Array.from({ length: fibers }, (_, i) =>
    spawn(() => {
      waitForCallback<void>((wake) => setTimeout(wake, 5));
      return i;
    }),
  );
  const started = native.stats();
  assert.deepEqual(
    await Promise.all(done),
    Array.from({ length: fibers }, (_, i) => i),
  );
  const after = native.stats();
  assert.equal(started.switches - before.switches, fibers, 'each spawn() started its fiber at once');
  // Timers due in one turn: usually all 30 in one batch; a slow machine may split them over turns.
  const resumes = after.switches - started.switches;
  assert.ok(resumes >= 1 && resumes < fibers / 2, `resumes: ${resumes}`);
  assert.equal(after.passes - started.passes + resumes, fibers);
});

test('between fibers woken by different timers, nextTick callbacks and microtasks run as between the timer callbacks', async () => {
  const run = async (mode: 'fibers' | 'plain'): Promise<string[]> => {
    const log: string[] = [];
    const after = (name: string): void => {
      log.push(`${name} goes on`);
      process.nextTick(() => log.push(`${name} tick`));
      Promise.resolve().then(() => log.push(`${name} microtask`));
    };
    const done = ['a', 'b', 'c'].map((name) =>
      mode === 'fibers'
        ? spawn(() => {
            waitForCallback<void>((wake) => setTimeout(wake, 5));
            after(name);
          })
        : new Promise<void>((resolve) =>
            setTimeout(() => {
              after(name);
              resolve();
            }, 5),
          ),
    );
    await Promise.all(done);
    return log;
  };
  const expected = await run('plain');
  assert.equal(expected.length, 9);
  assert.deepEqual(await run('fibers'), expected);
});
