/**
 * Calls a framework's handler in a new fiber without changing what the
 * framework sees: a handler that finishes before its first wait returns (or
 * throws) synchronously, exactly as it would without balrog; only a handler
 * that actually waits hands back a promise, because its result does not exist
 * yet. Frameworks tell sync handlers from async ones by their return value
 * (Fastify sends an empty reply for a promise of `undefined`), so turning
 * every call into a promise would change their behaviour.
 */
import { AsyncResource, executionAsyncResource } from 'node:async_hooks';
import { inFiber, spawn } from '../core/index.js';
import { throwUncaught } from './uncaught.js';

type Fn = (this: unknown, ...args: unknown[]) => unknown;

/**
 * What the caller gets from a handler that waited (its result comes later):
 * - `detached`: `undefined` (the framework ignores the result and the handler
 *   catches its own errors, as Express's layers do); a failure of the fiber
 *   itself is an uncaught exception;
 * - `promise`: a promise of the result (Koa awaits every middleware);
 * - `promise-of-value`: a promise of the result when it is not `undefined`,
 *   and a promise that never settles when it is: the handler answers by
 *   itself, as a sync Fastify handler returning `undefined` does.
 */
export type WhenParked = 'detached' | 'promise' | 'promise-of-value';

const enum State {
  Running,
  Returned,
  Threw,
}

const neverSettles = (): Promise<never> => new Promise<never>(() => {});

/**
 * The async scope the handler would run in without balrog, when it is one the
 * fiber can re-enter: a framework's own AsyncResource (Fastify's
 * 'content-type-parser:run'). The fiber runs under its own resource otherwise,
 * and `executionAsyncId()` would name the fiber instead of the parser.
 */
function reenterableScope(): AsyncResource | undefined {
  const resource = executionAsyncResource();
  return resource instanceof AsyncResource ? resource : undefined;
}

/** Calls `fn` with `self` and `args` in a new fiber; see the module comment for what it returns. */
export function callInFiber(fn: Fn, self: unknown, args: unknown[], whenParked: WhenParked): unknown {
  const scope = reenterableScope();
  // Written by the fiber's body; read here once the fiber has parked or finished.
  const call: { state: State; outcome: unknown } = { state: State.Running, outcome: undefined };
  const body = (): void => {
    try {
      call.outcome = scope ? scope.runInAsyncScope(fn, self, ...args) : fn.apply(self, args);
      call.state = State.Returned;
    } catch (error) {
      call.outcome = error;
      call.state = State.Threw;
    }
  };
  // The body never throws, so the fiber's promise only rejects if the fiber is
  // stopped from outside (Ctrl+C) while it waits.
  const finished = spawn(body);
  if (call.state === State.Returned) return call.outcome;
  if (call.state === State.Threw) throw call.outcome;
  if (whenParked === 'detached') {
    finished.then(undefined, throwUncaught);
    return undefined;
  }
  return finished.then(() => {
    if (call.state === State.Threw) throw call.outcome;
    if (whenParked === 'promise-of-value' && call.outcome === undefined) return neverSettles();
    return call.outcome;
  });
}

const wrappers: Record<WhenParked, WeakMap<Fn, Fn>> = {
  detached: new WeakMap(),
  promise: new WeakMap(),
  'promise-of-value': new WeakMap(),
};
const ourWrappers = new WeakSet<Fn>();

/**
 * `fn` wrapped so that a call outside a fiber runs in a new one
 * (`callInFiber`), and a call inside one is a plain call. The same `fn`
 * always gets the same wrapper, kept in a WeakMap rather than marked on `fn`
 * itself: a function registered twice (two routes, two apps) is wrapped both
 * times, and a frozen function can be registered. The wrapper has `fn`'s name
 * and length, which some frameworks read.
 */
export function fiberWrapper(fn: Fn, whenParked: WhenParked): Fn {
  if (ourWrappers.has(fn)) return fn;
  const cached = wrappers[whenParked].get(fn);
  if (cached) return cached;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    return inFiber() ? fn.apply(this, args) : callInFiber(fn, this, args, whenParked);
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(wrapped, 'length', { value: fn.length, configurable: true });
  wrappers[whenParked].set(fn, wrapped);
  ourWrappers.add(wrapped);
  return wrapped;
}
