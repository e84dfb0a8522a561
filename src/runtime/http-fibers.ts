/**
 * Runs every HTTP request in its own fiber: `Server.prototype.emit` of
 * `http` and `https` hands 'request' (and the 100-continue events) to a new
 * fiber that calls the listeners, so Express, Koa and Fastify handlers can
 * call `wait()`. Patched once, at the prototype, because this is the hot
 * path: other events cost one string comparison.
 */
import http from 'node:http';
import https from 'node:https';
import { spawn } from '../core/index.js';
import { throwUncaught } from './uncaught.js';

const PATCHED = Symbol.for('balrog.runtime.httpFibers');
type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
type Proto = { emit: Emit; [PATCHED]?: true };

function patch(proto: Proto): void {
  if (proto[PATCHED]) return;
  proto[PATCHED] = true;
  const emit = proto.emit;
  // The fiber body: returns nothing, so an async listener's promise is left
  // alone and its rejection stays an unhandled rejection, as in plain Node.
  const deliver = (server: http.Server, event: string, req: unknown, res: unknown): void => {
    emit.call(server, event, req, res);
  };
  proto.emit = function (this: http.Server, event: string | symbol, req?: unknown, res?: unknown): boolean {
    if (event === 'request' || event === 'checkContinue' || event === 'checkExpectation') {
      if (this.listenerCount(event) === 0) return false;
      // A listener that throws is an uncaught exception, as when it throws in plain Node.
      spawn(deliver, this, event, req, res).then(undefined, throwUncaught);
      return true;
    }
    // biome-ignore lint/complexity/noArguments: forwards every argument of emit() as received, without a rest array per event.
    return emit.apply(this, arguments as unknown as [string | symbol, ...unknown[]]);
  };
}

/** Installs the per-request fibers for `http` and `https` servers. Idempotent. */
export function runRequestsInFibers(): void {
  patch(http.Server.prototype as unknown as Proto);
  patch(https.Server.prototype as unknown as Proto);
}
