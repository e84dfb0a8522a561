/**
 * The native half of balrog's fibers. Use the `balrog` package's API
 * (`spawn`, `wait`, `Fiber`); this surface is internal and may change.
 */
export interface FiberBinding {
  /**
   * Registers a fiber that will call `fn(firstValue)`; returns its id. If `owner` is collected before the fiber
   * starts, the fiber is freed.
   */
  create(fn: (value: unknown) => unknown, owner?: object): number;
  /** Runs fiber `id` until it yields or finishes (mode 0: send value, 1: throw it, 2: terminate). `status[0]` gets the outcome. */
  resume(id: number, value: unknown, mode: 0 | 1 | 2): unknown;
  /** Suspends the calling fiber with `value`; returns what the next resume sends. */
  yield(value: unknown): unknown;
  /**
   * Suspends the calling fiber as `yield(undefined)` does, but hands the isolate straight to suspended fiber `id`
   * (not to the resumer), which then yields or finishes to the caller's resumer in its place.
   */
  pass(id: number): unknown;
  /**
   * If the calling fiber's function returns `undefined` next, suspended fiber `id` runs on in its place instead of
   * the resumer being woken. Call it right before the function returns.
   */
  passAtFinish(id: number): void;
  /**
   * If the calling fiber's function returns `undefined` next, its thread starts fiber `id` (not started, made in the
   * same context) itself, with no hand-off, and `id` answers the caller's resumer in its place. Call it right before
   * the function returns.
   */
  startAtFinish(id: number): void;
  /** A promise's value if it has settled; `status[1]` gets 0 pending, 1 fulfilled, 2 rejected. */
  peek(promise: unknown): unknown;
  /** Frees a fiber that never started. */
  release(id: number): void;
  /** The id of the fiber running the caller, or 0. */
  currentId(): number;
  /** Turns Ctrl+C-terminates-a-busy-fiber on or off; returns whether it is on. */
  setSigintInterrupt(on: boolean): boolean;
  /**
   * Pool and registry sizes (`idleThreads`: pool threads with no job, spares still starting included; `spareThreads`: threads the pool started ahead of need, in all), the number of resumes, of passes from fiber to fiber and of fibers started on the thread
   * of the one that finished before them (`hotStarts`) so far in this isolate, and
   * (process-wide) how many hand-off waits parked in the kernel and how many hand-offs had to wake a parked thread,
   * of which `localWakes` woke it on the waker's own CPU;
   * the CPUs the process may use at once (affinity and cgroup quota), whether hand-off waits spin before they
   * park (only with 2 or more: on one CPU the thread waited for cannot run while its waiter spins), and whether
   * hand-offs wake parked threads on the waker's CPU (`wakesStayLocal`: with 2 or more, unless BALROG_LOCAL_WAKES=0);
   * whether a thread that takes the isolate asks if Node is stopping the environment (`watchesHostStop`, so that a
   * worker.terminate() that arrives during a hand-off is not lost).
   */
  stats(): {
    threads: number;
    idleThreads: number;
    spareThreads: number;
    fibers: number;
    switches: number;
    passes: number;
    hotStarts: number;
    parks: number;
    wakes: number;
    localWakes: number;
    usableCpus: number;
    spinning: boolean;
    wakesStayLocal: boolean;
    watchesHostStop: boolean;
  };
  /** Benchmark floor: nanoseconds per isolate hand-off round trip between two threads, no JS; `parked`: no spinning, every hand-off parks. */
  benchIsolateHandoff(rounds: number, parked?: boolean): number;
  /** Benchmark floor: nanoseconds per spinning hand-off round trip between two bare threads. */
  benchSpinHandoff(rounds: number): number;
  /** Benchmark floor: nanoseconds per round trip between two bare threads that park in the kernel at every hand-off. */
  benchParkedHandoff(rounds: number): number;
  /** Nanoseconds per bare thread started and parked, n in a row (the OS floor of a new suspended fiber); -1 if the OS refused one. */
  benchThreadStart(threads: number): number;
  /**
   * Benchmark floor in place: starts a bare thread with a fiber's stack and returns once it runs and parks (its id), or
   * -1 if the OS refused one; `benchThreadWake(id)` wakes it and returns once it has answered, and the thread ends.
   */
  benchThreadPark(): number;
  benchThreadWake(id: number): void;
  /**
   * Benchmark floor in place: one round trip of the isolate to bare helper thread number `helper` (default 0, each
   * started at its first use) and back (Unlocker/Locker, parked gates, no JS); `benchIsolatePassStop()` ends the
   * helpers, which must happen before the process exits.
   */
  benchIsolatePass(helper?: number): void;
  benchIsolatePassStop(): void;
  /**
   * [outcome of the last resume: 0 yielded, 1 returned, 2 threw, 3 terminated by balrog, 4 terminated by the host
   * (pending in the caller); state from the last peek]
   */
  readonly status: Int32Array;
}

declare const binding: FiberBinding;
export = binding;
