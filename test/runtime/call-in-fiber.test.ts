// callInFiber()/fiberWrapper(): how framework handlers are called in fibers
// without changing what the framework sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncResource, executionAsyncId } from 'node:async_hooks';
import { inFiber, spawn, wait } from '../../src/core/index.js';
import { callInFiber, fiberWrapper } from '../../src/runtime/call-in-fiber.js';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

test('a handler that does not wait returns its value synchronously, from a fiber', () => {
  const handler = function (this: { k: number }, n: unknown) {
    return { n, k: this.k, inFiber: inFiber() };
  };
  const result = callInFiber(handler as (this: unknown, ...args: unknown[]) => unknown, { k: 2 }, [1], 'promise-of-value');
  assert.deepEqual(result, { n: 1, k: 2, inFiber: true });
});

test('a handler that throws before waiting throws synchronously', () => {
  assert.throws(
    () =>
      callInFiber(
        () => {
          throw new Error('sync throw');
        },
        undefined,
        [],
        'promise',
      ),
    /sync throw/,
  );
});

test('an async handler keeps its own promise (not wrapped in another one)', async () => {
  let own: Promise<string> | undefined;
  const result = callInFiber(() => (own = (async () => 'async')()), undefined, [], 'promise');
  assert.equal(result, own);
  assert.equal(await result, 'async');
});

test('a handler that waits gives a promise of its result or its error', async () => {
  const value = callInFiber(
    () => {
      wait(tick());
      return 'after a wait';
    },
    undefined,
    [],
    'promise',
  );
  assert.ok(value instanceof Promise);
  assert.equal(await value, 'after a wait');
  const failure = callInFiber(
    () => {
      wait(tick());
      throw new Error('after a wait');
    },
    undefined,
    [],
    'promise-of-value',
  );
  await assert.rejects(failure as Promise<unknown>, /after a wait/);
});

test("'promise-of-value': a waiting handler that returns undefined answers by itself (the promise never settles)", async () => {
  let finished = false;
  const result = callInFiber(
    () => {
      wait(tick());
      finished = true;
    },
    undefined,
    [],
    'promise-of-value',
  ) as Promise<unknown>;
  let settled = false;
  result.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!finished) await tick();
  await tick();
  assert.equal(settled, false);
  // 'promise' settles with undefined instead (Koa: the middleware is done).
  assert.equal(await callInFiber(() => void wait(tick()), undefined, [], 'promise'), undefined);
});

test("'detached': a waiting handler gives undefined at once and finishes later", async () => {
  let done = false;
  assert.equal(
    callInFiber(
      () => {
        wait(tick());
        done = true;
      },
      undefined,
      [],
      'detached',
    ),
    undefined,
  );
  while (!done) await tick();
});

test("inside an AsyncResource's scope the handler runs in that scope (executionAsyncId as without balrog)", () => {
  const resource = new AsyncResource('framework:step');
  const seen = resource.runInAsyncScope(() => callInFiber(() => executionAsyncId(), undefined, [], 'promise'));
  assert.equal(seen, resource.asyncId());
  resource.emitDestroy();
});

test('fiberWrapper: one wrapper per function, name and length kept, frozen functions accepted', () => {
  function handler(a: unknown, b: unknown) {
    return [a, b, inFiber()];
  }
  Object.freeze(handler);
  const wrapped = fiberWrapper(handler as never, 'promise');
  assert.equal(fiberWrapper(handler as never, 'promise'), wrapped);
  assert.equal(fiberWrapper(wrapped, 'promise'), wrapped);
  assert.notEqual(fiberWrapper(handler as never, 'detached'), wrapped);
  assert.equal(wrapped.name, 'handler');
  assert.equal(wrapped.length, 2);
  assert.deepEqual(wrapped(1, 2), [1, 2, true]);
});

test('fiberWrapper: inside a fiber the call is a plain call (no new fiber)', async () => {
  const wrapped = fiberWrapper(() => wait(Promise.resolve('same fiber')), 'promise');
  assert.equal(await spawn(() => wrapped()), 'same fiber');
});
