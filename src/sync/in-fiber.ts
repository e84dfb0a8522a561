/**
 * The common shape of every `balrog/sync` function: check that we are in a
 * fiber (so the error names the function the user called, not `wait()`),
 * then wait on the async version: the core's `sync(fn, what)`.
 */
import { inFiber, sync } from '../core/index.js';
import { NotInFiberError } from '../core/errors.js';

/** Throws the core's NotInFiberError naming `what` (e.g. `fetch()`) when called outside a fiber. */
export function assertInFiber(what: string): void {
  if (!inFiber()) throw new NotInFiberError(what);
}

/**
 * @deprecated `sync(fn, what)` from `balrog` is the one function: the same
 * wrapper, with the same NotInFiberError naming `what`. Kept for code written
 * against `balrog/sync`'s earlier name.
 */
export function syncify<Args extends unknown[], Result>(
  what: string,
  fn: (...args: Args) => PromiseLike<Result> | Result,
): (...args: Args) => Result {
  return sync(fn, what);
}
