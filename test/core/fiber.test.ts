import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Fiber, FiberStateError, NotInFiberError, inFiber } from '../../src/core/index.js';
import { checkLeaks } from './helpers/leak-check.js';
import { native } from '../../src/core/native.js';

checkLeaks();

test('run() starts the fiber with its value and returns what it yields, then what it returns', () => {
  const seen: unknown[] = [];
  const fiber = new Fiber((first: number) => {
    seen.push(first);
    seen.push(Fiber.yield(first + 1));
    return 'done';
  });
  assert.equal(fiber.started, false);
  assert.equal(fiber.run(1), 2);
  assert.equal(fiber.started, true);
  assert.equal(fiber.finished, false);
  assert.equal(fiber.run(10), 'done');
  assert.equal(fiber.finished, true);
  assert.deepEqual(seen, [1, 10]);
});

test('Fiber.current is the running fiber inside it and undefined outside', () => {
  let inside: Fiber | undefined;
  const fiber = new Fiber(() => {
    inside = Fiber.current;
    return inFiber();
  });
  assert.equal(Fiber.current, undefined);
  assert.equal(inFiber(), false);
  assert.equal(fiber.run(), true);
  assert.equal(inside, fiber);
});

test('yield suspends from any call depth', () => {
  const deep = (n: number): number => (n === 0 ? Fiber.yield<number>('bottom') : deep(n - 1) + 1);
  const fiber = new Fiber(() => deep(50));
  assert.equal(fiber.run(), 'bottom');
  assert.equal(fiber.run(0), 50);
});

test('an error thrown in a fiber comes out of run() as the same object, with its stack', () => {
  const error = new TypeError('bad input');
  const fiber = new Fiber(() => {
    throw error;
  });
  assert.throws(
    () => fiber.run(),
    (e) => e === error && /bad input/.test(String((e as Error).stack)),
  );
  assert.equal(fiber.finished, true);
});

test('throwInto() throws at the yield; the fiber may catch it and go on', () => {
  const fiber = new Fiber(() => {
    try {
      Fiber.yield('waiting');
    } catch (error) {
      return `caught ${(error as Error).message}`;
    }
    return 'not thrown';
  });
  fiber.run();
  assert.equal(fiber.throwInto(new Error('stop')), 'caught stop');
});

test('throwInto() an unstarted fiber finishes it without running it', () => {
  let ran = false;
  const fiber = new Fiber(() => {
    ran = true;
  });
  assert.throws(() => fiber.throwInto(new Error('never')), /never/);
  assert.equal(ran, false);
  assert.equal(fiber.finished, true);
});

test('nested fibers resume each other and errors cross both ways', () => {
  const inner = new Fiber(() => {
    const got = Fiber.yield('inner-1');
    throw new Error(`inner got ${got}`);
  });
  const outer = new Fiber(() => {
    const first = inner.run();
    const back = Fiber.yield(first);
    try {
      inner.run(back);
    } catch (error) {
      return (error as Error).message;
    }
  });
  assert.equal(outer.run(), 'inner-1');
  assert.equal(outer.run('x'), 'inner got x');
});

test('misuse gives errors that say what to do', () => {
  const finished = new Fiber(() => 1);
  finished.run();
  assert.throws(
    () => finished.run(),
    (e) => e instanceof FiberStateError && /has finished: create a new Fiber/.test((e as Error).message),
  );

  const self: { fiber?: Fiber } = {};
  self.fiber = new Fiber(() => self.fiber!.run());
  assert.throws(
    () => self.fiber!.run(),
    (e) => e instanceof FiberStateError && /already running/.test((e as Error).message),
  );

  assert.throws(
    () => Fiber.yield(),
    (e) => e instanceof NotInFiberError && /Fiber.yield\(\) must run inside a fiber/.test((e as Error).message),
  );
  assert.throws(() => new Fiber(42 as unknown as () => void), TypeError);
});

test('deep recursion in a fiber throws RangeError, and the fiber stack is larger than the main one', () => {
  const depth = (): number => {
    let n = 0;
    const down = (): void => {
      n++;
      down();
    };
    try {
      down();
    } catch (error) {
      assert.ok(error instanceof RangeError);
    }
    return n;
  };
  const onMain = depth();
  const inFiberDepth = new Fiber(depth).run() as number;
  assert.ok(inFiberDepth > onMain * 2, `fiber depth ${inFiberDepth} vs main ${onMain}`);
});

test('finished fibers give their threads back to the pool', async () => {
  const { native } = await import('../../src/core/native.js');
  for (let i = 0; i < 50; i++) new Fiber(() => i).run();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const before = native.stats().threads;
  for (let i = 0; i < 500; i++) new Fiber(() => i).run();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const after = native.stats();
  assert.ok(after.threads <= before + 2, `threads grew from ${before} to ${after.threads}`);
  assert.ok(after.idleThreads >= 1);
});

test('threads beyond the idle cap end once idle for a trim interval, and the pool keeps working', async () => {
  // Regression: a thread over the cap used to free its state while the resumer still used it.
  const { native } = await import('../../src/core/native.js');
  const parked = Array.from({ length: 400 }, (_, i) => {
    const fiber = new Fiber(() => (Fiber.yield(i) as number) * 2);
    fiber.run();
    return fiber;
  });
  const results = parked.map((fiber, i) => fiber.run(i));
  assert.deepEqual(
    results,
    parked.map((_, i) => i * 2),
  );
  // Kept through the burst (a thread ending then would slow the burst down), ended after it.
  assert.ok(native.stats().idleThreads > 256, `idle ${native.stats().idleThreads} right after the burst`);
  const trimmedBy = Date.now() + 5_000;
  while (native.stats().idleThreads > 256 && Date.now() < trimmedBy) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { threads, idleThreads } = native.stats();
  assert.ok(idleThreads <= 256, `idle ${idleThreads}`);
  assert.ok(threads <= 260, `threads ${threads}`);
  assert.equal(new Fiber(() => 'still works').run(), 'still works');
});

test('the addon refuses a resume mode it does not know, instead of guessing one', () => {
  const id = native.create(() => undefined);
  assert.throws(() => native.resume(id, undefined, 7 as 0), { code: 'ERR_INVALID_ARG_VALUE' });
  native.release(id);
});
