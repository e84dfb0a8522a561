/**
 * A thin, typed Chrome DevTools Protocol client over one WebSocket.
 *
 * All typing comes from `devtools-protocol`: `send('Debugger.enable', {})`
 * checks the method name, its parameters and its result type. A request
 * records the caller's stack when it starts, so a failed reply says who asked
 * (`CDP error <code> calling <method>: <message>`) and points at the caller.
 * Errors are never swallowed: every failure rejects.
 */
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import type { ProtocolMapping } from 'devtools-protocol/types/protocol-mapping.js';
import { BalrogError } from '../../core/errors.js';
import type { NodeCommands, NodeEvents } from './node-protocol.js';

type Commands = ProtocolMapping.Commands & NodeCommands;
type Events = ProtocolMapping.Events & NodeEvents;

/** Every CDP command name. */
export type CdpMethod = keyof Commands;
/** Parameters of a command (`undefined` when it takes none). */
export type CdpParams<M extends CdpMethod> = Commands[M]['paramsType'][0];
/** Result of a command. */
export type CdpResult<M extends CdpMethod> = Commands[M]['returnType'];
/** Every CDP event name. */
export type CdpEvent = keyof Events;
/** Payload of an event. */
export type CdpEventParams<E extends CdpEvent> = Events[E][0];

/** A command the target answered with an error. */
export class CdpError extends BalrogError {
  constructor(
    readonly method: string,
    readonly cdpCode: number,
    readonly cdpMessage: string,
  ) {
    super(`CDP error ${cdpCode} calling ${method}: ${cdpMessage}`, { code: 'ERR_BALROG_CDP' });
  }
}

/** The connection closed before a command was answered. */
export class CdpClosedError extends BalrogError {
  constructor(method: string) {
    super(`the target closed the inspector connection while ${method} was pending (it exited or detached)`, {
      code: 'ERR_BALROG_CDP_CLOSED',
    });
  }
}

interface Pending {
  /** True for the client's own ACK-carrying requests, which nobody waits for. */
  nudge?: boolean;
  method: string;
  stack: string | undefined;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** A CDP connection. Emits each protocol event by name, and `close` once. */
export class CdpClient extends EventEmitter {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closedFlag = false;
  private nudgeScheduled = false;

  private constructor(private readonly socket: WebSocket) {
    super();
    socket.on('message', (data) => this.onMessage(data.toString()));
    socket.on('close', () => this.onClose());
    // An error is followed by 'close', which fails every pending request.
    socket.on('error', () => {});
  }

  /** Opens a WebSocket to an inspector URL (`ws://127.0.0.1:9229/<uuid>`). */
  static connect(url: string): Promise<CdpClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
      socket.once('open', () => {
        socket.removeAllListeners('error');
        resolve(new CdpClient(socket));
      });
      socket.once('error', (error) =>
        reject(new BalrogError(`cannot connect to the inspector at ${url}: ${error.message}`, { cause: error })),
      );
    });
  }

  /** True once the connection has closed. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** Sends a command and resolves with its result; rejects with {@link CdpError} on an error reply. */
  send<M extends CdpMethod>(method: M, ...params: CdpParams<M> extends undefined ? [] : [CdpParams<M>]): Promise<CdpResult<M>> {
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder, this.send);
    if (this.closedFlag) return Promise.reject(withCallerStack(new CdpClosedError(method), holder.stack));
    const id = this.nextId++;
    return new Promise<CdpResult<M>>((resolve, reject) => {
      this.pending.set(id, { method, stack: holder.stack, resolve: resolve as (value: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params: params[0] ?? {} }));
    });
  }

  /** Subscribes to a protocol event with its typed payload. */
  onEvent<E extends CdpEvent>(event: E, listener: (params: CdpEventParams<E>) => void): this {
    return this.on(event, listener as (params: unknown) => void);
  }

  /** Closes the connection; pending commands reject with {@link CdpClosedError}. */
  close(): Promise<void> {
    if (this.closedFlag) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  private onMessage(text: string): void {
    const message = JSON.parse(text) as {
      id?: number;
      method?: string;
      params?: unknown;
      result?: unknown;
      error?: { code: number; message: string; data?: string };
    };
    if (message.id === undefined) {
      this.scheduleAckNudge();
      if (message.method) this.emit(message.method, message.params);
      return;
    }
    const request = this.pending.get(message.id);
    if (!request) return;
    this.pending.delete(message.id);
    this.scheduleAckNudge();
    if (message.error) {
      const detail = message.error.data ? `${message.error.message} (${message.error.data})` : message.error.message;
      request.reject(withCallerStack(new CdpError(request.method, message.error.code, detail), request.stack));
    } else {
      request.resolve(message.result);
    }
  }

  /**
   * Node's inspector socket does not set TCP_NODELAY. When it sends an event
   * and then a reply (an evaluation sends `Debugger.scriptParsed` first), the
   * reply waits in Nagle's buffer until our delayed ACK, about 40 ms later.
   * So while a caller waits for a reply, every message we get is answered
   * with a tiny request that carries the ACK at once. (A WebSocket ping would
   * do, but Node's inspector closes the connection on ping frames.)
   */
  private scheduleAckNudge(): void {
    if (this.nudgeScheduled) return;
    this.nudgeScheduled = true;
    setImmediate(() => {
      this.nudgeScheduled = false;
      const waiting = [...this.pending.values()].some((request) => !request.nudge);
      if (this.closedFlag || !waiting) return;
      const id = this.nextId++;
      this.pending.set(id, { nudge: true, method: 'Runtime.releaseObjectGroup', stack: undefined, resolve: () => {}, reject: () => {} });
      this.socket.send(JSON.stringify({ id, method: 'Runtime.releaseObjectGroup', params: { objectGroup: 'balrog-ack' } }));
    });
  }

  private onClose(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    for (const [id, request] of this.pending) {
      this.pending.delete(id);
      request.reject(withCallerStack(new CdpClosedError(request.method), request.stack));
    }
    this.emit('close');
  }
}

/** Replaces an error's stack frames with those of the caller that made the request. */
function withCallerStack<E extends Error>(error: E, callerStack: string | undefined): E {
  if (callerStack) {
    const frames = callerStack.split('\n').slice(1).join('\n');
    error.stack = `${error.name}: ${error.message}\n${frames}`;
  }
  return error;
}
