/**
 * The five Jupyter channels. Shell is a socket on the main thread;
 * heartbeat, control, iopub and stdin live in a worker (control-worker.ts,
 * started by control-thread.ts), so that the debugger's events and status,
 * and the debug prompt's input requests, still go out while a cell is
 * stopped at a breakpoint.
 * Incoming messages are decoded and verified here; bad ones (malformed,
 * wrongly signed, or replayed) are logged and dropped, never handled.
 */
import { Router } from 'zeromq';
import { BalrogError } from '../core/errors.js';
import { channelAddress, type ConnectionInfo } from './connection-file.js';
import type { ControlThread } from './control-thread.js';
import { log } from './log.js';
import type { Message } from './message.js';
import { OutgoingQueue } from './outgoing.js';
import { MessageSigner } from './signer.js';
import { DigestHistory } from './digest-history.js';
import { decodeMessage, WireError } from './wire.js';
import { startupMark } from './startup-trace.js';

/** The channel a request came in on. */
export type RequestChannel = 'shell' | 'control' | 'stdin';

/** Called for each verified incoming message. */
export type MessageHandler = (channel: RequestChannel, message: Message) => void;

/** What the channels need from the kernel besides its message handler. */
export interface ChannelOptions {
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
  /** Signatures seen on every channel: a replayed message is dropped. */
  readonly #digests = new DigestHistory();
  #onMessage: MessageHandler = () => {};
  #closed = false;

  private constructor(
    readonly info: ConnectionInfo,
    readonly controlThread: ControlThread,
  ) {
    this.signer = new MessageSigner(info.key);
    this.shell = new OutgoingQueue(this.#shellSocket, this.signer);
    this.control = new OutgoingQueue({ send: async (frames) => controlThread.post({ send: frames }) }, this.signer);
    this.stdin = new OutgoingQueue({ send: async (frames) => controlThread.post({ stdin: frames }) }, this.signer);
    this.iopub = new OutgoingQueue(
      {
        send: async (frames) => {
          // Each frame on a buffer of its own, moved to the worker: a frame is
          // often a view into a shared 8 KB pool, which postMessage would copy whole.
          const own = frames.map((frame) => new Uint8Array(frame));
          controlThread.post(
            { publish: own },
            own.map((frame) => frame.buffer as ArrayBuffer),
          );
        },
      },
      this.signer,
    );
  }

  /**
   * Binds shell and waits for the control worker's sockets. Nothing
   * is received until {@link serve}: a client's first requests (Jupyter sends
   * kernel_info_request as soon as it has started the process) wait in the
   * bound sockets while the rest of the kernel loads.
   */
  static async bind(info: ConnectionInfo, controlThread: ControlThread): Promise<Channels> {
    const channels = new Channels(info, controlThread);
    const bind = async (socket: Router, port: number, name: string): Promise<void> => {
      const address = channelAddress(info, port);
      try {
        await socket.bind(address);
      } catch (error) {
        throw new BalrogError(`cannot listen on ${address} for the ${name} channel: ${(error as Error).message}`, {
          code: 'ERR_BALROG_KERNEL_BIND',
          cause: error,
        });
      }
    };
    await bind(channels.#shellSocket, info.shell_port, 'shell');
    startupMark('shell bound');
    await controlThread.ready;
    startupMark('control worker ready');
    return channels;
  }

  /** Starts receiving on every channel: each verified request goes to `onMessage`. */
  serve(onMessage: MessageHandler, options: ChannelOptions = {}): void {
    this.#onMessage = onMessage;
    this.controlThread.serve({
      onFrames: (channel, frames) => this.#receive(channel, frames),
      onDebugging: (debugging) => options.onDebugging?.(debugging),
    });
    void this.#receiveLoop(this.#shellSocket, 'shell');
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
      this.#onMessage(channel, message);
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
    this.controlThread.closeSockets();
  }
}
