/** `sleep(ms)`: pauses the current fiber; the event loop (and other fibers) carry on. */
import { inFiber, NotInFiberError, waitForCallback } from '../core/index.js';

/**
 * Suspends the calling fiber for `ms` milliseconds (a timer, coerced as
 * `setTimeout` coerces its delay). Fibers whose sleeps end in the same turn
 * resume one after another, fiber to fiber (`waitForCallback`).
 */
export function sleep(ms: number): void {
  if (!inFiber()) throw new NotInFiberError('sleep()');
  waitForCallback<void>((wake) => setTimeout(wake, ms));
}
