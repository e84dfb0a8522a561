/**
 * Runs every HTTP request in its own fiber: `Server.prototype.emit` of
 * `http` and `https` hands 'request' (and the 100-continue events) to a new
 * fiber that calls the listeners, so Express, Koa and Fastify handlers can
 * call `wait()`. Patched once, at the prototype, because this is the hot
 * path: other events cost one string comparison.
 *
 * A request read by Node's HTTP parser starts in the turn's run queue
 * (`startInTurn`: `spawnInTurn` without the promise): the requests read in
 * one turn of the event loop start one after another on one thread, right
 * after that turn's I/O callbacks, instead of each costing two thread
 * hand-offs inside its own callback
 * (docs/design/scheduler.md). Whatever must come after a queued request's
 * handler comes after it still: any other event of the server (a 'clientError'
 * that answers the next pipelined request with 400 and closes the socket), and
 * the 'end', 'error' and 'close' of the request's socket, first start the
 * queued requests, as they would have started in plain Node. What the queued
 * handlers write reaches the kernel when the queue's drain ends (`holdWrites`).
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { atTurnEnd, inTurnFiber, runTurnNow, turnPending } from '../core/fiber.js';
import { spawn } from '../core/index.js';
import { startInTurn } from '../core/spawn.js';
import { throwUncaught } from './uncaught.js';

const PATCHED = Symbol.for('balrog.runtime.httpFibers');
const WATCHED = Symbol('balrog.runtime.httpFibers.socket');
type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
type Proto = { emit: Emit; [PATCHED]?: true };
const HELD = Symbol('balrog.runtime.httpFibers.heldWrite');
type WriteCallback = (error?: Error | null) => void;
type ParsedSocket = Socket & {
  parser?: unknown;
  [WATCHED]?: true;
  /** A write held until the turn's drain ends. */
  [HELD]?: () => void;
  _write(chunk: unknown, encoding: BufferEncoding, cb: WriteCallback): void;
  _writev?(chunks: unknown[], cb: WriteCallback): void;
  _destroy(error: Error | null, cb: (error?: Error | null) => void): void;
};

/** Starts the queued requests before an event (of a server or a request's socket) that must come after their handlers. */
function startQueued(): void {
  if (turnPending()) runTurnNow();
}

/** Makes the write the socket is holding, if any. */
function release(socket: ParsedSocket): void {
  const write = socket[HELD];
  if (write === undefined) return;
  socket[HELD] = undefined;
  write();
}

/**
 * A response written by a fiber of the turn's queue reaches the kernel when the
 * drain ends, with the others of the turn, as plain Node writes the responses of
 * one turn's callbacks: one after another, while the client is still awake
 * (written a thread hand-off apart, each wakes it anew). The stream writes one
 * chunk list at a time, so a socket holds at most one write; it is made before
 * the socket is destroyed, as it would have been made before.
 */
function holdWrites(socket: ParsedSocket): void {
  socket[HELD] = undefined; // the socket's shape settles here, not at its first held write
  const write = socket._write;
  const writev = socket._writev;
  const destroy = socket._destroy;
  const hold = (make: () => void): void => {
    socket[HELD] = make;
    atTurnEnd(() => release(socket));
  };
  socket._write = function (chunk, encoding, cb) {
    if (inTurnFiber()) hold(() => write.call(this, chunk, encoding, cb));
    else write.call(this, chunk, encoding, cb);
  };
  if (writev !== undefined) {
    socket._writev = function (chunks, cb) {
      if (inTurnFiber()) hold(() => writev.call(this, chunks, cb));
      else writev.call(this, chunks, cb);
    };
  }
  socket._destroy = function (error, cb) {
    release(this);
    destroy.call(this, error, cb);
  };
}

// Prepended, so they run before the server's own listeners (which end or abort the requests).
function watch(socket: ParsedSocket): void {
  socket[WATCHED] = true;
  holdWrites(socket);
  socket.prependListener('end', startQueued);
  socket.prependListener('error', startQueued);
  socket.prependListener('close', startQueued);
}

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
      const socket = (req as http.IncomingMessage | undefined)?.socket as ParsedSocket | undefined;
      // Only what Node's parser read is queued: a request emitted by hand (a test's mock) runs at once, as before.
      const queued = event === 'request' && socket?.parser != null;
      if (queued && socket[WATCHED] !== true) watch(socket);
      // A listener that throws is an uncaught exception, as when it throws in plain Node.
      if (queued) startInTurn(deliver, throwUncaught, this, event, req, res);
      else spawn(deliver, this, event, req, res).then(undefined, throwUncaught);
      return true;
    }
    if (event !== 'connection') startQueued();
    // biome-ignore lint/complexity/noArguments: forwards every argument of emit() as received, without a rest array per event.
    return emit.apply(this, arguments as unknown as [string | symbol, ...unknown[]]);
  };
}

/** Installs the per-request fibers for `http` and `https` servers. Idempotent. */
export function runRequestsInFibers(): void {
  patch(http.Server.prototype as unknown as Proto);
  patch(https.Server.prototype as unknown as Proto);
}
