/**
 * What the debugger needs inside the target process, installed at
 * `globalThis[Symbol.for('balrog.debugger')]`:
 *
 * - `wait(value)`: the function that evaluated `await X` calls. In a fiber it
 *   waits with the core's `wait()` (the paused fiber parks, the event loop
 *   keeps turning); outside one it fails with a message that says why, since
 *   the event loop is stopped with the paused frame.
 * - `inspect(value, colors, compact)`: formats a result as the REPL does.
 * - a SIGURG listener that abandons pending evaluations (the debugger's
 *   Ctrl+C): while an evaluation waits, the inspector cannot take another
 *   command, so the request has to come through the event loop.
 *
 * `installDebuggerHelper` must stay self-contained: the debugger injects its
 * source text (`Function.prototype.toString`) into targets that did not load it.
 */

/** The signal that abandons the target's pending debugger evaluations. */
export const ABANDON_SIGNAL = 'SIGURG';

/**
 * Installs the helper unless this version is present (a target holding an
 * older one, from an older balrog, gets this one over it); returns
 * 'installed' or 'present'.
 */
export function installDebuggerHelper(): string {
  const version = 3;
  const key = Symbol.for('balrog.debugger');
  const global = globalThis as Record<symbol, unknown>;
  const previous = global[key] as { version?: number; dispose?: () => void } | undefined;
  if (previous && previous.version === version) return 'present';
  previous?.dispose?.();
  const getBuiltin = (process as unknown as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const util = getBuiltin ? (getBuiltin('node:util') as typeof import('node:util')) : undefined;
  const fs = getBuiltin ? (getBuiltin('node:fs') as typeof import('node:fs')) : undefined;
  const abandonAll = new Set<() => void>();
  const abandonPending = (): void => {
    for (const abandon of [...abandonAll]) abandon();
  };
  process.on('SIGURG', abandonPending);
  const named = (name: string, message: string): Error => {
    const error = new Error(message);
    error.name = name;
    return error;
  };
  // src/core/thenable.ts's rule, its own copy, not an import: this function's source is sent to the
  // target and run there (helperInstallExpression), where none of balrog's modules can be reached.
  const isThenable = (value: unknown): value is PromiseLike<unknown> =>
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function';
  // A real promise: attaching a handler runs no user code (unlike a thenable's then()).
  const isPromise = (value: unknown): value is Promise<unknown> => (util ? util.types.isPromise(value) : value instanceof Promise);
  const quiet = (value: Promise<unknown>): void => {
    Promise.prototype.then.call(value, undefined, () => {});
  };
  interface Core {
    wait: (value: unknown) => unknown;
    inFiber: () => boolean;
  }
  const core = (): Core | undefined => global[Symbol.for('balrog.core')] as Core | undefined;
  const inFiber = (): boolean => Boolean(core()?.inFiber());
  const wait = (value: unknown): unknown => {
    if (!isThenable(value)) return value;
    if (!inFiber()) {
      // Nobody will wait for it now: keep a rejection from ending the target
      // as unhandled. Only for real promises: a thenable's then() is user code
      // (a query builder would run its query).
      if (isPromise(value)) quiet(value);
      throw named(
        'NotInFiberError',
        'cannot wait here: the event loop is stopped with this frame because it does not run in a fiber; ' +
          'run the code under `balrog run` or in `spawn()` to await while paused (synchronous expressions work)',
      );
    }
    let abandon = (): void => {};
    const abandoned = new Promise<never>((_, reject) => {
      abandon = () => reject(named('InterruptedError', 'evaluation abandoned (Ctrl+C)'));
    });
    abandonAll.add(abandon);
    // The debugger waits for this value: keep the event loop alive meanwhile.
    // Otherwise a promise nothing else will settle (in a program with no
    // timers or sockets left) empties the loop, and the core ends the parked
    // fiber ("Execution was terminated") instead of letting Ctrl+C abandon it.
    const keepAlive = setInterval(() => {}, 2 ** 30);
    try {
      return core()!.wait(Promise.race([value, abandoned]));
    } finally {
      clearInterval(keepAlive);
      abandonAll.delete(abandon);
    }
  };
  // Implicit await of a result: the debugger stashes the value here (a call
  // that runs no user code), then, when waiting is possible, evaluates
  // `waitStashed(id)` on the paused frame, exactly as `await` would.
  const stashed = new Map<number, unknown>();
  let nextStash = 1;
  const stash = (value: unknown): number => {
    if (!isThenable(value) || !inFiber()) return 0;
    stashed.set(nextStash, value);
    return nextStash++;
  };
  const waitStashed = (id: number): unknown => {
    const value = stashed.get(id);
    stashed.delete(id);
    return wait(value);
  };
  // A result in one round trip: stashed for an implicit await (`{ stash: id }`),
  // else formatted (`{ text }`), so a plain object costs one call, not two.
  const present = (value: unknown, colors: boolean): { stash: number } | { text: string } => {
    const id = stash(value);
    return id === 0 ? { text: inspect(value, colors) } : { stash: id };
  };
  // The debugger's watchdog (the only one in the target: non-stop mode's part
  // subscribes with onDebuggerGone): while a debugger is attached, check every
  // 250 ms that its process is alive. When it is gone (even killed with
  // SIGKILL), pending evaluations are abandoned so that the paused frame
  // returns to the inspector, which resumes the target once no session is
  // left; a target that `balrog debug` started ends with its debugger.
  const debuggers = new Map<number, boolean>();
  // Others in the target that must act when a debugger goes (non-stop mode's part, park.ts):
  // one watchdog for all of them.
  const goneListeners = new Set<(pid: number) => void>();
  let watchdog: ReturnType<typeof setInterval> | undefined;
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
    } catch (error) {
      return (error as { code?: string }).code === 'EPERM';
    }
    try {
      // A killed process stays a zombie until its parent reaps it.
      const stat = fs?.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return !stat || !/^\d+ \(.*\) Z/s.test(stat);
    } catch {
      return true;
    }
  };
  const check = (): void => {
    for (const [pid, endTarget] of [...debuggers]) {
      if (alive(pid)) continue;
      debuggers.delete(pid);
      abandonPending();
      for (const listener of [...goneListeners]) {
        try {
          listener(pid);
        } catch {
          // One listener's failure must not keep the others (or the target's end) from running.
        }
      }
      if (endTarget) {
        process.kill(process.pid, 'SIGTERM');
        setTimeout(() => process.kill(process.pid, 'SIGKILL'), 2000).unref();
      }
    }
    if (debuggers.size === 0 && watchdog) {
      clearInterval(watchdog);
      watchdog = undefined;
    }
  };
  const watchDebugger = (pid: number, endTarget: boolean): void => {
    debuggers.set(pid, endTarget);
    watchdog ??= setInterval(check, 250);
    watchdog.unref();
  };
  const unwatchDebugger = (pid: number): void => {
    debuggers.delete(pid);
    check();
  };
  /** Calls `listener(pid)` when a watched debugger's process is found gone; returns the unsubscribe. */
  const onDebuggerGone = (listener: (pid: number) => void): (() => void) => {
    goneListeners.add(listener);
    return () => goneListeners.delete(listener);
  };
  // How the target ends, for the debugger's status line ("exited with code
  // 3"): the exit code goes to the inspector's console only (not stdout),
  // marked so that the debugger recognises it; it arrives before the
  // inspector closes.
  const inspectorConsole = getBuiltin ? (getBuiltin('node:inspector') as { console?: Console }).console : undefined;
  const reportExit = (code: number): void => {
    inspectorConsole?.debug(exitMarker, code);
  };
  const exitMarker = 'balrog.debugger:exit';
  process.on('exit', reportExit);
  const dispose = (): void => {
    process.off('exit', reportExit);
    process.off('SIGURG', abandonPending);
    if (watchdog) clearInterval(watchdog);
  };
  // `compact`: one line, one level deep (for `locals`), as a summary to read at a glance.
  const inspect = (value: unknown, colors: boolean, compact?: boolean): string => {
    if (!util) return String(value);
    return compact
      ? util.inspect(value, { colors, depth: 1, breakLength: Infinity, compact: true })
      : util.inspect(value, { colors, depth: 2 });
  };
  const describeError = (value: unknown): string => {
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    return inspect(value, false);
  };
  global[key] = {
    wait,
    stash,
    waitStashed,
    present,
    watchDebugger,
    onDebuggerGone,
    unwatchDebugger,
    dispose,
    inspect,
    describeError,
    version,
  };
  return 'installed';
}

/** The first argument of the inspector console message that carries the target's exit code. */
export const EXIT_MARKER = 'balrog.debugger:exit';

/** An expression that installs the helper in a target that has not loaded it. */
export const helperInstallExpression = `(${installDebuggerHelper.toString()})()`;

/** The helper, as an expression evaluated in the target. */
export const helperExpression = "globalThis[Symbol.for('balrog.debugger')]";

/** The expression evaluated code calls for each `await`. */
export const waitExpression = `${helperExpression}.wait`;
