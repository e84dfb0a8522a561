/**
 * `Fiber`: a stackful coroutine. Its function runs on its own OS thread (from a
 * pool) with the same isolate, and only one thread runs JavaScript at a time:
 * `run()` blocks the caller until the fiber yields or returns.
 */
import type { AsyncResource } from 'node:async_hooks';
import { asyncStackHeight, enterFrames, leaveFrames, newRootFrame, type AsyncFrame } from './async-stack.js';
import { isErrorCode } from './error-codes.js';
import { FiberStateError, InterruptedError, BalrogError, NotInFiberError, ThreadLimitError } from './errors.js';
import { reportFiberError } from './fiber-errors.js';
import { native, Outcome, ResumeMode } from './native.js';
import { FiberRegExpStatics } from './regexp-statics.js';
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

// A fiber may pass the isolate straight to another suspended fiber instead of
// back to its resumer (native.pass), so that fibers resumed one after another
// (`resumeEach`) cost one hand-off each rather than two. The JavaScript half of a
// resume's bookkeeping then moves with the isolate: the fiber that receives a
// pass does, for the one that passed, what the resumer's #switch would have done
// after its run, and for itself what #switch did before it.

/** A resume in progress, as its #switch sees it; passes change the fiber in it. */
interface Run {
  fiber: Fiber;
  /** The async-id stack height the running fiber's frames were pushed at. */
  base: number;
  frames: readonly AsyncFrame[];
}
/** The innermost resume in progress. */
let current: Run | undefined;
/** How many resumes are in progress, nested. */
let depth = 0;
/** The fiber whose run ended the last #switch (after passes, not always the one it resumed). */
let lastAnswered: Fiber | undefined;

/** Fibers being resumed one after another by `resumeEach`, at resume depth `depth`. */
interface Batch {
  fibers: readonly Fiber[];
  next: number;
  depth: number;
}
let batch: Batch | undefined;

/**
 * A pass under way: written by the fiber that passes, read by the one that receives it.
 * `left`: the fiber that passes has already left its async frames and finished
 * (a start at its end, after the queue's ticks ran between the two). `ticks`: a
 * pass from a waiting fiber to the turn's next one, which runs the ticks between
 * the two on its side (the one that waits must be suspended before they run).
 */
let passing: { from: Fiber; to: Fiber; finished: boolean; left?: boolean; ticks?: boolean } | undefined;

/**
 * Fibers queued to start (`runInTurn`) or to be resumed (`queueResume`) in this
 * turn of the event loop, in order; `nextStart` and `nextResume` are the first
 * of each kind that may not have been taken yet. `groups[i]` numbers the callback
 * that queued fiber i: Node runs the nextTick queue and the microtasks after each
 * callback, so the queue runs them between two fibers of different callbacks
 * only. `lastGroup`: the group of the fiber the queue took last (0: none yet in
 * this drain); `lastTookResume`: whether that one was a resume (undefined: none
 * yet). `depth`: the resume depth of the drain's runs while it drains, 0 otherwise.
 */
const turn = {
  fibers: [] as Fiber[],
  groups: [] as number[],
  /** For a fiber queued to be resumed (`queueResume`): whether it still waits for that resume. */
  resumes: [] as Array<(() => boolean) | undefined>,
  nextStart: 0,
  nextResume: 0,
  lastGroup: 0,
  lastTookResume: undefined as boolean | undefined,
  depth: 0,
  scheduled: false,
};
/** The group of the callback running now, while it is open: a nextTick at its end closes it. */
let openGroup = 0;
let groupCount = 0;
const closeGroup = (): void => {
  openGroup = 0;
};
/** Work put off until the drain running now ends (`atTurnEnd`), in order. */
let turnEnd: Array<() => void> = [];
/** Whether `turnEnd` also runs at the process's exit (listening from the first `atTurnEnd`). */
let turnEndAtExit = false;
/** An error thrown by a nextTick callback run between two queued fibers, held until the drain can raise it. */
let tickFailure: { error: unknown } | undefined;

// Set in Fiber's static block: they read and write its private fields.
let passTarget: (from: Fiber) => Fiber | undefined;
let receivePass: () => void;
let idOf: (fiber: Fiber) => number;
let startNextHere: (from: Fiber) => void;
let isRunnable: (fiber: Fiber, resume: (() => boolean) | undefined) => boolean;

/** The addon's error (its message and code) as a BalrogError; one with a code missing from the registry is a bug, kept as is. */
function fromNative(error: unknown): unknown {
  const { message, code } = error as { message?: unknown; code?: unknown };
  if (code === 'ERR_BALROG_THREAD_LIMIT') return new ThreadLimitError(String(message));
  return isErrorCode(code) ? new BalrogError(String(message), { code }) : error;
}

/**
 * What other core modules keep per fiber (`wait()`'s RegExp statics, the error handler of `spawn()`), in fields of
 * the fiber rather than in WeakMaps of their own: a WeakMap entry costs a hash insert and an ephemeron write
 * barrier per fiber, a request's fiber under `balrog run` included. @internal
 */
export const fiberSlots = {} as {
  regExpStatics(fiber: Fiber): FiberRegExpStatics;
  errorHandler(fiber: Fiber): ((error: unknown) => void) | undefined;
  setErrorHandler(fiber: Fiber, handler: (error: unknown) => void): void;
};

/** A stackful coroutine: `fn` can suspend itself from any call depth with `Fiber.yield()`. */
export class Fiber<TReturn = unknown, TYield = unknown, TSend = unknown> {
  static {
    fiberSlots.regExpStatics = (fiber) => (fiber.#regExpStatics ??= new FiberRegExpStatics());
    fiberSlots.errorHandler = (fiber) => fiber.#errorHandler;
    fiberSlots.setErrorHandler = (fiber, handler) => {
      fiber.#errorHandler = handler;
    };
  }

  readonly #id: number;
  readonly #resource: AsyncResource;
  #frames: readonly AsyncFrame[];
  #started = false;
  #finished = false;
  #running = false;
  #regExpStatics: FiberRegExpStatics | undefined = undefined;
  #errorHandler: ((error: unknown) => void) | undefined = undefined;

  /** `fn` runs at the first `run()`, with the value `run()` was given. */
  constructor(fn: (value: TSend) => TReturn) {
    if (typeof fn !== 'function') throw new TypeError('new Fiber(fn): fn must be a function');
    if (!joinStackHeld) holdJoinStack();
    this.#id = native.create(() => {
      receivePass(); // started by the thread of the fiber that finished before it (startNextHere)
      const first = take();
      try {
        put(fn(first as TSend), false);
      } catch (error) {
        put(error, true);
      }
      // In a batch (resumeEach) the result goes nowhere, so the end may pass too; an error goes to its resumer.
      // (The fiber is running.fiber here: the closure must not hold `this`, or an unstarted fiber could not be collected.)
      const self = running.fiber!;
      const next = slotIsError ? undefined : passTarget(self);
      if (next !== undefined) {
        take();
        passing = { from: self, to: next, finished: true };
        native.passAtFinish(next.#id);
      } else if (!slotIsError && slot === undefined && turn.depth === depth && turnPending()) {
        startNextHere(self);
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
    if (this.#finished) return; // a fiber that started the next one on its thread finished there
    this.#finished = true;
    this.#resource.emitDestroy();
  }

  #switch(value: unknown, mode: 0 | 1): unknown {
    if (this.#finished) throw new FiberStateError('this fiber has finished: create a new Fiber to run its function again');
    if (this.#running) {
      throw new FiberStateError('this fiber is already running: a fiber cannot resume itself or a fiber that is resuming it');
    }
    const previous = running.fiber;
    const outer = current;
    const frames = this.#frames;
    const run: Run = { fiber: this, base: enterFrames(frames), frames };
    current = run;
    depth++;
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
      if (status[0] !== Outcome.Yielded) run.fiber.#finish();
      throw error;
    } finally {
      // A pass asked for at a fiber's end that did not happen (it was stopped instead) never arrived.
      passing = undefined;
      const answered = run.fiber;
      answered.#running = false;
      running.fiber = previous;
      answered.#frames = leaveFrames(run.base, run.frames);
      depth--;
      current = outer;
      lastAnswered = answered;
    }
    const answered = run.fiber;
    const outcome = status[0];
    const result = take();
    if (outcome === Outcome.Yielded) return result;
    answered.#finish();
    // worker.terminate() or a vm timeout stopped the fiber: the termination is
    // pending again on this thread and ends this code at its next step, as it
    // would have without the fiber. Never an error a retry loop could catch.
    if (outcome === Outcome.HostTerminated) return undefined;
    if (outcome === Outcome.Terminated) throw new InterruptedError('Interrupted: the fiber was stopped by Ctrl+C');
    if (slotIsError) throw result;
    return result;
  }

  static {
    passTarget = (from: Fiber): Fiber | undefined => {
      const queue = batch;
      if (queue === undefined || queue.depth !== depth || current?.fiber !== from) return undefined;
      while (queue.next < queue.fibers.length) {
        const fiber = queue.fibers[queue.next++]!;
        if (fiber !== from && fiber.#started && !fiber.#finished && !fiber.#running) return fiber;
      }
      return undefined;
    };
    idOf = (fiber: Fiber): number => fiber.#id;
    isRunnable = (fiber: Fiber, resume: (() => boolean) | undefined): boolean =>
      resume === undefined ? !fiber.#started : fiber.#started && !fiber.#running && !fiber.#finished && resume();
    // At the end of a fiber the queue's drain ran (turn.depth === depth): what the drain
    // would do between it and the next queued fiber is done here, on this thread,
    // which then starts that fiber itself instead of waking the drain's thread.
    startNextHere = (from: Fiber): void => {
      if (current?.fiber !== from) return;
      const run = current;
      from.#running = false;
      from.#frames = leaveFrames(run.base, run.frames);
      run.frames = [];
      from.#finish();
      running.fiber = undefined;
      let next = nextQueued();
      if (next === undefined) return;
      if (turn.groups[next] !== turn.lastGroup) {
        if (!runTicks()) return; // a nextTick threw: the drain's thread raises it
        next = turn.depth === depth ? nextQueued() : undefined; // the ticks may have started some (a flush)
        if (next === undefined) return;
      }
      const fiber = takeQueued(next);
      passing = { from, to: fiber, finished: true, left: true };
      try {
        if (fiber.#started) native.passAtFinish(fiber.#id);
        else native.startAtFinish(fiber.#id);
      } catch {
        passing = undefined; // made in another context: the drain starts it
      }
    };
    receivePass = (): void => {
      const pass = passing;
      if (pass === undefined) return;
      passing = undefined;
      const run = current!;
      const { from, to } = pass;
      if (!pass.left) {
        from.#running = false;
        from.#frames = leaveFrames(run.base, run.frames);
        run.frames = [];
        if (pass.finished) from.#finish();
      }
      to.#started = true;
      if (pass.ticks) {
        // Between two fibers of the turn queued by different callbacks, outside any fiber.
        to.#running = true;
        running.fiber = undefined;
        runTicks();
      }
      run.fiber = to;
      run.frames = to.#frames;
      run.base = enterFrames(run.frames);
      running.fiber = to;
      to.#running = true;
    };
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
 * With `mayPass`, a fiber of the batch being resumed (`resumeEach`) takes the
 * isolate next, rather than the resumer.
 * @internal
 */
export function suspend<T = unknown>(value?: unknown, mayPass = false): T {
  put(value, false);
  try {
    const from = running.fiber;
    const next = mayPass && from !== undefined && value === undefined ? passTarget(from) : undefined;
    if (next !== undefined) {
      passing = { from: from!, to: next, finished: false };
      native.pass(idOf(next));
    } else if (mayPass && from !== undefined && value === undefined && turn.depth === depth && current?.fiber === from) {
      passToTurn(from);
    } else {
      native.yield(undefined);
    }
  } catch (error) {
    take();
    if ((error as { code?: string }).code === 'ERR_BALROG_NOT_IN_FIBER') throw new NotInFiberError('Fiber.yield()');
    throw error;
  }
  receivePass();
  const sent = take();
  if (slotIsError) throw sent;
  return sent as T;
}

/**
 * Resumes each fiber in turn that is neither running nor finished, as
 * `fiber.run()` from a promise callback would (an error out of one goes to
 * `reportFiberError`), with the isolate passed from fiber to fiber where they
 * suspend with `suspend(undefined, true)` or finish: n fibers cost n+1
 * hand-offs instead of 2n. Nothing runs between two of them, as nothing runs
 * between two reactions of one promise.
 * @internal
 */
export function resumeEach(fibers: readonly Fiber[]): void {
  const outer = batch;
  const mine: Batch = { fibers, next: 0, depth: depth + 1 };
  batch = mine;
  try {
    while (mine.next < fibers.length) {
      const fiber = fibers[mine.next++]!;
      if (fiber.finished || fiber.running) continue;
      try {
        fiber.run();
      } catch (error) {
        reportFiberError(lastAnswered ?? fiber, error);
      }
    }
  } finally {
    batch = outer;
  }
}

/**
 * The index of the queued fiber to take next, or undefined if none can be
 * started or resumed now. Fibers to start and fibers to resume each keep their
 * order; while both kinds wait, the queue takes them in turn, beginning with the
 * one queued first. In a turn where some requests' sleeps end and new requests
 * arrive, a fiber that resumes and finishes then starts the next request on its
 * own thread, and that request, when it waits, passes to the next resume: one
 * thread hand-off per request instead of two (docs/design/scheduler.md).
 */
function nextQueued(): number | undefined {
  const start = firstQueued(false);
  const resume = firstQueued(true);
  if (start === undefined || resume === undefined) return start ?? resume;
  if (turn.lastTookResume === undefined) return Math.min(start, resume);
  return turn.lastTookResume ? start : resume;
}

/** The index of the first queued fiber of one kind that can be started (or resumed) now. */
function firstQueued(resumes: boolean): number | undefined {
  const { fibers } = turn;
  for (let i = resumes ? turn.nextResume : turn.nextStart; i < fibers.length; i++) {
    const resume = turn.resumes[i];
    // The other kind's, or taken: a fiber started or resumed does not become queued again.
    if ((resume !== undefined) !== resumes || !isRunnable(fibers[i]!, resume)) continue;
    if (resumes) turn.nextResume = i;
    else turn.nextStart = i;
    return i;
  }
  if (resumes) turn.nextResume = fibers.length;
  else turn.nextStart = fibers.length;
  return undefined;
}

/** Takes queued fiber `i` to run next: the queue notes its callback group and kind. */
function takeQueued(i: number): Fiber {
  turn.lastGroup = turn.groups[i]!;
  turn.lastTookResume = turn.resumes[i] !== undefined;
  return turn.fibers[i]!;
}

/**
 * Node's own step after a callback: the nextTick queue and the microtasks. Runs
 * them between two queued fibers of different callbacks, as Node would between
 * those callbacks; returns false if a nextTick callback threw (kept in
 * `tickFailure` for the drain to raise as an uncaught exception).
 */
function runTicks(): boolean {
  if (tickFailure !== undefined) return false;
  // A fiber these resume runs at the drain's depth when they run on the drain's thread: not one of the queue's.
  const draining = turn.depth;
  const height = asyncStackHeight();
  turn.depth = 0;
  try {
    (process as unknown as { _tickCallback(): void })._tickCallback();
    return true;
  } catch (error) {
    // Node clears the async-id stack after an uncaught throw; a throw caught here left the tick's frame on it.
    leaveFrames(height, []);
    tickFailure = { error };
    return false;
  } finally {
    turn.depth = draining;
  }
}

/**
 * Queues an unstarted fiber to start later in this turn of the event loop, after
 * the callbacks that are due now (`setImmediate`), with the others queued in the
 * same turn: they run one after another, in order, with the nextTick queue and
 * the microtasks run between two that different callbacks queued, as Node runs
 * them between callbacks. A fiber that finishes starts the next one on its own
 * thread, so a run of queued fibers that do not wait costs two thread
 * hand-offs in all, not two each.
 * @internal
 */
export function runInTurn(fiber: Fiber): void {
  enqueue(fiber, undefined);
}

function enqueue(fiber: Fiber, resume: (() => boolean) | undefined): void {
  if (openGroup === 0) {
    openGroup = ++groupCount;
    process.nextTick(closeGroup);
  }
  turn.fibers.push(fiber);
  turn.groups.push(openGroup);
  turn.resumes.push(resume);
  if (!turn.scheduled) {
    turn.scheduled = true;
    setImmediate(drainTurn);
  }
}

/**
 * Queues a suspended fiber to be resumed later in this turn, with the turn's
 * other fibers (see `runInTurn`), as long as `stillWaiting()` says it waits for
 * that resume when its turn comes.
 * @internal
 */
export function queueResume(fiber: Fiber, stillWaiting: () => boolean): void {
  enqueue(fiber, stillWaiting);
}

/** A fiber of the turn that suspends (waits) hands the isolate to the turn's next fiber, if any, rather than to the drain. */
function passToTurn(from: Fiber): void {
  const next = nextQueued();
  if (next === undefined) {
    native.yield(undefined);
    return;
  }
  const ticks = turn.groups[next] !== turn.lastGroup;
  const fiber = takeQueued(next);
  passing = { from, to: fiber, finished: false, ticks };
  native.pass(idOf(fiber));
}

/** Whether fibers queued in this turn (`runInTurn`, `queueResume`) may still wait to run. @internal */
export function turnPending(): boolean {
  return Math.min(turn.nextStart, turn.nextResume) < turn.fibers.length;
}

function drainTurn(): void {
  turn.scheduled = false;
  runTurnNow();
}

/**
 * Starts the queued fibers now, in order (an event that must come after them is
 * about to happen). Each one runs until it waits or finishes; the ones it did
 * not start on its own thread are started from here.
 * @internal
 */
export function runTurnNow(): void {
  const outer = turn.depth;
  turn.depth = depth + 1;
  turn.lastGroup = 0; // the ticks of the callbacks before this one have run
  turn.lastTookResume = undefined;
  try {
    for (let next = nextQueued(); next !== undefined; next = nextQueued()) {
      if (turn.lastGroup !== 0 && turn.groups[next] !== turn.lastGroup) {
        if (!runTicks()) break;
        turn.lastGroup = 0;
        continue; // the ticks may have started some (a flush)
      }
      const fiber = takeQueued(next);
      try {
        fiber.run();
      } catch (error) {
        reportFiberError(lastAnswered ?? fiber, error);
      }
    }
  } finally {
    turn.depth = outer;
    runTurnEnd();
    if (!turnPending()) {
      turn.fibers = [];
      turn.groups = [];
      turn.resumes = [];
      turn.nextStart = 0;
      turn.nextResume = 0;
    } else if (!turn.scheduled) {
      turn.scheduled = true;
      setImmediate(drainTurn);
    }
  }
  const failure = tickFailure;
  if (failure !== undefined) {
    tickFailure = undefined;
    // Raised from Node's own tick processing, right after this callback, as it would have been.
    process.nextTick(() => {
      throw failure.error;
    });
  }
}

/**
 * Whether the code running now is a fiber the turn's queue started or resumed
 * (not a fiber one of them resumed itself, nor the ticks run between two of them).
 * @internal
 */
export function inTurnFiber(): boolean {
  return turn.depth !== 0 && turn.depth === depth && running.fiber !== undefined;
}

/**
 * Runs `fn` when the drain running now ends, outside any fiber, after the last
 * of its fibers has waited or finished (or when the process exits first); for
 * work of the turn's fibers that is cheaper done together than one fiber at a
 * time (`inTurnFiber()`).
 * @internal
 */
export function atTurnEnd(fn: () => void): void {
  if (!turnEndAtExit) {
    turnEndAtExit = true;
    // A fiber of the drain that calls process.exit() ends the drain too: its work (a response written just before) is done first.
    process.on('exit', runTurnEnd);
  }
  turnEnd.push(fn);
}

function runTurnEnd(): void {
  while (turnEnd.length > 0) {
    const due = turnEnd;
    turnEnd = [];
    for (const fn of due) {
      try {
        fn();
      } catch (error) {
        process.nextTick(() => {
          throw error;
        });
      }
    }
  }
}

/** Whether the calling code runs inside a fiber (so `wait()` may be used). */
export function inFiber(): boolean {
  return running.fiber !== undefined;
}
