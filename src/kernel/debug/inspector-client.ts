/**
 * The kernel's own process inspected from the control worker: an
 * `inspector.Session` connected to the main thread (no TCP port). V8 stops
 * the whole isolate at a breakpoint, so the session that drives the pause
 * must live on a thread that keeps running: this one. It offers the part of
 * the debugger engine's CDP client (src/debugger/cdp/client.ts) that the
 * engine's evaluator uses (`send`, `closed`), typed by devtools-protocol.
 */
import { EventEmitter } from 'node:events';
import { Session } from 'node:inspector';
import {
  CdpClosedError,
  CdpError,
  type CdpClient,
  type CdpEvent,
  type CdpEventParams,
  type CdpMethod,
  type CdpParams,
  type CdpResult,
} from '../../debugger/cdp/client.js';

/** A CDP session on the main thread of this process, from a worker thread. */
export class MainThreadInspector extends EventEmitter {
  readonly #session = new Session();
  #closed = false;

  constructor() {
    super();
    this.#session.connectToMainThread();
    this.#session.on('inspectorNotification', (message: { method: string; params?: unknown }) => {
      this.emit(message.method, message.params ?? {});
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  send<M extends CdpMethod>(method: M, ...params: CdpParams<M> extends undefined ? [] : [CdpParams<M>]): Promise<CdpResult<M>> {
    if (this.#closed) return Promise.reject(new CdpClosedError(method));
    return new Promise((resolve, reject) => {
      this.#session.post(method, params[0] as object | undefined, (error, result) => {
        if (!error) resolve(result as CdpResult<M>);
        else if (this.#closed) reject(new CdpClosedError(method));
        else {
          // Node reports "Inspector error <code>: <message>" (ERR_INSPECTOR_COMMAND).
          const parsed = /^Inspector error (-?\d+): (.*)$/s.exec(error.message);
          reject(new CdpError(method, Number(parsed?.[1] ?? -32000), parsed?.[2] ?? error.message));
        }
      });
    });
  }

  onEvent<E extends CdpEvent>(event: E, listener: (params: CdpEventParams<E>) => void): this {
    return this.on(event, listener as (...args: unknown[]) => void);
  }

  /** Ends the session; V8 resumes a pause that no session holds any more. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#session.disconnect();
  }

  /**
   * The engine's evaluator and value formatting take a CdpClient; they only
   * call `send` and read `closed`, which this class has with the same types.
   */
  asCdpClient(): CdpClient {
    return this as unknown as CdpClient;
  }
}
