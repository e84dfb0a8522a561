/**
 * The common shape of every `balrog/sync` function: check that we are in a
 * fiber (so the error names the function the user called, not `wait()`),
 * then wait on the async version.
 */
import { inFiber, wait } from '../core/index.js';
import { NotInFiberError } from '../core/errors.js';

/** Throws the core's NotInFiberError naming `what` (e.g. `fetch()`) when called outside a fiber. */
export function assertInFiber(what: string): void {
  if (!inFiber()) throw new NotInFiberError(what);
}

/**
 * Turns a promise-returning function into a blocking-looking one for fibers.
 * Like the core's `sync()`, plus an error that names `what` outside a fiber.
 */
export function syncify<Args extends unknown[], Result>(
  what: string,
  fn: (...args: Args) => PromiseLike<Result> | Result,
): (...args: Args) => Result {
  const wrapped = (...args: Args): Result => {
    assertInFiber(what);
    return wait(fn(...args));
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name || what.replace(/\W/g, '') });
  return wrapped;
}
