/**
 * Keeps Express handlers in fibers after asynchronous middleware.
 *
 * The request's fiber covers every handler that Express calls synchronously.
 * But middleware such as `express.json()` calls `next()` later, from a stream
 * callback on the main thread, and the route handler would then run outside
 * any fiber. So the router's `Layer` (the `router` package of Express 5, or
 * Express 4's own) is patched when it loads: a layer invoked outside a fiber
 * runs in a new one. Inside a fiber it costs one check.
 */
import Module from 'node:module';
import { inFiber, spawn } from '../core/index.js';
import { throwUncaught } from './uncaught.js';

type LoadJs = (module: { exports: unknown }, filename: string) => void;
type Handler = (this: unknown, ...args: unknown[]) => unknown;

/** Express 5 (`router/lib/layer.js`) and Express 4 (`express/lib/router/layer.js`). */
const LAYER_FILE = /[\\/]node_modules[\\/](?:router[\\/]lib|express[\\/]lib[\\/]router)[\\/]layer\.js$/;
const METHODS = ['handleRequest', 'handleError', 'handle_request', 'handle_error'];
const PATCHED = Symbol.for('balrog.runtime.expressFibers');

const callInFiber = (method: Handler, layer: unknown, args: unknown[]): unknown => method.apply(layer, args);

function patchLayer(Layer: unknown): void {
  const proto = (Layer as { prototype?: Record<string | symbol, unknown> } | undefined)?.prototype;
  if (!proto || proto[PATCHED]) return;
  proto[PATCHED] = true;
  for (const name of METHODS) {
    const method = proto[name];
    if (typeof method !== 'function') continue;
    proto[name] = function (this: unknown, ...args: unknown[]): unknown {
      if (inFiber()) return method.apply(this, args);
      // The layer catches its handler's errors itself; anything else is uncaught, as before.
      spawn(callInFiber, method as Handler, this, args).then(undefined, throwUncaught);
      return undefined;
    };
  }
}

let installed = false;

/** Watches CommonJS loads for Express's router layer and patches it. Idempotent. */
export function keepExpressInFibers(): void {
  if (installed) return;
  installed = true;
  const extensions = (Module as unknown as { _extensions: Record<string, LoadJs> })._extensions;
  const loadJs = extensions['.js']!;
  extensions['.js'] = function (module, filename) {
    loadJs.call(this, module, filename);
    if (LAYER_FILE.test(filename)) patchLayer(module.exports);
  };
}
