/**
 * `Fiber`: a stackful coroutine. Its function runs on its own OS thread (from a
 * pool) with the same isolate, and only one thread runs JavaScript at a time:
 * `run()` blocks the caller until the fiber yields or returns.
 */
import type { AsyncResource } from 'node:async_hooks';
import { enterFrames, leaveFrames, newRootFrame, type AsyncFrame } from './async-stack.js';
import { isErrorCode } from './error-codes.js';
import { FiberStateError, InterruptedError, BalrogError, NotInFiberError, ThreadLimitError } from './errors.js';
import { native, Outcome, ResumeMode } from './native.js';
import { assertNotFormattingStack } from './stack-format.js';

// The two sides of a switch run on two cores, and memory one side writes must
// cross to the other's cache before the other can read it (~40 ns here, on the
// critical path of every switch). So the fiber's side reads nothing that the
// resumer writes at each switch, such as the running fiber (kept in an object of
// its own, away from the slot), and the slot is written only when it changes.
const running: { fiber: Fiber | undefined } = { fiber: undefined };

// The value crossing the switch in progress (sent, yielded, returned or thrown).
// Only one thread runs JavaScript at a time and each side reads the slot right
// after its switch, so one variable serves every fiber; it is much cheaper than
// handing values to the addon, which keeps each in a V8 Global for the crossing.
let slot: unknown;
// Whether `slot` holds an error: thrown into a fiber (throwInto), or out of one.
let slotIsError = false;

function put(value: unknown, isError: boolean): void {
  if (slot !== value) slot = value;
  if (slotIsError !== isError) slotIsError = isError;
}

function take(): unknown {
  const value = slot;
  if (value !== undefined) slot = undefined;
  return value;
}

const status = native.status;

/** The addon's error (its message and code) as a BalrogError; one with a code missing from the registry is a bug, kept as is. */
function fromNative(error: unknown): unknown {
  const { message, code } = error as { message?: unknown; code?: unknown };
  if (code === 'ERR_BALROG_THREAD_LIMIT') return new ThreadLimitError(String(message));
  return isErrorCode(code) ? new BalrogError(String(message), { code }) : error;
}

/** A stackful coroutine: `fn` can suspend itself from any call depth with `Fiber.yield()`. */
export class Fiber<TReturn = unknown, TYield = unknown, TSend = unknown> {
  readonly #id: number;
  readonly #resource: AsyncResource;
  #frames: readonly AsyncFrame[];
  #started = false;
  #finished = false;
  #running = false;

  /** `fn` runs at the first `run()`, with the value `run()` was given. */
  constructor(fn: (value: TSend) => TReturn) {
    if (typeof fn !== 'function') throw new TypeError('new Fiber(fn): fn must be a function');
    if (!joinStackHeld) holdJoinStack();
    this.#id = native.create(() => {
      const first = take();
      try {
        put(fn(first as TSend), false);
      } catch (error) {
        put(error, true);
      }
    }, this); // the native half is freed if this object is collected before the fiber starts
    const root = newRootFrame();
    this.#resource = root.resource;
    this.#frames = [root];
  }

  /** The fiber whose code is running now, or undefined outside any fiber. */
  static get current(): Fiber | undefined {
    return running.fiber;
  }

  /**
   * Suspends the current fiber and hands `value` to the `run()` that resumed it.
   * Returns the value given to the next `run()`, or throws what `throwInto()` sends.
   */
  static yield<T = unknown>(value?: unknown): T {
    if (running.fiber !== undefined) assertNotFormattingStack('Fiber.yield()');
    return suspend<T>(value);
  }

  /** Whether the fiber has been run at least once. */
  get started(): boolean {
    return this.#started;
  }

  /** Whether the fiber's function has returned or thrown. */
  get finished(): boolean {
    return this.#finished;
  }

  /** Whether the fiber's code is running now (it, or a fiber it resumed). */
  get running(): boolean {
    return this.#running;
  }

  /**
   * Starts or resumes the fiber with `value`; returns what it yields next, or its
   * return value when it finishes. A throw out of the fiber's function is rethrown here.
   */
  run(value?: TSend): TReturn | TYield {
    return this.#switch(value, ResumeMode.Value) as TReturn | TYield;
  }

  /** Resumes the fiber by throwing `error` at its `Fiber.yield()`. An unstarted fiber finishes without running. */
  throwInto(error: unknown): TReturn | TYield {
    if (!this.#started && !this.#finished) {
      this.#finish();
      native.release(this.#id);
      throw error;
    }
    return this.#switch(error, ResumeMode.Throw) as TReturn | TYield;
  }

  #finish(): void {
    this.#finished = true;
    this.#resource.emitDestroy();
  }

  #switch(value: unknown, mode: 0 | 1): unknown {
    if (this.#finished) throw new FiberStateError('this fiber has finished: create a new Fiber to run its function again');
    if (this.#running) {
      throw new FiberStateError('this fiber is already running: a fiber cannot resume itself or a fiber that is resuming it');
    }
    const previous = running.fiber;
    const frames = this.#frames;
    const base = enterFrames(frames);
    running.fiber = this;
    this.#running = true;
    this.#started = true;
    status[0] = Outcome.NotRun;
    put(value, mode === ResumeMode.Throw);
    try {
      native.resume(this.#id, undefined, ResumeMode.Value);
    } catch (error) {
      if (status[0] === Outcome.NotRun) {
        take();
        this.#finish();
        throw fromNative(error);
      }
      if (status[0] !== Outcome.Yielded) this.#finish();
      throw error;
    } finally {
      this.#running = false;
      running.fiber = previous;
      this.#frames = leaveFrames(base, frames);
    }
    const outcome = status[0];
    const result = take();
    if (outcome === Outcome.Yielded) return result;
    this.#finish();
    // worker.terminate() or a vm timeout stopped the fiber: the termination is
    // pending again on this thread and ends this code at its next step, as it
    // would have without the fiber. Never an error a retry loop could catch.
    if (outcome === Outcome.HostTerminated) return undefined;
    if (outcome === Outcome.Terminated) throw new InterruptedError('Interrupted: the fiber was stopped by Ctrl+C');
    if (slotIsError) throw result;
    return result;
  }
}

// V8 detects cycles in Array.prototype.join (and toString, toLocaleString) with one
// stack per realm, which it assumes is used last-in first-out. Fibers break that: a
// fiber that waits inside an element's toString() leaves its arrays on the stack,
// and when a join that started first ends while it sits at the stack's slot 0, V8
// replaces the whole stack with an empty one ("shrinks" it), so the waiting
// fiber's join later finds nothing to pop and V8 aborts (SIGTRAP in JoinStackPop).
// V8 shrinks only when slot 0 is popped, so slot 0 is taken once and for all by a
// join that never ends: a fiber parked inside it for the life of the isolate. Other
// joins then live above it and are popped in place, whatever their order. Cost:
// one parked thread per isolate, and joins take V8's general push path.
let joinStackHeld = false;
const joinStackHolder: Fiber[] = [];

function holdJoinStack(): void {
  joinStackHeld = true;
  const parked = { toString: (): string => Fiber.yield<string>() };
  const holder = new Fiber(() => [parked].join());
  holder.run();
  joinStackHolder.push(holder);
}

/**
 * `Fiber.yield()` without its checks, for callers that made them (`wait()`).
 * @internal
 */
export function suspend<T = unknown>(value?: unknown): T {
  put(value, false);
  try {
    native.yield(undefined);
  } catch (error) {
    take();
    if ((error as { code?: string }).code === 'ERR_BALROG_NOT_IN_FIBER') throw new NotInFiberError('Fiber.yield()');
    throw error;
  }
  const sent = take();
  if (slotIsError) throw sent;
  return sent as T;
}

/** Whether the calling code runs inside a fiber (so `wait()` may be used). */
export function inFiber(): boolean {
  return running.fiber !== undefined;
}
