import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, sync, wait, inFiber, NotInFiberError, BalrogError } from '../../src/core/index.js';
import { native } from '../../src/core/native.js';
import { checkLeaks } from './helpers/leak-check.js';

checkLeaks();

test('wait() returns a promise value while the event loop keeps running', async () => {
  // The promise settles only after three turns of the loop, counted by an interval
  // that runs while the fiber waits: a blocked loop would never settle it (no
  // count of ticks per millisecond, which a loaded machine cannot promise).
  const turns: string[] = [];
  const value = await spawn(() =>
    wait(
      new Promise<string>((resolve) => {
        const timer = setInterval(() => {
          turns.push(inFiber() ? 'in a fiber' : 'on the loop');
          if (turns.length === 3) {
            clearInterval(timer);
            resolve('slept');
          }
        }, 2);
      }),
    ),
  );
  assert.equal(value, 'slept');
  assert.deepEqual(turns, ['on the loop', 'on the loop', 'on the loop']);
});

test('a rejection throws the original error, with its stack, at the wait', async () => {
  const original = new Error('db down');
  const caught = await spawn(() => {
    try {
      wait(sleep(1).then(() => Promise.reject(original)));
    } catch (error) {
      return error;
    }
  });
  assert.equal(caught, original);
  assert.match(String(original.stack), /db down/);
});

test('an already-settled promise returns without a thread switch', async () => {
  const switches = await spawn(() => {
    const before = native.stats().switches;
    assert.equal(wait(Promise.resolve(7)), 7);
    assert.throws(() => wait(Promise.reject(new Error('settled'))), /settled/);
    assert.equal(wait(42), 42); // not a thenable
    return native.stats().switches - before;
  });
  assert.equal(switches, 0);
});

test('a consumed rejection is not reported as unhandled', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await spawn(() => {
      try {
        wait(Promise.reject(new Error('fast path')));
      } catch {}
      try {
        wait(sleep(1).then(() => Promise.reject(new Error('slow path'))));
      } catch {}
    });
    await sleep(10);
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('wait() accepts any thenable', async () => {
  const thenable: PromiseLike<string> = {
    // biome-ignore lint/suspicious/noThenProperty: the point of the test is an object that is a thenable and not a promise.
    then: ((resolve: (v: string) => void) => setTimeout(() => resolve('from thenable'), 1)) as unknown as PromiseLike<string>['then'],
  };
  assert.equal(await spawn(() => wait(thenable)), 'from thenable');
});

test('wait() outside a fiber throws a BalrogError that says how to get a fiber', () => {
  assert.throws(
    () => wait(Promise.resolve(1)),
    (error) =>
      error instanceof NotInFiberError &&
      error instanceof BalrogError &&
      (error as Error).message === 'wait() must run inside a fiber: wrap the call in spawn() or start the program with `balrog run`',
  );
});

test('spawn() passes arguments, runs synchronously up to the first wait, and rejects with thrown errors', async () => {
  const order: string[] = [];
  const done = spawn(
    (a: number, b: number) => {
      order.push('fiber start');
      wait(sleep(1));
      order.push('fiber end');
      return a + b;
    },
    2,
    3,
  );
  order.push('after spawn');
  assert.equal(await done, 5);
  assert.deepEqual(order, ['fiber start', 'after spawn', 'fiber end']);
  await assert.rejects(
    spawn(() => {
      throw new RangeError('nope');
    }),
    RangeError,
  );
});

test('spawn() adopts a returned promise', async () => {
  assert.equal(await spawn(() => sleep(1, 'adopted')), 'adopted');
});

test('sync() turns an async function into a waiting one with the same arguments and name', async () => {
  async function add(a: number, b: number): Promise<number> {
    await sleep(1);
    return a + b;
  }
  const addNow = sync(add);
  assert.equal(addNow.name, 'add');
  assert.equal(await spawn(() => addNow(20, 22)), 42);
  assert.throws(() => addNow(1, 2), NotInFiberError);
});

test('many fibers wait concurrently and interleave', async () => {
  // All three are suspended at once; each resumes when its own promise settles,
  // in the order they settle (one per loop turn), not the order they started.
  const order: string[] = [];
  const settle: Record<string, () => void> = {};
  const results = Promise.all(
    ['slow', 'fast', 'middle'].map((name) =>
      spawn(() => {
        wait(new Promise<void>((resolve) => (settle[name] = resolve)));
        order.push(name);
        return inFiber();
      }),
    ),
  );
  for (const name of ['fast', 'middle', 'slow']) {
    settle[name]!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.deepEqual(await results, [true, true, true]);
  assert.deepEqual(order, ['fast', 'middle', 'slow']);
});

test('a fiber resumed early by someone else goes back to waiting', async () => {
  const { Fiber } = await import('../../src/core/index.js');
  let fiber: InstanceType<typeof Fiber> | undefined;
  const result = new Promise((resolve) => {
    fiber = new Fiber(() => resolve(wait(sleep(20, 'real value'))));
    fiber.run();
  });
  fiber!.run('spurious');
  assert.equal(await result, 'real value');
});
