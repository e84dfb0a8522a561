/**
 * `spawnInTurn()`: fibers queued in one turn of the event loop start one after
 * another, after the callbacks due now, and a fiber that finishes starts the
 * next one on its own thread (one hand-off to the queue and one back, whatever
 * their number). What code can observe must be what the same functions called
 * in the callbacks that queued them give, only later: their order, the nextTick
 * callbacks and microtasks between them (none between two queued by one
 * callback, Node's whole tick step between two queued by different ones),
 * async context, errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncLocalStorage, executionAsyncId } from 'node:async_hooks';
import { Fiber, inFiber, spawn, spawnInTurn, wait, waitForCallback } from '../../src/core/index.js';
import { atTurnEnd, inTurnFiber } from '../../src/core/fiber.js';
import { native } from '../../src/core/native.js';
import { checkLeaks } from './helpers/leak-check.js';

checkLeaks();

const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Calls each of `fns` in a callback of its own (setImmediate) and resolves with their results. */
function eachInItsCallback<T>(fns: Array<() => T>): Promise<T[]> {
  return Promise.all(fns.map((fn) => new Promise<T>((resolve) => setImmediate(() => resolve(fn())))));
}

test('queued fibers start after the current callback, in order, each in a fiber of its own', async () => {
  const log: string[] = [];
  const fibers = new Set<Fiber | undefined>();
  const done = ['a', 'b', 'c'].map((name) =>
    spawnInTurn(() => {
      fibers.add(Fiber.current);
      log.push(name);
      return name.toUpperCase();
    }),
  );
  log.push('spawned');
  assert.deepEqual(await Promise.all(done), ['A', 'B', 'C']);
  assert.deepEqual(log, ['spawned', 'a', 'b', 'c']);
  assert.equal(fibers.size, 3);
  assert.ok(!fibers.has(undefined));
});

test('n queued fibers that do not wait cost one resume: the rest start on the thread of the one before', async () => {
  await immediate();
  const before = native.stats();
  const done = Array.from({ length: 40 }, (_, i) => spawnInTurn(() => i * 2));
  const results = await Promise.all(done);
  const after = native.stats();
  assert.deepEqual(
    results,
    Array.from({ length: 40 }, (_, i) => i * 2),
  );
  assert.equal(after.switches - before.switches, 1);
  assert.equal(after.hotStarts - before.hotStarts, 39);
  assert.equal(after.threads - before.threads <= 1, true, 'one thread served the whole run');
});

test('between fibers queued by different callbacks, nextTick callbacks and microtasks run as between those callbacks', async () => {
  const run = async (mode: 'fibers' | 'plain', sameCallback: boolean): Promise<string[]> => {
    const log: string[] = [];
    const body = (name: string) => (): void => {
      log.push(`${name} runs`);
      process.nextTick(() => {
        log.push(`${name} tick`);
        Promise.resolve().then(() => log.push(`${name} tick's microtask`));
      });
      Promise.resolve().then(() => log.push(`${name} microtask`));
      queueMicrotask(() => process.nextTick(() => log.push(`${name} microtask's tick`)));
    };
    const call = (name: string) => (): unknown => (mode === 'fibers' ? spawnInTurn(body(name)) : body(name)());
    const names = ['first', 'second', 'third'];
    if (sameCallback) await Promise.all(await eachInItsCallback([() => Promise.all(names.map((name) => call(name)()))]));
    else await Promise.all(await eachInItsCallback(names.map(call)));
    await immediate();
    return log;
  };
  for (const sameCallback of [false, true]) {
    const expected = await run('plain', sameCallback);
    assert.equal(expected.length, 15);
    assert.deepEqual(await run('fibers', sameCallback), expected, sameCallback ? 'queued by one callback' : 'by three');
  }
});

test('a fiber that waits lets the rest of the queue start; it resumes when its promise settles', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const log: string[] = [];
  const done = [
    spawnInTurn(() => {
      log.push('1 starts');
      wait(gate);
      log.push('1 resumes');
      return 1;
    }),
    spawnInTurn(() => {
      log.push('2 runs');
      return 2;
    }),
    spawnInTurn(() => {
      log.push('3 starts');
      wait(Promise.resolve().then(() => 'settled between fibers')); // pending here: settles in the microtasks after 3
      log.push('3 goes on');
      return 3;
    }),
    spawnInTurn(() => {
      log.push('4 runs');
      return 4;
    }),
  ];
  await immediate();
  release();
  assert.deepEqual(await Promise.all(done), [1, 2, 3, 4]);
  // All four were queued by one callback: 4 starts before the microtasks that resume 3, as it would have run before them there.
  assert.deepEqual(log, ['1 starts', '2 runs', '3 starts', '4 runs', '3 goes on', '1 resumes']);
});

test('each queued fiber keeps the async context it was spawned in', async () => {
  const als = new AsyncLocalStorage<string>();
  const outer = executionAsyncId();
  const done = ['x', 'y', 'z'].map((store) =>
    als.run(store, () =>
      spawnInTurn(() => {
        const seen = { store: als.getStore(), id: executionAsyncId() };
        wait(new Promise((resolve) => setTimeout(resolve, 1)));
        return { ...seen, after: als.getStore(), idAfter: executionAsyncId() };
      }),
    ),
  );
  const results = await Promise.all(done);
  assert.deepEqual(
    results.map((r) => [r.store, r.after]),
    [
      ['x', 'x'],
      ['y', 'y'],
      ['z', 'z'],
    ],
  );
  assert.equal(new Set(results.map((r) => r.id)).size, 3, 'each fiber has its own async id');
  for (const r of results) {
    assert.notEqual(r.id, outer);
    assert.equal(r.idAfter, r.id);
  }
});

test('nothing runs in a fiber between two queued fibers: wait() there is refused as outside any fiber', async () => {
  const seen: boolean[] = [];
  const done = await eachInItsCallback([
    () =>
      spawnInTurn(() => {
        process.nextTick(() => seen.push(inFiber()));
        Promise.resolve().then(() => seen.push(inFiber()));
      }),
    () => spawnInTurn(() => void seen.push(inFiber())),
  ]);
  await Promise.all(done);
  assert.deepEqual(seen, [false, false, true]);
});

test('a throw in the function rejects its promise and the rest of the queue still runs', async () => {
  const boom = new Error('boom');
  const done = [
    spawnInTurn(() => 1),
    spawnInTurn(() => {
      throw boom;
    }),
    spawnInTurn(() => 3),
  ];
  const settled = await Promise.allSettled(done);
  assert.deepEqual(settled, [
    { status: 'fulfilled', value: 1 },
    { status: 'rejected', reason: boom },
    { status: 'fulfilled', value: 3 },
  ]);
});

test('a nextTick callback that throws between two fibers is an uncaught exception, and the queue goes on', async () => {
  const boom = new Error('tick boom');
  const listeners = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  const caught: unknown[] = [];
  process.on('uncaughtException', (error) => caught.push(error));
  try {
    const done = await eachInItsCallback([
      () =>
        spawnInTurn(() => {
          process.nextTick(() => {
            throw boom;
          });
          return 'a';
        }),
      () => spawnInTurn(() => 'b'),
    ]);
    assert.deepEqual(await Promise.all(done), ['a', 'b']);
    await immediate();
    assert.deepEqual(caught, [boom]);
  } finally {
    process.removeAllListeners('uncaughtException');
    for (const listener of listeners) process.on('uncaughtException', listener);
  }
});

test('n queued fibers that each wait cost one resume: each one that waits starts the next on a thread of its own', async () => {
  await immediate();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const before = native.stats();
  const done = Array.from({ length: 20 }, (_, i) =>
    spawnInTurn(() => {
      wait(gate);
      return i;
    }),
  );
  await immediate();
  const started = native.stats();
  release();
  assert.deepEqual(
    await Promise.all(done),
    Array.from({ length: 20 }, (_, i) => i),
  );
  assert.equal(started.switches - before.switches, 1);
  assert.equal(started.passes - before.passes, 19);
});

test('work put off with atTurnEnd runs once the queue has run, in order, outside any fiber; inTurnFiber says who may put it off', async () => {
  const log: string[] = [];
  const seen: Record<string, boolean> = {};
  const queued = (name: string) =>
    spawnInTurn(() => {
      seen[name] = inTurnFiber();
      seen[`${name}'s own fiber`] = wait(spawn(() => inTurnFiber()));
      atTurnEnd(() => log.push(`${name}'s write, in a fiber: ${inFiber()}`));
      log.push(`${name} ran`);
    });
  const done = [queued('a'), queued('b')];
  process.nextTick(() => (seen.tick = inTurnFiber()));
  seen.outside = inTurnFiber();
  await Promise.all(done);
  assert.deepEqual(log, ['a ran', 'b ran', "a's write, in a fiber: false", "b's write, in a fiber: false"]);
  assert.deepEqual(seen, { outside: false, tick: false, a: true, "a's own fiber": false, b: true, "b's own fiber": false });
});

for (const startsWait of [true, false]) {
  test(`fibers to resume and to start queued in one turn are taken in turn, each kind in its order (the started ones ${startsWait ? 'wait' : 'finish'})`, async () => {
    const log: string[] = [];
    const wakes: Array<() => void> = [];
    const resumed = ['r1', 'r2', 'r3'].map((name) =>
      spawn(() => {
        waitForCallback<void>((wake) => wakes.push(() => wake()));
        log.push(name);
      }),
    );
    const later: Array<() => void> = [];
    let started: Array<Promise<void>> = [];
    await immediate();
    const before = native.stats();
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        // One callback: three sleeps end, then three requests arrive.
        for (const wake of wakes) wake();
        started = ['s1', 's2', 's3'].map((name) =>
          spawnInTurn(() => {
            log.push(name);
            if (startsWait) waitForCallback<void>((wake) => later.push(() => wake()));
          }),
        );
        resolve();
      }),
    );
    await Promise.all(resumed);
    const after = native.stats();
    assert.deepEqual(log, ['r1', 's1', 'r2', 's2', 'r3', 's3']);
    // One resume from the drain; each start on the thread of the resume that finished before it; each resume after the first passed to.
    assert.equal(after.switches - before.switches, 1);
    assert.equal(after.hotStarts - before.hotStarts, 3);
    assert.equal(after.passes - before.passes, 2);
    for (const wake of later) wake();
    await Promise.all(started);
  });
}
