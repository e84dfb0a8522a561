/** `spawn()` and `sync()`: the ways into fibers from ordinary code. */
import { NotInFiberError } from './errors.js';
import { Fiber, inFiber, runInTurn } from './fiber.js';
import { onFiberError } from './fiber-errors.js';
import { wait } from './wait.js';

/**
 * Runs `fn(...args)` in a new fiber, where it may call `wait()`; returns a promise
 * of its result. It runs synchronously up to its first wait.
 */
export function spawn<A extends unknown[], T>(fn: (...args: A) => T, ...args: A): Promise<Awaited<T>> {
  return start(fn, args, false);
}

/**
 * Like `spawn()`, but `fn` starts later in this turn of the event loop, after the
 * callbacks due now (as `setImmediate`), together with the other fibers spawned
 * this way in the turn: they start in order, one after another, with the
 * nextTick queue and the microtasks run between two that different callbacks
 * spawned, as Node runs them between those callbacks. Fibers that
 * `waitForCallback()` resumes in the same turn are taken in turn with them (one
 * started, one resumed), each kind in its own order.
 * A run of them that do not wait costs two thread hand-offs in all, instead of
 * two each. The fiber's async context is the caller's, as with `spawn()`.
 * `balrog run` starts HTTP requests this way.
 */
export function spawnInTurn<A extends unknown[], T>(fn: (...args: A) => T, ...args: A): Promise<Awaited<T>> {
  return start(fn, args, true);
}

/**
 * `spawnInTurn()` for a caller that wants only the fiber's errors: `onError` is
 * called with what `fn` throws, or with an interrupt after a wait, and no promise
 * is made (`balrog run` starts every request this way).
 * @internal
 */
export function startInTurn<A extends unknown[]>(fn: (...args: A) => void, onError: (error: unknown) => void, ...args: A): void {
  const fiber = new Fiber(() => {
    try {
      fn(...args);
    } catch (error) {
      onError(error);
    }
  });
  onFiberError(fiber, onError);
  runInTurn(fiber);
}

function start<A extends unknown[], T>(fn: (...args: A) => T, args: A, inTurn: boolean): Promise<Awaited<T>> {
  return new Promise<Awaited<T>>((resolve, reject) => {
    const fiber = new Fiber(() => {
      try {
        resolve(fn(...args) as Awaited<T>);
      } catch (error) {
        reject(error);
      }
    });
    onFiberError(fiber, reject); // an interrupt (Ctrl+C) after a wait ends the fiber from a callback
    if (inTurn) runInTurn(fiber);
    else fiber.run();
  });
}

/**
 * Turns an async function into one with the same arguments that returns its
 * result directly, by waiting on it. The returned function must be called in a
 * fiber; given `what` (`'redis.get()'`), a call outside one throws
 * NotInFiberError naming `what`, before `fn` starts any work.
 */
export function sync<A extends unknown[], T>(fn: (...args: A) => PromiseLike<T> | T, what?: string): (...args: A) => T {
  const waiting = function (this: unknown, ...args: A): T {
    if (what !== undefined && !inFiber()) throw new NotInFiberError(what);
    return wait(fn.apply(this, args));
  };
  Object.defineProperty(waiting, 'name', { value: fn.name || (what ?? '').replace(/\W/g, '') });
  return waiting;
}
