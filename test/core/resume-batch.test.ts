/**
 * Fibers waiting on one promise are resumed one after another, the isolate passed
 * from fiber to fiber (n waiters: one resume from the event loop's thread and
 * n-1 passes). What code can observe must stay what `await` gives: the order of
 * the continuations, the microtasks between them, async context, errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncLocalStorage, executionAsyncId } from 'node:async_hooks';
import { Fiber, spawn, wait } from '../../src/core/index.js';
import { native } from '../../src/core/native.js';
import { checkLeaks } from './helpers/leak-check.js';

checkLeaks();

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test('n fibers waiting on one promise cost one resume and n-1 passes, and resume in the order they waited', async () => {
  const gate = deferred<number>();
  const order: number[] = [];
  const done = Array.from({ length: 50 }, (_, i) =>
    spawn(() => {
      const value = wait(gate.promise);
      order.push(i);
      return value + i;
    }),
  );
  const before = native.stats();
  gate.resolve(100);
  const results = await Promise.all(done);
  const after = native.stats();
  assert.deepEqual(
    results,
    Array.from({ length: 50 }, (_, i) => 100 + i),
  );
  assert.deepEqual(
    order,
    Array.from({ length: 50 }, (_, i) => i),
  );
  assert.equal(after.switches - before.switches, 1);
  assert.equal(after.passes - before.passes, 49);
});

test('continuations and the microtasks they queue interleave exactly as with await', async () => {
  const run = async (mode: 'fibers' | 'await'): Promise<string[]> => {
    const log: string[] = [];
    const gate = deferred();
    const waiter = (name: string) => {
      log.push(`${name} waits`);
      if (mode === 'fibers') {
        return spawn(() => {
          wait(gate.promise);
          log.push(`${name} resumed`);
          queueMicrotask(() => log.push(`${name}'s microtask`));
          process.nextTick(() => log.push(`${name}'s tick`));
        });
      }
      return (async () => {
        await gate.promise;
        log.push(`${name} resumed`);
        queueMicrotask(() => log.push(`${name}'s microtask`));
        process.nextTick(() => log.push(`${name}'s tick`));
      })();
    };
    const all = [waiter('a'), waiter('b'), waiter('c')];
    gate.resolve();
    await Promise.all(all);
    await new Promise((resolve) => setImmediate(resolve));
    return log;
  };
  assert.deepEqual(await run('fibers'), await run('await'));
});

test('a waiter that waits again passes on at that wait too, and every fiber gets its own second result', async () => {
  const first = deferred();
  const seconds = [deferred<string>(), deferred<string>(), deferred<string>()];
  const done = seconds.map((second, i) =>
    spawn(() => {
      wait(first.promise);
      return `${i}:${wait(second.promise)}`;
    }),
  );
  const before = native.stats();
  first.resolve();
  await new Promise((resolve) => setImmediate(resolve));
  const afterFirst = native.stats();
  assert.equal(afterFirst.switches - before.switches, 1);
  assert.equal(afterFirst.passes - before.passes, 2);
  seconds[2]!.resolve('c');
  seconds[0]!.resolve('a');
  seconds[1]!.resolve('b');
  assert.deepEqual(await Promise.all(done), ['0:a', '1:b', '2:c']);
});

test('an error thrown after the wait rejects that fiber only; the waiters after it still run', async () => {
  const gate = deferred();
  const done = [0, 1, 2].map((i) =>
    spawn(() => {
      wait(gate.promise);
      if (i === 1) throw new Error('second waiter failed');
      return i;
    }),
  );
  gate.resolve();
  const results = await Promise.allSettled(done);
  assert.equal(results[0]!.status, 'fulfilled');
  assert.equal(results[1]!.status, 'rejected');
  assert.match(String((results[1] as PromiseRejectedResult).reason), /second waiter failed/);
  assert.deepEqual(results[2], { status: 'fulfilled', value: 2 });
});

test('a rejection reaches every waiter as its own throw', async () => {
  const gate = deferred();
  const failure = new Error('shared failure');
  const done = [0, 1, 2].map(() =>
    spawn(() => {
      try {
        wait(gate.promise);
        return 'no throw';
      } catch (error) {
        return error;
      }
    }),
  );
  gate.reject(failure);
  assert.deepEqual(await Promise.all(done), [failure, failure, failure]);
});

test('each waiter keeps its AsyncLocalStorage store and its async id across the pass', async () => {
  const als = new AsyncLocalStorage<string>();
  const gate = deferred();
  const done = ['a', 'b', 'c', 'd'].map((name) =>
    als.run(name, () =>
      spawn(() => {
        const id = executionAsyncId();
        wait(gate.promise);
        return { store: als.getStore(), sameId: executionAsyncId() === id };
      }),
    ),
  );
  gate.resolve();
  assert.deepEqual(await Promise.all(done), [
    { store: 'a', sameId: true },
    { store: 'b', sameId: true },
    { store: 'c', sameId: true },
    { store: 'd', sameId: true },
  ]);
  assert.equal(als.getStore(), undefined);
});

test('Fiber.current is the fiber that runs, before and after each pass', async () => {
  const gate = deferred();
  const seen: boolean[] = [];
  const fibers: Fiber[] = [];
  const done = [0, 1, 2].map((i) =>
    spawn(() => {
      fibers[i] = Fiber.current!;
      wait(gate.promise);
      seen.push(Fiber.current === fibers[i] && fibers[i]!.running);
    }),
  );
  gate.resolve();
  await Promise.all(done);
  assert.deepEqual(seen, [true, true, true]);
  assert.equal(Fiber.current, undefined);
  assert.ok(fibers.every((fiber) => fiber.finished && !fiber.running));
});

test('a waiter that resumes a fiber of its own does not let that fiber pass: the nested fiber answers the waiter', async () => {
  const gate = deferred();
  const log: string[] = [];
  const done = [0, 1].map((i) =>
    spawn(() => {
      wait(gate.promise);
      const inner = new Fiber(() => {
        Fiber.yield('inner yielded');
        return 'inner done';
      });
      log.push(`${i}: ${String(inner.run())}`);
      log.push(`${i}: ${String(inner.run())}`);
    }),
  );
  gate.resolve();
  await Promise.all(done);
  assert.deepEqual(log, ['0: inner yielded', '0: inner done', '1: inner yielded', '1: inner done']);
});

test('a waiter stopped with throwInto before the promise settles is not resumed twice', async () => {
  const gate = deferred();
  const stopped = new Fiber(() => {
    try {
      wait(gate.promise);
      return 'not stopped';
    } catch (error) {
      return `stopped: ${(error as Error).message}`;
    }
  });
  stopped.run();
  const other = spawn(() => wait(gate.promise));
  assert.equal(stopped.throwInto(new Error('cancel')), 'stopped: cancel');
  gate.resolve();
  await other;
  assert.ok(stopped.finished);
});
