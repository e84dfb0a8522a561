/**
 * The in-process inspector socket of the REPL's debugger, kept awake while a
 * request waits for its reply.
 *
 * On Node 26 a reply from the main thread's inspector sometimes sits
 * undelivered in this worker: measured with a CDP trace, a request that makes
 * no notification on the way (`Runtime.getProperties` for `locals`,
 * `Debugger.getScriptSource` for `list`, `up`) answered after 8 or 30 s, while
 * the paused thread already waited for the next message (gdb: in
 * `MainThreadInterface::WaitForFrontendEvent`) and this worker slept in
 * `epoll_wait` with the timeout of its next timer (29958 ms). The reply came
 * as soon as the worker ran any JavaScript (that timer, V8's memory reducer at
 * 8 s): Node hands it over from the V8 interrupt it requests along with its
 * wake-up of the worker's loop, and the wake-up was lost. Seen only with the
 * paused frame in a fiber, never in a plain worker debugging a plain main
 * thread (20 round trips of each kind, 0 ms), and not under strace (which
 * changes the timing). So while a reply is owed, a timer runs a no-op here
 * every millisecond (every 10 ms after the first 50, for an `await` that
 * waits long): the reply then comes within a tick at worst.
 */
import { EventEmitter } from 'node:events';
import type { CdpSocket } from '../cdp/client.js';

const FAST_TICK_MS = 1;
const SLOW_TICK_MS = 10;
const FAST_TICKS = 50;

export class AwakeSocket extends EventEmitter implements CdpSocket {
  readonly #inner: CdpSocket;
  #owed = 0;
  #timer: NodeJS.Timeout | undefined;
  #ticks = 0;

  constructor(inner: CdpSocket) {
    super();
    this.#inner = inner;
    inner.on('message', (data) => {
      const text = data.toString();
      // A reply has an id; an event does not.
      if (this.#owed > 0 && /^\{"id":/.test(text) && --this.#owed === 0) this.#sleep();
      this.emit('message', text);
    });
    inner.on('close', () => {
      this.#owed = 0;
      this.#sleep();
      this.emit('close');
    });
    inner.on('error', () => this.emit('error'));
  }

  send(text: string): void {
    this.#owed++;
    this.#wake();
    this.#inner.send(text);
  }

  close(): void {
    this.#inner.close();
  }

  #wake(): void {
    if (this.#timer) return;
    this.#ticks = 0;
    this.#timer = setInterval(() => {
      if (++this.#ticks !== FAST_TICKS) return;
      clearInterval(this.#timer);
      this.#timer = setInterval(() => {}, SLOW_TICK_MS);
    }, FAST_TICK_MS);
  }

  #sleep(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
