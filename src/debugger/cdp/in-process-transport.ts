/**
 * The main thread's inspector, reached in process from a worker thread, as
 * the socket a {@link CdpClient} speaks to: no port, no WebSocket. Only a
 * worker can debug the main thread this way, since a paused isolate runs
 * nothing but the inspector's dispatch (the REPL's debug prompt lives in one).
 *
 * The public `inspector.Session` takes objects and gives callbacks, so the
 * client's JSON text is parsed here and replies are written back as text
 * with the protocol's own shape (`{ id, result }`, `{ id, error }`).
 */
import { EventEmitter } from 'node:events';
import { Session } from 'node:inspector';
import { isMainThread } from 'node:worker_threads';
import { BalrogError } from '../../core/errors.js';
import { CdpClient, type CdpSocket } from './client.js';

/** An `inspector.Session` connected to the main thread, shaped as a CDP socket. */
export class InProcessSocket extends EventEmitter implements CdpSocket {
  readonly #session = new Session();
  #closed = false;

  constructor() {
    super();
    if (isMainThread) {
      throw new BalrogError('the in-process inspector transport runs in a worker thread: the main thread cannot debug itself', {
        code: 'ERR_BALROG_DEBUG_TARGET',
      });
    }
    this.#session.connectToMainThread();
    this.#session.on('inspectorNotification', (message: { method: string; params?: unknown }) => {
      this.emit('message', JSON.stringify({ method: message.method, params: message.params ?? {} }));
    });
  }

  send(text: string): void {
    const { id, method, params } = JSON.parse(text) as { id: number; method: string; params?: object };
    if (this.#closed) return;
    this.#session.post(method, params ?? {}, (error: Error | null, result?: object) => {
      if (this.#closed) return;
      if (error) {
        // Node wraps the protocol's error as `Inspector error <code>: <message>`: take it apart again.
        const parts = /^Inspector error (-?\d+): ([\s\S]*)$/.exec(error.message);
        const reply = parts ? { code: Number(parts[1]), message: parts[2] } : { code: -32000, message: error.message };
        this.emit('message', JSON.stringify({ id, error: reply }));
      } else {
        this.emit('message', JSON.stringify({ id, result: result ?? {} }));
      }
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#session.disconnect();
    // After the listeners of `close` are in place (CdpClient.close adds one, then closes).
    queueMicrotask(() => this.emit('close'));
  }
}

/** A CDP client on the main thread's inspector, from a worker thread. */
export function connectToMainThread(): CdpClient {
  return CdpClient.over(new InProcessSocket());
}
