/**
 * `vm` scripts run with a `timeout` (or `breakOnSigint`) and fibers.
 *
 * Node enforces a vm timeout with a watchdog thread that, when time is up, calls
 * V8's TerminateExecution(), which stops whatever JavaScript runs at that moment.
 * If the script waited, its fiber is suspended by then and the termination lands
 * in unrelated code (a timer on the main thread), whose async-hooks bookkeeping it
 * cuts short: Node aborts with "async hook stack has become corrupted". Without
 * fibers a timed script cannot wait, so `wait()` inside one is refused with a
 * clear error instead, and the script, timeout and all, behaves as in plain Node.
 */
import vm from 'node:vm';
import { Fiber } from './fiber.js';
import { BalrogError } from './errors.js';

/** Fibers running a timed vm script now, with how many such scripts each has open. */
const timed = new Map<Fiber, number>();

type Options = { timeout?: unknown; breakOnSigint?: unknown } | undefined;

function isTimed(options: unknown): boolean {
  if (typeof options !== 'object' || options === null) return false;
  const { timeout, breakOnSigint } = options as NonNullable<Options>;
  return timeout !== undefined || breakOnSigint === true;
}

function guard<A extends unknown[], R>(run: (this: vm.Script, ...args: A) => R, optionsAt: number): (this: vm.Script, ...args: A) => R {
  const guarded = function (this: vm.Script, ...args: A): R {
    const fiber = Fiber.current;
    if (fiber === undefined || !isTimed(args[optionsAt])) return Reflect.apply(run, this, args);
    timed.set(fiber, (timed.get(fiber) ?? 0) + 1);
    try {
      return Reflect.apply(run, this, args);
    } finally {
      const open = timed.get(fiber)! - 1;
      if (open === 0) timed.delete(fiber);
      else timed.set(fiber, open);
    }
  };
  Object.defineProperty(guarded, 'name', { value: run.name });
  Object.defineProperty(guarded, 'length', { value: run.length });
  return guarded;
}

// vm.runInContext, runInNewContext and runInThisContext all end in these two methods.
const proto = vm.Script.prototype;
proto.runInContext = guard(proto.runInContext, 1);
proto.runInThisContext = guard(proto.runInThisContext, 0);

/** Throws when `fiber` is inside a vm script with a timeout, where a wait would let the timeout hit other code. */
export function assertMayWait(fiber: Fiber): void {
  if (timed.size === 0 || !timed.has(fiber)) return;
  throw new BalrogError(
    'wait() inside a vm script run with `timeout` or `breakOnSigint`: the timeout would stop other code while this fiber waits. ' +
      'Run the script without a timeout, or wait outside it (return the promise and wait on the result).',
    { code: 'ERR_BALROG_WAIT_IN_TIMED_VM' },
  );
}
