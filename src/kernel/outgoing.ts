/**
 * An ordered send queue for one ZeroMQ socket. zeromq v6 refuses a second
 * send while one is pending, and code running in a fiber must not call into
 * the addon from its own thread, so every send is queued here and written
 * from the main thread's event loop.
 */
import type { Message } from './message.js';
import type { MessageSigner } from './signer.js';
import { encodeMessage } from './wire.js';
import { log } from './log.js';

/** The part of a zeromq socket this queue needs. */
export interface FrameSink {
  send(frames: Buffer[]): Promise<void>;
}

/** Sends messages in order; consecutive stream messages for the same cell are merged. */
export class OutgoingQueue {
  readonly #pending: Message<unknown>[] = [];
  #scheduled = false;
  #drained: Array<() => void> = [];

  constructor(
    readonly sink: FrameSink,
    readonly signer: MessageSigner,
  ) {}

  #stopped = false;

  /** Drops whatever is pushed from now on (the socket is about to close). */
  stop(): void {
    this.#stopped = true;
  }

  push(message: Message<unknown>): void {
    if (this.#stopped) return;
    const last = this.#pending.at(-1);
    if (last && canMerge(last, message)) {
      (last.content as StreamContent).text += (message.content as StreamContent).text;
    } else {
      this.#pending.push(message);
    }
    this.#schedule();
  }

  /** Resolves once everything queued so far has been handed to ZeroMQ. */
  drained(): Promise<void> {
    if (this.#pending.length === 0 && !this.#scheduled) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  /**
   * Hands everything queued to the sink now, without waiting for a send to
   * finish: for a sink whose `send` takes the frames synchronously (the
   * control worker's postMessage), called where no event loop turns (in a
   * paused isolate, for the debug prompt).
   */
  sendNow(): void {
    for (let message = this.#pending.shift(); message && !this.#stopped; message = this.#pending.shift()) {
      this.sink.send(encodeMessage(message, this.signer)).catch((error: Error) => {
        log(`could not send ${message.header.msg_type}: ${error.message}`);
      });
    }
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    try {
      for (let message = this.#pending.shift(); message && !this.#stopped; message = this.#pending.shift()) {
        try {
          await this.sink.send(encodeMessage(message, this.signer));
        } catch (error) {
          log(`could not send ${message.header.msg_type}: ${(error as Error).message}`);
        }
      }
    } finally {
      this.#scheduled = false;
      for (const resolve of this.#drained.splice(0)) resolve();
    }
  }
}

interface StreamContent {
  name: string;
  text: string;
}

function canMerge(a: Message<unknown>, b: Message<unknown>): boolean {
  if (a.header.msg_type !== 'stream' || b.header.msg_type !== 'stream') return false;
  const pa = a.parent_header as { msg_id?: string };
  const pb = b.parent_header as { msg_id?: string };
  return pa.msg_id === pb.msg_id && (a.content as StreamContent).name === (b.content as StreamContent).name;
}
