/**
 * The five Jupyter channels. Shell and stdin are sockets on the main thread;
 * heartbeat, control and iopub live in a worker (see control-worker.ts), so
 * that the debugger's events and status still go out while a cell is stopped
 * at a breakpoint.
 * Incoming messages are decoded and verified here; bad ones (malformed,
 * wrongly signed, or replayed) are logged and dropped, never handled.
 */
import { Worker } from 'node:worker_threads';
import { Router } from 'zeromq';
import { BalrogError } from '../core/errors.js';
import { channelAddress, type ConnectionInfo } from './connection-file.js';
import type { ControlWorkerData, FromWorker, ToWorker } from './control-worker.js';
import { log } from './log.js';
import type { Message } from './message.js';
import { OutgoingQueue } from './outgoing.js';
import { MessageSigner } from './signer.js';
import { DigestHistory } from './digest-history.js';
import { decodeMessage, WireError } from './wire.js';

/** The channel a request came in on. */
export type RequestChannel = 'shell' | 'control' | 'stdin';

/** Called for each verified incoming message. */
export type MessageHandler = (channel: RequestChannel, message: Message) => void;

/** What the channels need from the kernel besides its message handler. */
export interface ChannelOptions {
  /** The kernel's session id (the worker's own messages, the debugger's, carry it). */
  session: string;
  /** Called when a debug session starts (initialize) or ends (disconnect). */
  onDebugging?: (debugging: boolean) => void;
}

/** Bound sockets and their send queues. */
export class Channels {
  readonly signer: MessageSigner;
  readonly shell: OutgoingQueue;
  readonly control: OutgoingQueue;
  readonly stdin: OutgoingQueue;
  readonly iopub: OutgoingQueue;
  // Linger: the last replies (shutdown_reply, the final idle status) still leave after close();
  // the process exit that follows does not wait for them (libzmq's context is never terminated).
  readonly #shellSocket = new Router({ linger: 1000 });
  readonly #stdinSocket = new Router({ linger: 1000 });
  readonly #worker: Worker;
  /** Signatures seen on every channel: a replayed message is dropped. */
  readonly #digests = new DigestHistory();
  #closed = false;
  #workerClosed = false;

  private constructor(
    readonly info: ConnectionInfo,
    readonly onMessage: MessageHandler,
    readonly options: ChannelOptions,
  ) {
    this.signer = new MessageSigner(info.key);
    this.shell = new OutgoingQueue(this.#shellSocket, this.signer);
    this.stdin = new OutgoingQueue(this.#stdinSocket, this.signer);
    const workerData: ControlWorkerData = {
      controlAddress: channelAddress(info, info.control_port),
      heartbeatAddress: channelAddress(info, info.hb_port),
      iopubAddress: channelAddress(info, info.iopub_port),
      key: info.key,
      session: options.session,
    };
    this.#worker = new Worker(new URL('./control-worker.js', import.meta.url), { workerData });
    this.#worker.unref();
    this.control = new OutgoingQueue(
      { send: async (frames) => this.#worker.postMessage({ send: frames } satisfies ToWorker) },
      this.signer,
    );
    this.iopub = new OutgoingQueue(
      {
        send: async (frames) => {
          // Each frame on a buffer of its own, moved to the worker: a frame is
          // often a view into a shared 8 KB pool, which postMessage would copy whole.
          const own = frames.map((frame) => new Uint8Array(frame));
          this.#worker.postMessage(
            { publish: own } satisfies ToWorker,
            own.map((frame) => frame.buffer),
          );
        },
      },
      this.signer,
    );
  }

  /** Binds every channel on the connection file's addresses and starts receiving. */
  static async open(info: ConnectionInfo, onMessage: MessageHandler, options: ChannelOptions): Promise<Channels> {
    const channels = new Channels(info, onMessage, options);
    await channels.#bind();
    // Every way out (process.exit() in a cell or a timer, a shutdown) passes here.
    process.once('exit', () => channels.closeWorkerSockets());
    return channels;
  }

  async #bind(): Promise<void> {
    const workerReady = new Promise<void>((resolve, reject) => {
      this.#worker.on('message', (message: FromWorker) => {
        if ('ready' in message) resolve();
        else if ('error' in message)
          reject(
            new BalrogError(`cannot bind the control, heartbeat or iopub channel: ${message.error}`, { code: 'ERR_BALROG_KERNEL_BIND' }),
          );
        else if ('log' in message) log(message.log);
        else if ('debugging' in message) this.options.onDebugging?.(message.debugging);
        else
          this.#receive(
            'control',
            message.frames.map((frame) => Buffer.from(frame)),
          );
      });
      this.#worker.on('error', reject);
    });
    const bind = async (socket: Router, port: number, name: string): Promise<void> => {
      const address = channelAddress(this.info, port);
      try {
        await socket.bind(address);
      } catch (error) {
        throw new BalrogError(`cannot listen on ${address} for the ${name} channel: ${(error as Error).message}`, {
          code: 'ERR_BALROG_KERNEL_BIND',
          cause: error,
        });
      }
    };
    await bind(this.#shellSocket, this.info.shell_port, 'shell');
    await bind(this.#stdinSocket, this.info.stdin_port, 'stdin');
    await workerReady;
    void this.#receiveLoop(this.#shellSocket, 'shell');
    void this.#receiveLoop(this.#stdinSocket, 'stdin');
  }

  async #receiveLoop(socket: Router, channel: RequestChannel): Promise<void> {
    try {
      for await (const frames of socket) this.#receive(channel, frames);
    } catch (error) {
      if (!this.#closed) log(`${channel} channel stopped: ${(error as Error).message}`);
    }
  }

  #receive(channel: RequestChannel, frames: Buffer[]): void {
    let message: Message;
    try {
      message = decodeMessage(frames, this.signer, this.#digests);
    } catch (error) {
      if (error instanceof WireError) {
        log(`dropped a message on the ${channel} channel: ${error.message}`);
        return;
      }
      throw error;
    }
    try {
      this.onMessage(channel, message);
    } catch (error) {
      log(`handling ${message.header.msg_type} failed: ${(error as Error).stack ?? error}`);
    }
  }

  /**
   * Sends what is queued, then closes every socket (the worker's too). The
   * process may exit as soon as this resolves.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    await Promise.all([this.shell.drained(), this.iopub.drained(), this.control.drained(), this.stdin.drained()]);
    this.#closed = true;
    for (const queue of [this.shell, this.iopub, this.control, this.stdin]) queue.stop();
    this.#shellSocket.close();
    this.#stdinSocket.close();
    this.closeWorkerSockets();
  }

  /**
   * Has the control worker close its sockets and waits for it, synchronously:
   * this also runs in the process 'exit' handler (`process.exit()` in a cell,
   * even from a timer), where nothing asynchronous happens any more. Without
   * it, the worker's sockets would be finalized while Node tears the worker
   * down, which aborts the process (see control-worker.ts).
   */
  closeWorkerSockets(timeoutMs = 2000): void {
    if (this.#workerClosed) return;
    this.#workerClosed = true;
    const done = new Int32Array(new SharedArrayBuffer(4));
    this.#worker.postMessage({ close: done } satisfies ToWorker);
    // The worker first sends the replies handed to it (the shutdown_reply among them).
    if (Atomics.wait(done, 0, 0, timeoutMs) === 'timed-out') {
      log(`the control worker did not close its sockets within ${timeoutMs} ms`);
    }
  }
}
