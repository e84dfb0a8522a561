/**
 * The heartbeat, control, iopub and stdin channels, in a worker thread. A
 * cell that runs a busy loop, or stops at a breakpoint, blocks the main
 * thread, so these live here: the heartbeat keeps answering, an
 * interrupt_request turns into a SIGINT to this process at once (which the
 * fiber core turns into an interrupt of the loop), JupyterLab's debugger
 * (debug_request, answered here entirely, with its debug_events and
 * busy/idle status on iopub) keeps working while the cell is paused, and so
 * does the debug prompt that `debugger;` opens over stdin
 * (debug/stdin-debugger.ts). Every other control message, and every
 * input_reply that is not the prompt's, is passed to the main thread, which
 * handles it; the main thread's iopub, control and stdin messages come here
 * already signed and are sent in order.
 *
 * Two rules keep the process from aborting when it ends (zeromq.js issue
 * #411, ZeroMQ in worker threads): the sockets are closed before the thread
 * is torn down (a socket still open then is finalized during teardown, and
 * its finalizer throws: "terminate called after throwing an instance of
 * 'Napi::Error'"), and nothing is sent zero-copy (see worker-frames.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Reply, Router, XPublisher } from 'zeromq';
import type { DapAdapter, DapRequest } from './debug/dap-adapter.js';
import type { StdinDebugger } from './debug/stdin-debugger.js';
import { MessageFactory, type Message } from './message.js';
import { MessageSigner } from './signer.js';
import { DigestHistory } from './digest-history.js';
import { decodeMessage, encodeMessage, WireError } from './wire.js';
import { copiedFrame } from './worker-frames.js';
import { startupMark } from './startup-trace.js';

/** What the main thread passes in. */
export interface ControlWorkerData {
  controlAddress: string;
  heartbeatAddress: string;
  iopubAddress: string;
  stdinAddress: string;
  key: string;
  /** The kernel's session id: the debugger's messages carry it too. */
  session: string;
  /** The main thread's time origin, for the start-up trace. */
  timeOrigin: number;
  /** `[0]`: the number of the cell running now, 0 when none (written by the main thread: ControlThread.markRunningCell). */
  runningCell: Int32Array;
}

/**
 * Messages between the main thread and this worker. `close` carries a flag in
 * shared memory that the worker sets (and notifies) once its sockets are
 * closed, so that the main thread can wait for it synchronously, even from a
 * process 'exit' handler.
 */
export type ToWorker =
  | { send: Uint8Array[] }
  | { publish: Uint8Array[] }
  | { stdin: Uint8Array[] }
  /** Start the debug prompt over stdin (a cell mentions `debugger`). */
  | { debugPrompt: 'start' }
  /** A cell ended (after a `q` at the debug prompt, pauses stop being skipped). */
  | { cellEnded: true }
  /** At a pause, what the main thread held for iopub came before this (see kernel-globals.ts). */
  | { iopubSent: number }
  | { close: Int32Array };
export type FromWorker =
  | { ready: true }
  | { error: string }
  | { frames: Uint8Array[]; channel: 'control' | 'stdin' }
  | { log: string }
  | { debugging: boolean }
  | { debugPrompt: true | { error: string } };

const data = workerData as ControlWorkerData;
startupMark('control worker modules loaded', data.timeOrigin);
const port = parentPort!;
const signer = new MessageSigner(data.key);
// Replies still queued when the socket closes get a moment to leave (ipykernel
// lingers too); nothing waits for this, since the process exit does not.
const heartbeat = new Reply({ linger: 0 });
const control = new Router({ linger: 1000 });
// XPUB, not PUB: it sees each subscription, which gets an iopub_welcome (see welcomeSubscribers);
// allSubs: a second client subscribing to the same topic is seen too.
const iopub = new XPublisher({ linger: 1000, verbosity: 'allSubs' });
const stdin = new Router({ linger: 1000 });
// Its own history: a replayed interrupt_request must not interrupt either.
const digests = new DigestHistory();
const factory = new MessageFactory(data.session);
/** zeromq refuses a second send on a socket while one is pending: one chain per socket. */
let sendingControl = Promise.resolve();
let sendingIopub = Promise.resolve();
let sendingStdin = Promise.resolve();

function sendControl(frames: Uint8Array[]): void {
  const copied = frames.map(copiedFrame);
  sendingControl = sendingControl.then(() => control.send(copied)).catch(reportSendFailure);
}

function sendIopub(frames: Uint8Array[]): void {
  const copied = frames.map(copiedFrame);
  sendingIopub = sendingIopub.then(() => iopub.send(copied)).catch(reportSendFailure);
}

function sendStdin(frames: Uint8Array[]): void {
  const copied = frames.map(copiedFrame);
  sendingStdin = sendingStdin.then(() => stdin.send(copied)).catch(reportSendFailure);
}

function reportSendFailure(error: Error): void {
  if (!closing) port.postMessage({ log: `send failed: ${error.message}` } satisfies FromWorker);
}

/** Sends a message this thread makes (the debuggers') on the control, iopub or stdin socket. */
function sendMessage(socket: 'control' | 'iopub' | 'stdin', message: Message<unknown>): void {
  if (closing) return;
  const frames = encodeMessage(message, signer);
  if (socket === 'control') sendControl(frames);
  else if (socket === 'iopub') sendIopub(frames);
  else sendStdin(frames);
}

let lastDebugRequest: Message | undefined;
/**
 * Loaded with the first debug_request: the adapter brings the debugger
 * engine and the REPL's parser, which the kernel's start need not wait for.
 */
let debuggerAdapter: Promise<DapAdapter> | undefined;
/** The adapter once loaded (the debug prompt asks whether it is on). */
let visualDebugger: DapAdapter | undefined;

function loadDebuggerAdapter(): Promise<DapAdapter> {
  debuggerAdapter ??= import('./debug/dap-adapter.js').then(
    ({ DapAdapter }) =>
      (visualDebugger = new DapAdapter(
        (event) => sendMessage('iopub', factory.make('debug_event', event, lastDebugRequest)),
        (started) => {
          // Two inspector sessions with the debugger on would both take each pause: the prompt's ends.
          if (started) void stopStdinDebugger().catch(quietly);
          port.postMessage({ debugging: started } satisfies FromWorker);
        },
      )),
  );
  return debuggerAdapter;
}

/** The debug prompt over stdin, once a cell asked for it; `stdinDebugger` once it is attached. */
let stdinDebuggerStarting: Promise<StdinDebugger> | undefined;
let stdinDebugger: StdinDebugger | undefined;

/** Waiters for the main thread's `iopubSent` marks, by token. */
const iopubSent = new Map<number, () => void>();
let nextIopubToken = 1;

/**
 * A token for the main thread to send back once it has handed over what it
 * held for iopub, and a promise that settles when it has (or after `ms`, in
 * case the mark never comes: the prompt must open anyway).
 */
function iopubSentMark(ms = 1000): { token: number; sent: Promise<void> } {
  const token = nextIopubToken++;
  const sent = new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      iopubSent.delete(token);
      resolve();
    }
    iopubSent.set(token, done);
  });
  return { token, sent };
}

function startStdinDebugger(): void {
  if (visualDebugger?.started) {
    port.postMessage({ debugPrompt: { error: "JupyterLab's debugger is on" } } satisfies FromWorker);
    return;
  }
  stdinDebuggerStarting ??= import('./debug/stdin-debugger.js').then(({ StdinDebugger }) =>
    StdinDebugger.attach({
      factory,
      send: sendMessage,
      iopubSentMark,
      // JupyterLab's debugger takes the pauses while it is on.
      visualDebuggerOn: () => visualDebugger?.started === true,
      log: (text) => port.postMessage({ log: text } satisfies FromWorker),
    }),
  );
  const starting = stdinDebuggerStarting;
  starting.then(
    (started) => {
      if (stdinDebuggerStarting === starting) stdinDebugger = started;
      port.postMessage({ debugPrompt: true } satisfies FromWorker);
    },
    (error: Error) => {
      stdinDebuggerStarting = undefined;
      port.postMessage({ debugPrompt: { error: error.message } } satisfies FromWorker);
    },
  );
}

/** Ends the debug prompt's inspector session (JupyterLab's debugger starts). */
async function stopStdinDebugger(): Promise<void> {
  const starting = stdinDebuggerStarting;
  stdinDebuggerStarting = undefined;
  stdinDebugger = undefined;
  await (await starting?.catch(() => undefined))?.detach();
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
 * and once more when the cell runs again, so the interrupt is not lost; and
 * while the same cell still runs, it goes again (interruptAgainWhileRunning).
 */
async function interruptCell(): Promise<void> {
  const cell = Atomics.load(data.runningCell, 0);
  const interrupt = (): boolean => process.kill(process.pid, 'SIGINT');
  const released = releaseStoppedCell((await debuggerAdapter)?.resume(), 'interrupt');
  if (!(await boundedWait(released)) && released) void released.then(interrupt);
  interrupt();
  if (cell !== 0) void interruptAgainWhileRunning(cell, interrupt);
}

/**
 * A SIGINT can miss the cell it was meant for: one that reaches the main thread
 * in the moment a fiber is handed the isolate goes to the main thread's handler,
 * and the cell's fiber then runs on (docs/core.md, "Limits"). Seen in the
 * JupyterLab debugger test: a cell resumed from a breakpoint into a busy loop
 * kept looping. So while the interrupted cell is still the one running, the
 * interrupt goes again, a second apart, three times at most; the next cell is
 * never hit, as its number differs.
 */
async function interruptAgainWhileRunning(cell: number, interrupt: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (Atomics.load(data.runningCell, 0) !== cell) return;
    interrupt();
  }
}

/**
 * Lets a cell stopped by either debugger go: `visual` is what JupyterLab's
 * debugger does for it (resume, or disconnect for a shutdown), and the debug
 * prompt over stdin gives up its wait for a line and resumes.
 */
function releaseStoppedCell(visual: Promise<void> | undefined, reason: 'interrupt' | 'shutdown'): Promise<void> | undefined {
  const prompt = stdinDebugger?.release(reason);
  if (!visual && !prompt) return undefined;
  return Promise.all([visual, prompt]).then(() => undefined);
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

/**
 * Sends each new iopub subscriber an `iopub_welcome` (Jupyter protocol 5.5,
 * JEP 65, as ipykernel 7 does): until a client's subscription reaches the
 * socket, what is published is lost to it, and the welcome tells it that its
 * subscription is live. Clients that do not know the message take it as any
 * iopub message: Jupyter's client waits for one after its first
 * kernel_info_reply and asks again after 0.2 s without (the reply's status
 * messages are lost when they go out before its subscription arrives).
 */
async function welcomeSubscribers(): Promise<void> {
  for await (const [event] of iopub) {
    // A subscription is byte 1 and the topic; byte 0 is an unsubscription.
    if (event?.[0] !== 1) continue;
    sendMessage('iopub', factory.make('iopub_welcome', { subscription: Buffer.from(event.subarray(1)).toString('utf8') }));
  }
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
      if (type === 'shutdown_request') await boundedWait(releaseStoppedCell((await debuggerAdapter)?.disconnect(), 'shutdown'));
    } catch (error) {
      // The main thread decodes again and logs; a bad message never interrupts.
      if (!(error instanceof WireError)) throw error;
    }
    port.postMessage({ frames, channel: 'control' } satisfies FromWorker);
  }
}

/** Replies on stdin: the debug prompt's are taken here (the main thread may be paused), the rest passed on. */
async function receiveStdin(): Promise<void> {
  for await (const frames of stdin) {
    try {
      if (stdinDebugger?.takeReply(decodeMessage(frames, signer, digests))) continue;
    } catch (error) {
      // The main thread decodes again and logs.
      if (!(error instanceof WireError)) throw error;
    }
    port.postMessage({ frames, channel: 'stdin' } satisfies FromWorker);
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
  stdin.close();
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
  } else if ('stdin' in message) {
    if (!closing) sendStdin(message.stdin);
  } else if ('debugPrompt' in message) {
    startStdinDebugger();
  } else if ('iopubSent' in message) {
    iopubSent.get(message.iopubSent)?.();
  } else if ('cellEnded' in message) {
    void stdinDebugger?.cellEnded().catch(quietly);
  } else {
    closing = true;
    // A close can come while the sockets still bind (the kernel's start failed on the main
    // thread): a bind that completes during the thread's teardown would call into the addon.
    void Promise.allSettled([binding, sendingControl, sendingIopub, sendingStdin]).finally(() => closeSockets(message.close));
  }
});

/** Binds every socket, then starts receiving (unless the close came first). */
async function bindAll(): Promise<void> {
  const bind = async (socket: { bind(address: string): Promise<void> }, address: string, name: string): Promise<void> => {
    if (closing) throw new Error('the kernel is exiting');
    try {
      await socket.bind(address);
    } catch (error) {
      throw new Error(`cannot listen on ${address} for the ${name} channel: ${(error as Error).message}`);
    }
  };
  // iopub first: Jupyter's client waits for an iopub message after its first kernel_info_reply.
  await bind(iopub, data.iopubAddress, 'iopub');
  await bind(heartbeat, data.heartbeatAddress, 'heartbeat');
  await bind(control, data.controlAddress, 'control');
  await bind(stdin, data.stdinAddress, 'stdin');
  startupMark('iopub, heartbeat, control and stdin bound', data.timeOrigin);
  if (closing) return;
  port.postMessage({ ready: true } satisfies FromWorker);
  loops = [
    echoHeartbeats().catch(quietly),
    receiveControl().catch(quietly),
    receiveStdin().catch(quietly),
    welcomeSubscribers().catch(quietly),
  ];
}

const binding = bindAll().catch((error: Error) => {
  if (!closing) port.postMessage({ error: error.message } satisfies FromWorker);
});
