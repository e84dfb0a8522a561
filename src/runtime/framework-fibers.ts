/**
 * Keeps framework handlers in fibers after asynchronous steps.
 *
 * The request's fiber covers everything a framework calls synchronously from
 * the 'request' event. But a body parser (express.json(), Fastify's content
 * parsers) or an awaited Koa middleware calls the next handler later, from a
 * callback on the main thread, outside any fiber; `fastify.inject()` has no
 * 'request' event at all. So the frameworks are patched as their files load:
 * a handler invoked outside a fiber runs in a new one (`callInFiber`, which
 * keeps the handler's sync or async shape). Inside a fiber the patch costs one
 * check. The user's functions are never modified, only wrapped where the
 * framework calls them.
 */
import Module from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fiberWrapper } from './call-in-fiber.js';

type LoadJs = (module: { exports: unknown }, filename: string) => void;
type Fn = (this: unknown, ...args: unknown[]) => unknown;
type LoadedModule = { exports: unknown; filename?: string };
type Patcher = (module: LoadedModule, filename: string) => void;

const patched = new WeakSet<object>();

function once(target: object): boolean {
  if (patched.has(target)) return false;
  patched.add(target);
  return true;
}

function prototypeOf(module: LoadedModule): Record<string, unknown> | undefined {
  const proto = (module.exports as { prototype?: Record<string, unknown> } | undefined)?.prototype;
  return proto && once(proto) ? proto : undefined;
}

/**
 * Express 4/5 router layers: the layer calls the route handler or middleware
 * and catches its errors itself; its callers ignore what it returns.
 */
function patchExpressLayer(module: LoadedModule): void {
  const proto = prototypeOf(module);
  if (!proto) return;
  for (const name of ['handleRequest', 'handleError', 'handle_request', 'handle_error']) {
    const method = proto[name];
    if (typeof method === 'function') proto[name] = fiberWrapper(method as Fn, 'detached');
  }
}

/** router >= 2.3 (Express 5): `callParam()` runs every app.param()/router.param() callback and catches its errors. */
function patchRouterParam(module: LoadedModule): void {
  const callParam = module.exports;
  if (typeof callParam === 'function' && once(callParam)) module.exports = fiberWrapper(callParam as Fn, 'detached');
}

/**
 * router < 2.3 calls param callbacks inline, and awaits a returned promise's
 * rejection: so each callback is wrapped where it is registered.
 */
function patchRouterIndex(module: LoadedModule, filename: string): void {
  if (existsSync(join(dirname(filename), 'lib', 'param.js'))) return; // patched there
  const proto = prototypeOf(module);
  const param = proto?.param;
  if (typeof param !== 'function') return;
  proto!.param = function (this: unknown, name: unknown, fn: unknown) {
    return (param as Fn).call(this, name, typeof fn === 'function' ? fiberWrapper(fn as Fn, 'promise') : fn);
  };
}

/** Koa: every middleware given to app.use() (koa-compose awaits what each returns). */
function patchKoa(module: LoadedModule): void {
  const proto = prototypeOf(module);
  const use = proto?.use;
  if (typeof use !== 'function') return;
  proto!.use = function (this: unknown, fn: unknown) {
    return (use as Fn).call(this, typeof fn === 'function' ? fiberWrapper(fn as Fn, 'promise') : fn);
  };
}

/**
 * Fastify: the route's Context (lib/context.js) holds the handler that
 * handle-request.js calls (route handlers, and not-found handlers). Wrapping
 * it there, after the onRoute hooks have run, leaves route options (what
 * onRoute hooks and plugins see) with the user's own function.
 */
function patchFastifyContext(module: LoadedModule): void {
  const Context = module.exports as Fn & { prototype: object };
  if (typeof Context !== 'function' || !once(Context)) return;
  const FiberContext = function (this: { handler?: unknown }, ...args: unknown[]) {
    Context.apply(this, args);
    if (typeof this.handler === 'function') this.handler = fiberWrapper(this.handler as Fn, 'promise-of-value');
  } as unknown as Fn & { prototype: object };
  FiberContext.prototype = Context.prototype;
  Object.defineProperty(FiberContext, 'name', { value: Context.name });
  once(FiberContext);
  module.exports = FiberContext;
}

const patchers: Array<[RegExp, Patcher]> = [
  [/[\\/]node_modules[\\/](?:router[\\/]lib|express[\\/]lib[\\/]router)[\\/]layer\.js$/, patchExpressLayer],
  [/[\\/]node_modules[\\/]router[\\/]lib[\\/]param\.js$/, patchRouterParam],
  [/[\\/]node_modules[\\/]router[\\/]index\.js$/, patchRouterIndex],
  [/[\\/]node_modules[\\/]koa[\\/]lib[\\/]application\.js$/, patchKoa],
  [/[\\/]node_modules[\\/]fastify[\\/]lib[\\/]context\.js$/, patchFastifyContext],
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
    for (const [file, patch] of patchers) if (file.test(filename)) patch(module, filename);
  };
}
