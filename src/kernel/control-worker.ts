/**
 * The heartbeat, control and iopub channels, in a worker thread. A cell that
 * runs a busy loop, or stops at a breakpoint, blocks the main thread, so
 * these live here: the heartbeat keeps answering, an interrupt_request turns
 * into a SIGINT to this process at once (which the fiber core turns into an
 * interrupt of the loop), and the debugger (debug_request, answered here
 * entirely, with its debug_events and busy/idle status on iopub) keeps
 * working while the cell is paused. Every other control message is passed to
 * the main thread, which replies; the main thread's iopub messages come here
 * already signed and are published in order.
 *
 * Two rules keep the process from aborting when it ends (zeromq.js issue
 * #411, ZeroMQ in worker threads): the sockets are closed before the thread
 * is torn down (a socket still open then is finalized during teardown, and
 * its finalizer throws: "terminate called after throwing an instance of
 * 'Napi::Error'"), and nothing is sent zero-copy (see worker-frames.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Publisher, Reply, Router } from 'zeromq';
import type { DapAdapter, DapRequest } from './debug/dap-adapter.js';
import { MessageFactory, type Message } from './message.js';
import { MessageSigner } from './signer.js';
import { DigestHistory } from './digest-history.js';
import { decodeMessage, encodeMessage, WireError } from './wire.js';
import { copiedFrame } from './worker-frames.js';

/** What the main thread passes in. */
export interface ControlWorkerData {
  controlAddress: string;
  heartbeatAddress: string;
  iopubAddress: string;
  key: string;
  /** The kernel's session id: the debugger's messages carry it too. */
  session: string;
}

/**
 * Messages between the main thread and this worker. `close` carries a flag in
 * shared memory that the worker sets (and notifies) once its sockets are
 * closed, so that the main thread can wait for it synchronously, even from a
 * process 'exit' handler.
 */
export type ToWorker = { send: Uint8Array[] } | { publish: Uint8Array[] } | { close: Int32Array };
export type FromWorker = { ready: true } | { error: string } | { frames: Uint8Array[] } | { log: string } | { debugging: boolean };

const data = workerData as ControlWorkerData;
const port = parentPort!;
const signer = new MessageSigner(data.key);
// Replies still queued when the socket closes get a moment to leave (ipykernel
// lingers too); nothing waits for this, since the process exit does not.
const heartbeat = new Reply({ linger: 0 });
const control = new Router({ linger: 1000 });
const iopub = new Publisher({ linger: 1000 });
// Its own history: a replayed interrupt_request must not interrupt either.
const digests = new DigestHistory();
const factory = new MessageFactory(data.session);
/** zeromq refuses a second send on a socket while one is pending: one chain per socket. */
let sendingControl = Promise.resolve();
let sendingIopub = Promise.resolve();

function sendControl(frames: Uint8Array[]): void {
  const copied = frames.map(copiedFrame);
  sendingControl = sendingControl.then(() => control.send(copied)).catch(reportSendFailure);
}

function sendIopub(frames: Uint8Array[]): void {
  const copied = frames.map(copiedFrame);
  sendingIopub = sendingIopub.then(() => iopub.send(copied)).catch(reportSendFailure);
}

function reportSendFailure(error: Error): void {
  if (!closing) port.postMessage({ log: `send failed: ${error.message}` } satisfies FromWorker);
}

/** Sends a message this thread makes (the debugger's) on the control or iopub socket. */
function sendMessage(socket: 'control' | 'iopub', message: Message<unknown>): void {
  if (closing) return;
  const frames = encodeMessage(message, signer);
  if (socket === 'control') sendControl(frames);
  else sendIopub(frames);
}

let lastDebugRequest: Message | undefined;
/**
 * Loaded with the first debug_request: the adapter brings the debugger
 * engine and the REPL's parser, which the kernel's start need not wait for.
 */
let debuggerAdapter: Promise<DapAdapter> | undefined;

function loadDebuggerAdapter(): Promise<DapAdapter> {
  debuggerAdapter ??= import('./debug/dap-adapter.js').then(
    ({ DapAdapter }) =>
      new DapAdapter(
        (event) => sendMessage('iopub', factory.make('debug_event', event, lastDebugRequest)),
        (started) => port.postMessage({ debugging: started } satisfies FromWorker),
      ),
  );
  return debuggerAdapter;
}

/**
 * Waits for the debugger to let a stopped cell go, but not for ever: the
 * control channel (the next interrupt, the shutdown) must stay served.
 * Resolves true when the work finished in time.
 */
function boundedWait(work: Promise<void> | undefined, ms = 5000): Promise<boolean> {
  if (!work) return Promise.resolve(true);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([work.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

/**
 * interrupt_request: SIGINT, which the fiber core turns into an interrupt of
 * the running cell. A cell stopped at a breakpoint is resumed first (stopped,
 * it cannot be interrupted); when that takes too long the signal goes now
 * and once more when the cell runs again, so the interrupt is not lost.
 */
async function interruptCell(): Promise<void> {
  const interrupt = (): boolean => process.kill(process.pid, 'SIGINT');
  const released = (await debuggerAdapter)?.resume();
  if (!(await boundedWait(released)) && released) void released.then(interrupt);
  interrupt();
}

/** A debug_request, answered here: the main thread may be stopped at a breakpoint. */
async function serveDebugRequest(request: Message): Promise<void> {
  lastDebugRequest = request;
  sendMessage('iopub', factory.make('status', { execution_state: 'busy' }, request));
  const dap = request.content as unknown as DapRequest;
  let reply: object;
  try {
    reply = await (await loadDebuggerAdapter()).handle(dap);
  } catch (error) {
    // The adapter itself failed to load: still a DAP response, so the frontend does not wait for ever.
    const message = `the debugger could not start: ${(error as Error).message}`;
    reply = { seq: 0, type: 'response', request_seq: dap.seq, success: false, command: dap.command, message };
    port.postMessage({ log: message } satisfies FromWorker);
  }
  sendMessage('control', factory.make('debug_reply', reply, request, { started: new Date().toISOString() }));
  sendMessage('iopub', factory.make('status', { execution_state: 'idle' }, request));
}

async function echoHeartbeats(): Promise<void> {
  for await (const frames of heartbeat) await heartbeat.send(frames.map(copiedFrame));
}

async function receiveControl(): Promise<void> {
  for await (const frames of control) {
    try {
      const message = decodeMessage(frames, signer, digests);
      const type = message.header.msg_type;
      if (type === 'debug_request') {
        void serveDebugRequest(message);
        continue;
      }
      // A cell stopped at a breakpoint can neither be interrupted nor shut down: resume it first.
      if (type === 'interrupt_request') await interruptCell();
      if (type === 'shutdown_request') await boundedWait((await debuggerAdapter)?.disconnect());
    } catch (error) {
      // The main thread decodes again and logs; a bad message never interrupts.
      if (!(error instanceof WireError)) throw error;
    }
    port.postMessage({ frames } satisfies FromWorker);
  }
}

// Set once the main thread asks for the close: from then on nothing here calls into the addon.
let closing = false;
const quietly = (error: Error): void => {
  if (!closing) port.postMessage({ log: `control worker: ${error.message}` } satisfies FromWorker);
};
let loops: Array<Promise<void>> = [];

/**
 * Closes both sockets, lets the receive loops end (their pending receives
 * reject), and only then tells the main thread, which may tear this thread
 * down right away (process.exit). JavaScript that calls into zeromq.js while
 * its thread is being terminated aborts the process: node-addon-api rethrows
 * the "cannot call into JS" failure as a C++ exception nothing catches (a
 * receive loop's error handler reading `socket.closed` did, ~1 exit in 60).
 */
async function closeSockets(done: Int32Array): Promise<void> {
  heartbeat.close();
  control.close();
  iopub.close();
  await Promise.allSettled(loops);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
  port.close();
}

port.on('message', (message: ToWorker) => {
  if ('send' in message) {
    if (!closing) sendControl(message.send); // once exiting, whatever was sent before the close still goes out
  } else if ('publish' in message) {
    if (!closing) sendIopub(message.publish);
  } else {
    closing = true;
    void Promise.allSettled([sendingControl, sendingIopub]).finally(() => closeSockets(message.close));
  }
});

try {
  await heartbeat.bind(data.heartbeatAddress);
  await control.bind(data.controlAddress);
  await iopub.bind(data.iopubAddress);
  port.postMessage({ ready: true } satisfies FromWorker);
  loops = [echoHeartbeats().catch(quietly), receiveControl().catch(quietly)];
} catch (error) {
  port.postMessage({ error: (error as Error).message } satisfies FromWorker);
}
