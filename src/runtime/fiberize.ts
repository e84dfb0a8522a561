/**
 * `fiberize(fn)`: the callback-side half of the runtime. HTTP handlers get
 * their fibers from the runtime itself; timers, emitters, queue consumers and
 * websocket messages get theirs by wrapping the callback.
 */
import { spawn } from '../core/index.js';

/**
 * Wraps `fn` so that every call runs in a new fiber, where it can call
 * `wait()` and `balrog/sync` functions. The wrapper returns a promise of
 * `fn`'s result, exactly like an async function would: if nobody handles a
 * failure, Node reports it as an unhandled rejection.
 *
 * @example ws.on('message', fiberize((data) => { db.query('...'); ws.send('saved'); }));
 */
export function fiberize<This, Args extends unknown[], Result>(
  fn: (this: This, ...args: Args) => Result,
): (this: This, ...args: Args) => Promise<Awaited<Result>> {
  const wrapped = function (this: This, ...args: Args): Promise<Awaited<Result>> {
    return spawn(() => fn.apply(this, args)) as Promise<Awaited<Result>>;
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name });
  return wrapped;
}
