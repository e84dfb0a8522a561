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

/**
 * How long to wait before answering the reply of a nudge that brought back
 * nothing else, for the 1st, 2nd, ... such reply in a row (0: at once, in
 * the next turn of the event loop); after the last, no more nudges until a
 * real message arrives. See {@link CdpClient.scheduleAck}.
 */
const QUIET_ACK_DELAYS_MS = [0, 1, 2, 4, 8, 16];

interface Pending {
  /** True for the client's own ACK-carrying requests ("nudges"), which nobody waits for. */
  nudge?: boolean;
  method: string;
  stack: string | undefined;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * What the client needs of a connection: the WebSocket of an inspector, or an
 * in-process session (cdp/in-process-transport.ts) shaped the same way.
 */
export interface CdpSocket {
  on(event: 'message', listener: (data: { toString(): string }) => void): unknown;
  on(event: 'close' | 'error', listener: () => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  send(text: string): void;
  close(): void;
}

/** A CDP connection. Emits each protocol event by name, and `close` once. */
export class CdpClient extends EventEmitter {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closedFlag = false;
  /** Waits for events announced with {@link awaitEvents} and not over yet. */
  private eventWaits = 0;
  /** True when a message arrived after the last frame we sent (its ACK may still be owed). */
  private ackOwed = false;
  /** Nudges (see {@link scheduleAck}) sent and not answered yet. */
  private nudgesInFlight = 0;
  /** Replies of nudges in a row that came with nothing else. */
  private quietRounds = 0;
  private ackImmediate: NodeJS.Immediate | undefined;
  private ackTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly socket: CdpSocket,
    /** TCP ACK nudges (see {@link scheduleAck}): only a socket has TCP under it. */
    private readonly nudges = true,
  ) {
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
        reject(
          new BalrogError(`cannot connect to the inspector at ${url}: ${error.message}`, {
            code: 'ERR_BALROG_INSPECTOR_UNREACHABLE',
            cause: error,
          }),
        ),
      );
    });
  }

  /** A client over a connection that is not an inspector WebSocket (no TCP: no ACK nudges). */
  static over(socket: CdpSocket): CdpClient {
    return new CdpClient(socket, false);
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
      this.quietRounds = 0;
      this.write(JSON.stringify({ id, method, params: params[0] ?? {} }));
    });
  }

  /**
   * Announces a wait for an event that is not a reply (the pause that ends a
   * step, say): until the returned function is called, messages that arrive
   * are acknowledged at once, as while a reply is awaited.
   */
  awaitEvents(): () => void {
    this.eventWaits++;
    let over = false;
    return () => {
      if (over) return;
      over = true;
      this.eventWaits--;
    };
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
    this.ackOwed = true;
    const request = message.id === undefined ? undefined : this.pending.get(message.id);
    if (request?.nudge) {
      this.pending.delete(message.id!);
      this.nudgesInFlight--;
      this.scheduleAck(false);
      return;
    }
    this.scheduleAck(true);
    if (message.id === undefined) {
      if (message.method) this.emit(message.method, message.params);
      return;
    }
    if (!request) return;
    this.pending.delete(message.id);
    if (message.error) {
      const detail = message.error.data ? `${message.error.message} (${message.error.data})` : message.error.message;
      request.reject(withCallerStack(new CdpError(request.method, message.error.code, detail), request.stack));
    } else {
      request.resolve(message.result);
    }
  }

  /**
   * Node's inspector socket does not set TCP_NODELAY, so when the target
   * writes a message soon after another (a step's reply, then
   * `Debugger.resumed` and `Debugger.paused`; `Debugger.scriptParsed`, then
   * an evaluation's reply), the second waits in Nagle's buffer until the first
   * is acknowledged. Our kernel delays that ACK by 40 ms whenever we answer
   * quickly (Linux then takes the connection for interactive and waits for
   * data to carry the ACK), which a debugger driven by a script or a user
   * stepping fast always does. Node has no TCP_QUICKACK and Node's inspector
   * closes the connection on WebSocket pings, so the ACK rides on a tiny
   * request of our own (a "nudge": `Runtime.releaseObjectGroup` of a group
   * that holds nothing). While a reply or an announced event
   * ({@link awaitEvents}) is awaited, each message that arrives is answered
   * with a nudge at once. A nudge's reply needs an ACK as well if the target
   * writes again soon after it; answering those at once too would be a
   * ping-pong for as long as the wait lasts (a `c` may wait for minutes), so
   * replies of nudges that brought nothing else are answered after
   * {@link QUIET_ACK_DELAYS_MS}, and then no more until a real message comes:
   * from there on the kernel's delayed ACK is all, as without nudges.
   */
  private scheduleAck(afterRealMessage: boolean): void {
    if (!this.nudges || !this.awaiting()) return;
    if (afterRealMessage) {
      this.quietRounds = 0;
      clearTimeout(this.ackTimer);
      this.ackTimer = undefined;
      this.ackImmediate ??= setImmediate(() => this.sendAck()).unref();
      return;
    }
    if (this.ackImmediate || this.ackTimer) return;
    const delay = QUIET_ACK_DELAYS_MS[this.quietRounds++];
    if (delay === 0) this.ackImmediate = setImmediate(() => this.sendAck()).unref();
    else if (delay !== undefined) this.ackTimer = setTimeout(() => this.sendAck(), delay).unref();
  }

  private sendAck(): void {
    this.ackImmediate = undefined;
    this.ackTimer = undefined;
    if (this.closedFlag || !this.ackOwed || !this.awaiting()) return;
    const id = this.nextId++;
    this.pending.set(id, { nudge: true, method: 'Runtime.releaseObjectGroup', stack: undefined, resolve: () => {}, reject: () => {} });
    this.nudgesInFlight++;
    this.write(JSON.stringify({ id, method: 'Runtime.releaseObjectGroup', params: { objectGroup: 'balrog-ack' } }));
  }

  /** True while a reply (other than a nudge's) or an announced event is awaited. */
  private awaiting(): boolean {
    return this.eventWaits > 0 || this.pending.size > this.nudgesInFlight;
  }

  /** Sends a frame; it carries the ACK for everything received so far, so no nudge is due. */
  private write(text: string): void {
    this.ackOwed = false;
    clearImmediate(this.ackImmediate);
    clearTimeout(this.ackTimer);
    this.ackImmediate = undefined;
    this.ackTimer = undefined;
    this.socket.send(text);
  }

  private onClose(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    clearImmediate(this.ackImmediate);
    clearTimeout(this.ackTimer);
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
