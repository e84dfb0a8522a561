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

/** Installs the helper unless present; returns 'installed' or 'present'. */
export function installDebuggerHelper(): string {
  const key = Symbol.for('balrog.debugger');
  const global = globalThis as Record<symbol, unknown>;
  if (global[key]) return 'present';
  const getBuiltin = (process as unknown as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const util = getBuiltin ? (getBuiltin('node:util') as typeof import('node:util')) : undefined;
  const abandonAll = new Set<() => void>();
  process.on('SIGURG', () => {
    for (const abandon of [...abandonAll]) abandon();
  });
  const named = (name: string, message: string): Error => {
    const error = new Error(message);
    error.name = name;
    return error;
  };
  const isThenable = (value: unknown): value is PromiseLike<unknown> =>
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function';
  interface Core {
    wait: (value: unknown) => unknown;
    inFiber: () => boolean;
  }
  const wait = (value: unknown): unknown => {
    if (!isThenable(value)) return value;
    const core = global[Symbol.for('balrog.core')] as Core | undefined;
    if (!core || !core.inFiber()) {
      // Nobody will wait for it now: keep a rejection from ending the target as unhandled.
      try {
        value.then(undefined, () => {});
      } catch {
        // A thenable whose then() throws: nothing to keep quiet.
      }
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
    try {
      return core.wait(Promise.race([value, abandoned]));
    } finally {
      abandonAll.delete(abandon);
    }
  };
  // `compact`: one line, one level deep (for `locals`), as a summary to read at a glance.
  const inspect = (value: unknown, colors: boolean, compact?: boolean): string => {
    if (!util) return String(value);
    return compact ? util.inspect(value, { colors, depth: 1, breakLength: Infinity }) : util.inspect(value, { colors, depth: 2 });
  };
  const describeError = (value: unknown): string => {
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    return inspect(value, false);
  };
  global[key] = { wait, inspect, describeError, version: 1 };
  return 'installed';
}

/** An expression that installs the helper in a target that has not loaded it. */
export const helperInstallExpression = `(${installDebuggerHelper.toString()})()`;

/** The expression evaluated code calls for each `await`. */
export const waitExpression = "globalThis[Symbol.for('balrog.debugger')].wait";
