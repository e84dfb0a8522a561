/** `wait()`: block the current fiber, not the process, until a promise settles. */
import { Fiber, fiberSlots, queueResume, resumeEach, suspend } from './fiber.js';
import { NotInFiberError } from './errors.js';
import { native } from './native.js';
import { assertMayWait } from './vm-timeout.js';
import { assertNotFormattingStack } from './stack-format.js';

/**
 * The fibers waiting on one pending promise, in the order they began to wait.
 * One reaction resumes them all, one after another (`resumeEach`): the isolate
 * then goes from fiber to fiber, and n waiters cost n+1 thread hand-offs, not 2n.
 */
interface Waiters {
  fibers: Fiber[];
  settled: boolean;
  rejected: boolean;
  result: unknown;
}
const waitersOf = new WeakMap<Promise<unknown>, Waiters>();

function waitersFor(promise: Promise<unknown>): Waiters {
  let waiters = waitersOf.get(promise);
  if (waiters !== undefined) return waiters;
  const group: Waiters = { fibers: [], settled: false, rejected: false, result: undefined };
  waitersOf.set(promise, group);
  const settle = (rejected: boolean, result: unknown): void => {
    group.settled = true;
    group.rejected = rejected;
    group.result = result;
    waitersOf.delete(promise);
    resumeEach(group.fibers);
  };
  promise.then(
    (value) => settle(false, value),
    (error: unknown) => settle(true, error),
  );
  waiters = group;
  return waiters;
}

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

  const waiters = waitersFor(promise);
  waiters.fibers.push(fiber);
  suspendUntil(fiber, () => waiters.settled);
  if (waiters.rejected) throw waiters.result;
  return waiters.result as T;
}

/** Suspends `fiber` (the current one) until `done()`, keeping its RegExp statics across the wait. */
function suspendUntil(fiber: Fiber, done: () => boolean): void {
  const statics = fiberSlots.regExpStatics(fiber);
  const saved = statics.beforeSuspend();
  // Loop: a fiber resumed by anyone else before it is done goes back to waiting.
  try {
    while (!done()) suspend(undefined, true);
  } finally {
    statics.afterResume(saved);
  }
}

/**
 * Suspends the current fiber until the function `register` is given is called
 * (from a timer, an event, a callback API), and returns the value it was called
 * with. The fiber then resumes in the turn's run queue, after the callbacks due
 * at that moment, one after another with the other fibers that became ready in
 * the same turn (`spawnInTurn`): the isolate goes from fiber to fiber, without
 * going back to the event loop's thread in between. Resumes keep the order of
 * their callbacks; fibers spawned in the turn are taken in turn with them.
 * Calls after the first are ignored; a call inside `register` returns at once,
 * with no switch.
 *
 * @throws NotInFiberError outside a fiber.
 */
export function waitForCallback<T = void>(register: (wake: (value: T) => void) => void): T {
  const fiber = Fiber.current;
  if (fiber === undefined) throw new NotInFiberError('waitForCallback()');
  assertMayWait(fiber);
  assertNotFormattingStack('waitForCallback()');
  let woken = false;
  let waiting = false;
  let result: T | undefined;
  register((value: T) => {
    if (woken) return;
    woken = true;
    result = value;
    if (waiting) queueResume(fiber, () => waiting);
  });
  if (!woken) {
    waiting = true;
    try {
      suspendUntil(fiber, () => woken);
    } finally {
      waiting = false;
    }
  }
  return result as T;
}
