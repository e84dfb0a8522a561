/**
 * The control worker (control-worker.ts) seen from the main thread. It is
 * started first thing, before the main thread loads zeromq, the kernel and
 * the evaluator: a worker's own Node environment and its zeromq sockets are
 * the longest step of the kernel's start, and on a machine with two cores or
 * more they come up beside the main thread's loading instead of after it.
 * What the worker passes on before the kernel serves (a control request sent
 * early) is kept until then.
 */
import { Worker } from 'node:worker_threads';
import { BalrogError } from '../core/errors.js';
import { channelAddress, type ConnectionInfo } from './connection-file.js';
import type { ControlWorkerData, FromWorker, ToWorker } from './control-worker.js';
import { log } from './log.js';
import { processTimeOrigin, startupMark } from './startup-trace.js';

/** What the kernel does with the worker's messages once it serves. */
export interface ControlThreadEvents {
  /** A control request's or stdin reply's frames (verified there), decoded again by the main thread. */
  onFrames(channel: 'control' | 'stdin', frames: Buffer[]): void;
  /** A debug session started (initialize) or ended (disconnect). */
  onDebugging(debugging: boolean): void;
}

type Passed = Extract<FromWorker, { frames: Uint8Array[] } | { debugging: boolean }>;
type PromptStarted = Extract<FromWorker, { debugPrompt: unknown }>['debugPrompt'];

/** The running control worker: iopub, heartbeat, control and stdin. */
export class ControlThread {
  readonly #worker: Worker;
  /** Settles once the worker's sockets are bound; rejects when they cannot be. */
  readonly ready: Promise<void>;
  #events: ControlThreadEvents | undefined;
  readonly #early: Passed[] = [];
  #closed = false;
  #debugPromptStarted: ((started: PromptStarted) => void) | undefined;
  // Shared with the worker, which reads it at an interrupt_request while the main thread may be busy.
  readonly #runningCell = new Int32Array(new SharedArrayBuffer(4));

  /** Starts the worker on the connection file's iopub, heartbeat, control and stdin addresses. */
  constructor(info: ConnectionInfo, session: string) {
    const workerData: ControlWorkerData = {
      controlAddress: channelAddress(info, info.control_port),
      heartbeatAddress: channelAddress(info, info.hb_port),
      iopubAddress: channelAddress(info, info.iopub_port),
      stdinAddress: channelAddress(info, info.stdin_port),
      key: info.key,
      session,
      timeOrigin: processTimeOrigin,
      runningCell: this.#runningCell,
    };
    this.#worker = new Worker(new URL('./control-worker.js', import.meta.url), { workerData });
    this.#worker.unref();
    startupMark('control worker started');
    this.ready = new Promise<void>((resolve, reject) => {
      this.#worker.on('message', (message: FromWorker) => {
        if ('ready' in message) resolve();
        else if ('error' in message)
          reject(
            // The worker's message names the channel and address (or says how its start failed).
            new BalrogError(message.error, { code: 'ERR_BALROG_KERNEL_BIND' }),
          );
        else if ('log' in message) log(message.log);
        else if ('debugPrompt' in message) this.#debugPromptStarted?.(message.debugPrompt);
        else if (this.#events) this.#pass(message, this.#events);
        else this.#early.push(message);
      });
      this.#worker.on('error', reject);
    });
    // Awaited once the rest of the kernel has loaded; a failure before then is not unhandled.
    this.ready.catch(() => {});
    // Every way out (process.exit() in a cell or a timer, a shutdown, a failed start) passes here.
    process.once('exit', () => this.closeSockets());
  }

  /** From now on the worker's requests and debugger notices go to `events`, the early ones first. */
  serve(events: ControlThreadEvents): void {
    this.#events = events;
    for (const message of this.#early.splice(0)) this.#pass(message, events);
  }

  #pass(message: Passed, events: ControlThreadEvents): void {
    if ('debugging' in message) events.onDebugging(message.debugging);
    else
      events.onFrames(
        message.channel,
        message.frames.map((frame) => Buffer.from(frame)),
      );
  }

  /**
   * Starts the debug prompt over stdin in the worker (debug/stdin-debugger.ts):
   * resolves once `debugger;` stops, rejects with the reason it cannot.
   */
  startDebugPrompt(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#debugPromptStarted = (started) => {
        this.#debugPromptStarted = undefined;
        if (started === true) resolve();
        else reject(new Error(started.error));
      };
      this.post({ debugPrompt: 'start' });
    });
  }

  /** Tells the worker which cell runs now (its number, counting from 1), or 0 when none. */
  markRunningCell(cell: number): void {
    Atomics.store(this.#runningCell, 0, cell);
  }

  /** Hands the worker a message (`transfer`: buffers it takes over). */
  post(message: ToWorker, transfer?: ArrayBuffer[]): void {
    this.#worker.postMessage(message, transfer);
  }

  /**
   * Has the worker close its sockets and waits for it, synchronously: this
   * also runs in the process 'exit' handler (`process.exit()` in a cell, even
   * from a timer), where nothing asynchronous happens any more. Without it,
   * the worker's sockets would be finalized while Node tears the worker down,
   * which aborts the process (see control-worker.ts).
   */
  closeSockets(timeoutMs = 2000): void {
    if (this.#closed) return;
    this.#closed = true;
    const done = new Int32Array(new SharedArrayBuffer(4));
    this.post({ close: done });
    // The worker first sends the replies handed to it (the shutdown_reply among them).
    if (Atomics.wait(done, 0, 0, timeoutMs) === 'timed-out') {
      log(`the control worker did not close its sockets within ${timeoutMs} ms`);
    }
  }
}
