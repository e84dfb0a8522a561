/**
 * Non-stop mode's part inside the target, installed at
 * `globalThis[Symbol.for('balrog.nonstop')]` (see docs/design/non-stop-debugging.md):
 *
 * - `hit(id)`: the call the debugger live-edits into the line of a non-stop
 *   breakpoint, and into each converted `debugger;` statement (`if (hit(id) ?? true)
 *   debugger;`, with a negative id). In a fiber it stops that fiber only: a `debugger;` statement
 *   first gives the debugger one short pause to read the frames and leave an
 *   evaluator closure per frame here (the capture pause), then the fiber
 *   parks with the core's `wait()` and takes commands (evaluate, continue,
 *   step) until it is released. Outside a fiber it reports the hit to the
 *   debugger (inspector console only) and returns: that code never stops.
 *   It returns false, or true when `id` is not enabled (non-stop mode is
 *   off): a converted `debugger;` statement then pauses as it always did.
 * - `condition(id, evaluator)`: where V8 has no live edit (Node 26), the
 *   breakpoint's condition; it parks the fiber inside V8's check of the
 *   breakpoint (one fiber at a time, see the design) and reports the stack.
 * - `evaluate(fiber, frame, code)`: runs `code` in a frame of a stopped fiber,
 *   in that fiber (so `await` parks the fiber, not the process); a promise.
 * - `locals(fiber, frame, names, colors)`: one-line values of those names.
 * - once the debugger's process is gone (the evaluation helper's watchdog
 *   tells), every stopped fiber is released, so that no request stays
 *   stopped without a debugger.
 *
 * `installNonStop` must stay self-contained: the debugger injects its source text.
 */

/** The first argument of the inspector console message that reports a hit outside a fiber. */
export const OUTSIDE_MARKER = 'balrog.nonstop:outside';
/** The first argument of the inspector console message that reports a fiber stopped in a breakpoint's condition. */
export const STOPPED_MARKER = 'balrog.nonstop:stopped';

/** The function whose `debugger;` is the capture pause. */
export const HIT_FUNCTION = 'balrogNonStopHit';
/** The function whose `debugger;` starts a step from a stopped fiber. */
export const STEP_FUNCTION = 'balrogNonStopStep';

/** The expression that reaches the installed object. */
export const nonStopExpression = "globalThis[Symbol.for('balrog.nonstop')]";

/** Installs the non-stop part unless this version is present; returns 'installed' or 'present'. */
export function installNonStop(): string {
  const version = 3;
  const key = Symbol.for('balrog.nonstop');
  const global = globalThis as Record<symbol, unknown>;
  const previous = global[key] as { version?: number; dispose?: () => void } | undefined;
  if (previous && previous.version === version) return 'present';
  previous?.dispose?.();
  const getBuiltin = (process as unknown as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const inspectorConsole = getBuiltin ? (getBuiltin('node:inspector') as { console?: Console }).console : undefined;
  interface Core {
    wait: (value: unknown) => unknown;
    inFiber: () => boolean;
    Fiber?: { current?: object };
  }
  interface Helper {
    wait: (value: unknown) => unknown;
    inspect: (value: unknown, colors: boolean, compact?: boolean) => string;
    onDebuggerGone?: (listener: (pid: number) => void) => () => void;
  }
  const core = (): Core | undefined => global[Symbol.for('balrog.core')] as Core | undefined;
  const helper = (): Helper | undefined => global[Symbol.for('balrog.debugger')] as Helper | undefined;
  type Reply = (ok: boolean, value: unknown) => void;
  type Command = { kind: 'eval'; frame: number; code: string; reply: Reply } | { kind: 'continue' } | { kind: 'step' };
  interface Stopped {
    id: number;
    breakpoint: number;
    /** One per frame, innermost first, filled by the debugger during the capture pause. */
    evaluators: Array<((source: string) => unknown) | undefined>;
    queue: Command[];
    wake: ((command: Command) => void) | undefined;
    /** Parked inside V8's check of a breakpoint (its condition), not in a plain call. */
    inCondition: boolean;
  }
  const enabled = new Set<number>();
  const stopped = new Map<number, Stopped>();
  let nextFiber = 1;
  // A fiber keeps its number each time it stops (a request through two breakpoints is one fiber).
  const fiberIds = new WeakMap<object, number>();
  const fiberId = (fibers: Core): number => {
    const current = fibers.Fiber?.current;
    if (!current) return nextFiber++;
    let id = fiberIds.get(current);
    if (id === undefined) {
      id = nextFiber++;
      fiberIds.set(current, id);
    }
    return id;
  };
  const lastOutside = new Map<number, number>();
  const named = (name: string, message: string): Error => {
    const error = new Error(message);
    error.name = name;
    return error;
  };
  const isThenable = (value: unknown): value is PromiseLike<unknown> =>
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function';

  const send = (id: number, command: Command): void => {
    const fiber = stopped.get(id);
    if (!fiber) throw named('FiberGoneError', `fiber ${id} is not stopped`);
    const wake = fiber.wake;
    if (wake) {
      fiber.wake = undefined;
      wake(command);
    } else {
      fiber.queue.push(command);
    }
  };
  const run = (fiber: Stopped, command: Extract<Command, { kind: 'eval' }>): void => {
    try {
      const evaluator = fiber.evaluators[command.frame];
      if (!evaluator) throw named('FrameError', `frame ${command.frame} of fiber ${fiber.id} cannot be evaluated in`);
      let value = evaluator(command.code);
      // A thenable result is awaited, as `await` would: this is a fiber.
      if (isThenable(value)) value = (helper()?.wait ?? core()!.wait)(value);
      command.reply(true, value);
    } catch (error) {
      command.reply(false, error);
    }
  };
  // Its own function so that a step starts from a pause the debugger tells apart from a capture.
  function balrogNonStopStep(): void {
    // biome-ignore lint/suspicious/noDebugger: the pause a step from a stopped fiber starts from (see the module comment).
    debugger;
  }
  const reportOutside = (breakpoint: number): void => {
    const now = Date.now();
    if (now - (lastOutside.get(breakpoint) ?? 0) < 1000) return;
    lastOutside.set(breakpoint, now);
    // The same text as OUTSIDE_MARKER (this function is injected as source text: no imports here).
    inspectorConsole?.debug('balrog.nonstop:outside', breakpoint);
  };
  /** Parks `fiber` until it is released; true when released to step. */
  const park = (fiber: Stopped, wait: (value: unknown) => unknown): boolean => {
    try {
      for (;;) {
        const command =
          fiber.queue.shift() ??
          (wait(
            new Promise<Command>((resolve) => {
              fiber.wake = resolve;
            }),
          ) as Command);
        if (command.kind !== 'eval') return command.kind === 'step';
        run(fiber, command);
      }
    } finally {
      stopped.delete(fiber.id);
    }
  };
  function balrogNonStopHit(breakpoint: number): boolean {
    if (!enabled.has(breakpoint)) return true;
    const fibers = core();
    if (!fibers?.inFiber()) {
      reportOutside(breakpoint);
      return false;
    }
    const fiber: Stopped = { id: fiberId(fibers), breakpoint, evaluators: [], queue: [], wake: undefined, inCondition: false };
    stopped.set(fiber.id, fiber);
    // The capture pause: the debugger reads the frames and fills fiber.evaluators, then resumes.
    // biome-ignore lint/suspicious/noDebugger: the capture pause (see the module comment).
    debugger;
    if (park(fiber, fibers.wait)) balrogNonStopStep();
    return false;
  }
  // Where V8 has no live edit (Node 26): the breakpoint's condition parks the fiber, inside V8's
  // check of the breakpoint. Its stack and request are read here and reported through the inspector's
  // console; true when released to step (V8 then pauses at the breakpoint, where the step starts).
  function balrogNonStopCondition(breakpoint: number, evaluator: (source: string) => unknown): boolean {
    if (!enabled.has(breakpoint)) return false;
    const fibers = core();
    if (!fibers?.inFiber()) {
      reportOutside(breakpoint);
      return false;
    }
    const fiber: Stopped = { id: fiberId(fibers), breakpoint, evaluators: [evaluator], queue: [], wake: undefined, inCondition: true };
    stopped.set(fiber.id, fiber);
    // The raw call sites (V8's positions in the scripts as run; the debugger maps them through source
    // maps), not `stack` text, which Node may have source-mapped already.
    interface CallSite {
      isEval(): boolean;
      getFunctionName(): string | null;
      getScriptNameOrSourceURL(): string | null;
      getLineNumber(): number | null;
      getColumnNumber(): number | null;
    }
    const errorClass = Error as unknown as { prepareStackTrace?: unknown; stackTraceLimit: number };
    const prepare = errorClass.prepareStackTrace;
    const limit = errorClass.stackTraceLimit;
    const holder: { stack?: unknown } = {};
    let captured: unknown;
    try {
      errorClass.prepareStackTrace = (_error: unknown, sites: CallSite[]) => sites;
      errorClass.stackTraceLimit = 50;
      Error.captureStackTrace(holder);
      // Read here: V8 formats a stack when it is first read, with the prepareStackTrace of that moment.
      captured = holder.stack;
    } finally {
      errorClass.prepareStackTrace = prepare;
      errorClass.stackTraceLimit = limit;
    }
    const sites = Array.isArray(captured) ? (captured as CallSite[]) : [];
    // The frames below the condition's own code (an eval) are the user's.
    const frames = sites.slice(sites.findIndex((site) => site.isEval()) + 1).map((site) => ({
      functionName: site.getFunctionName() ?? '',
      url: site.getScriptNameOrSourceURL() ?? '',
      line: (site.getLineNumber() ?? 1) - 1,
      column: (site.getColumnNumber() ?? 1) - 1,
    }));
    let request: string | undefined;
    for (const name of ['request', 'req']) {
      try {
        const value = evaluator(name) as { method?: unknown; url?: unknown; headers?: unknown } | undefined;
        if (value && typeof value.method === 'string' && typeof value.url === 'string' && typeof value.headers === 'object') {
          request = `${value.method} ${value.url}`;
          break;
        }
      } catch {
        // Not a name of this frame.
      }
    }
    inspectorConsole?.debug('balrog.nonstop:stopped', JSON.stringify({ id: fiber.id, breakpoint, frames, request }));
    return park(fiber, fibers.wait);
  }
  const evaluate = (id: number, frame: number, code: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      send(id, { kind: 'eval', frame, code, reply: (ok, value) => (ok ? resolve(value) : reject(value)) });
    });
  const locals = (id: number, frame: number, names: string[], colors: boolean): Array<[string, string]> => {
    const evaluator = stopped.get(id)?.evaluators[frame];
    if (!evaluator) throw named('FiberGoneError', `fiber ${id} is not stopped`);
    const inspect = helper()?.inspect ?? ((value: unknown) => String(value));
    return names.map((name): [string, string] => {
      try {
        return [name, inspect(evaluator(name), colors, true)];
      } catch {
        // A binding in its temporal dead zone, or one V8 optimized away.
        return [name, '<unavailable>'];
      }
    });
  };
  const resume = (id: number): void => send(id, { kind: 'continue' });
  const stepFrom = (id: number): void => send(id, { kind: 'step' });
  const releaseAll = (): void => {
    for (const id of [...stopped.keys()]) send(id, { kind: 'continue' });
  };
  const enable = (...ids: number[]): void => {
    for (const id of ids) enabled.add(id);
  };
  const disable = (...ids: number[]): void => {
    for (const id of ids) enabled.delete(id);
  };
  // When the debugger's process is gone, no fiber stays stopped. The evaluation helper's watchdog
  // (helper.ts: the debugger installs it first) tells; this part keeps no watchdog of its own.
  const debuggers = new Set<number>();
  let unsubscribe: (() => void) | undefined;
  const leave = (): void => {
    enabled.clear();
    // A fiber parked inside a breakpoint's condition must not go on once the debugger's session is
    // gone: V8 has dropped the breakpoint's state under it, and returning from the condition crashes
    // the process (measured on Node 26). Such a request stays stopped: a hung request, not a crash.
    for (const [id, fiber] of [...stopped]) if (!fiber.inCondition) send(id, { kind: 'continue' });
    unsubscribe?.();
    unsubscribe = undefined;
  };
  const forget = (pid: number): void => {
    debuggers.delete(pid);
    if (debuggers.size === 0) leave();
  };
  const watchDebugger = (pid: number): void => {
    debuggers.add(pid);
    unsubscribe ??= helper()?.onDebuggerGone?.(forget);
  };
  const unwatchDebugger = (pid: number): void => forget(pid);
  const dispose = (): void => {
    enabled.clear();
    releaseAll();
    unsubscribe?.();
    unsubscribe = undefined;
  };
  const isStopped = (id: number): boolean => stopped.has(id);
  const stoppedCount = (): number => stopped.size;
  global[key] = {
    isStopped,
    stoppedCount,
    hit: balrogNonStopHit,
    condition: balrogNonStopCondition,
    evaluate,
    locals,
    resume,
    stepFrom,
    releaseAll,
    enable,
    disable,
    watchDebugger,
    unwatchDebugger,
    dispose,
    version,
  };
  return 'installed';
}

/** An expression that installs the non-stop part in a target. */
export const nonStopInstallExpression = `(${installNonStop.toString()})()`;
