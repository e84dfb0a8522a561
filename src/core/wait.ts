/** `wait()`: block the current fiber, not the process, until a promise settles. */
import { Fiber, suspend } from './fiber.js';
import { NotInFiberError } from './errors.js';
import { native } from './native.js';
import { reportFiberError } from './fiber-errors.js';
import { assertMayWait } from './vm-timeout.js';
import { assertNotFormattingStack } from './stack-format.js';
import { FiberRegExpStatics } from './regexp-statics.js';

const regExpStatics = new WeakMap<Fiber, FiberRegExpStatics>();

/**
 * Suspends the current fiber until `value` settles and returns its value; a
 * rejection throws the original error (with its own stack). Meanwhile the event
 * loop and other fibers run. A value that is not a thenable is returned as is,
 * and an already-settled promise returns without a thread switch.
 *
 * @throws NotInFiberError outside a fiber.
 */
export function wait<T>(value: T | PromiseLike<T>): T {
  const fiber = Fiber.current;
  if (fiber === undefined) throw new NotInFiberError('wait()');
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return value as T;
  // As `await` does: a foreign thenable's `then` is read once and called later,
  // with resolve/reject functions of which only the first call counts; a value
  // with no `then` comes back fulfilled, at once.
  const promise = Promise.resolve(value);
  const peeked = native.peek(promise);
  const state = native.status[1];
  if (state === 1) return peeked as T;
  if (state === 2) {
    // Tell Node the rejection is handled (V8's own flag alone does not reach Node's tracker).
    promise.then(undefined, () => {});
    throw peeked;
  }
  assertMayWait(fiber);
  assertNotFormattingStack('wait()');

  let settled = false;
  let rejected = false;
  let result: unknown;
  const resume = (): void => {
    // The fiber may have been interrupted meanwhile (throwInto) and be elsewhere now.
    if (fiber.finished || fiber.running) return;
    try {
      fiber.run();
    } catch (error) {
      reportFiberError(fiber, error);
    }
  };
  promise.then(
    (v) => {
      settled = true;
      result = v;
      resume();
    },
    (e: unknown) => {
      settled = true;
      rejected = true;
      result = e;
      resume();
    },
  );
  let statics = regExpStatics.get(fiber);
  if (statics === undefined) {
    statics = new FiberRegExpStatics();
    regExpStatics.set(fiber, statics);
  }
  const saved = statics.beforeSuspend();
  // Loop: a fiber resumed by anyone else before the promise settles goes back to waiting.
  try {
    while (!settled) suspend();
  } finally {
    statics.afterResume(saved);
  }
  if (rejected) throw result;
  return result as T;
}
