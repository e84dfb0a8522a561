/**
 * Keeps framework handlers in fibers after asynchronous steps.
 *
 * The request's fiber covers everything a framework calls synchronously from
 * the 'request' event. But a body parser (express.json(), Fastify's content
 * parsers) or an awaited Koa middleware calls the next handler later, from a
 * callback on the main thread, outside any fiber. So the frameworks are
 * patched as their files load: a handler invoked outside a fiber runs in a
 * new one. Inside a fiber the patch costs one check.
 */
import Module from 'node:module';
import { inFiber, spawn } from '../core/index.js';
import { throwUncaught } from './uncaught.js';

type LoadJs = (module: { exports: unknown }, filename: string) => void;
type Fn = (this: unknown, ...args: unknown[]) => unknown;
type Patcher = (module: { exports: unknown }) => void;

const PATCHED = Symbol.for('balrog.runtime.frameworkFibers');
const callInFiber = (fn: Fn, self: unknown, args: unknown[]): unknown => fn.apply(self, args);

function once(target: object): boolean {
  const t = target as { [PATCHED]?: true };
  if (t[PATCHED]) return false;
  t[PATCHED] = true;
  return true;
}

/** Express 4/5 router layers: the result is unused; the layer catches its handler's errors itself. */
function patchExpressLayer(module: { exports: unknown }): void {
  const proto = (module.exports as { prototype?: Record<string, unknown> } | undefined)?.prototype;
  if (!proto || !once(proto)) return;
  for (const name of ['handleRequest', 'handleError', 'handle_request', 'handle_error']) {
    const method = proto[name];
    if (typeof method !== 'function') continue;
    proto[name] = function (this: unknown, ...args: unknown[]): unknown {
      if (inFiber()) return method.apply(this, args);
      spawn(callInFiber, method as Fn, this, args).then(undefined, throwUncaught);
      return undefined;
    };
  }
}

/**
 * Wraps a handler whose caller awaits its result (Koa middleware, Fastify
 * route handlers): outside a fiber it returns the fiber's promise instead.
 */
function inFiberOrPromise(fn: Fn): Fn {
  if (!once(fn)) return fn;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    return inFiber() ? fn.apply(this, args) : spawn(callInFiber, fn, this, args);
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name });
  once(wrapped);
  return wrapped;
}

/** Koa: every middleware given to app.use(). */
function patchKoa(module: { exports: unknown }): void {
  const proto = (module.exports as { prototype?: { use?: Fn } } | undefined)?.prototype;
  if (!proto?.use || !once(proto)) return;
  const use = proto.use;
  proto.use = function (this: unknown, fn: unknown) {
    return use.call(this, typeof fn === 'function' ? inFiberOrPromise(fn as Fn) : fn);
  };
}

/** Fastify: every route handler, through an onRoute hook added to each new instance. */
function patchFastify(module: { exports: unknown }): void {
  const factory = module.exports as Fn & Record<string, unknown>;
  if (typeof factory !== 'function' || !once(factory)) return;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const app = factory.apply(this, args) as { addHook(name: string, hook: (route: { handler?: unknown }) => void): void };
    app.addHook('onRoute', (route) => {
      if (typeof route.handler === 'function') route.handler = inFiberOrPromise(route.handler as Fn);
    });
    return app;
  } as Fn & Record<string, unknown>;
  Object.assign(wrapped, factory, { fastify: wrapped, default: wrapped });
  once(wrapped);
  module.exports = wrapped;
}

const patchers: Array<[RegExp, Patcher]> = [
  [/[\\/]node_modules[\\/](?:router[\\/]lib|express[\\/]lib[\\/]router)[\\/]layer\.js$/, patchExpressLayer],
  [/[\\/]node_modules[\\/]koa[\\/]lib[\\/]application\.js$/, patchKoa],
  [/[\\/]node_modules[\\/]fastify[\\/]fastify\.js$/, patchFastify],
];

let installed = false;

/** Watches CommonJS loads for Express, Koa and Fastify and patches them. Idempotent. */
export function keepFrameworksInFibers(): void {
  if (installed) return;
  installed = true;
  const extensions = (Module as unknown as { _extensions: Record<string, LoadJs> })._extensions;
  const loadJs = extensions['.js']!;
  extensions['.js'] = function (module, filename) {
    loadJs.call(this, module, filename);
    for (const [file, patch] of patchers) if (file.test(filename)) patch(module);
  };
}
