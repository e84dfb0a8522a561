/**
 * The kernel: takes verified requests from the channels, answers each with
 * busy/idle status around it, runs shell requests one at a time (control
 * requests jump the queue), and turns interrupts into evaluator interrupts.
 */
import { InterruptedError } from '../core/errors.js';
import { enableSigintInterrupt } from '../core/index.js';
import { currentCell, type Cell } from './cell.js';
import { createCellApi, installCellGlobals, type CellApi } from './cell-api.js';
import { captureProcessOutput } from './cell-output.js';
import type { CellEvaluator } from './cell-evaluator.js';
import type { Channels, RequestChannel } from './channels.js';
import { removeCellFiles, dumpCell } from './debug/cell-files.js';
import { installKernelDebugGlobals, type PauseContext } from './debug/kernel-globals.js';
import { Executor } from './execute.js';
import { History, type HistoryQuery } from './history.js';
import { completeReply } from './completion.js';
import { inspectAt, isComplete } from './introspection.js';
import { kernelInfo } from './kernel-info.js';
import { log } from './log.js';
import { MessageFactory, type Message } from './message.js';
import type { OutgoingQueue } from './outgoing.js';
import { SideEffectFreeEvaluator } from './side-effect-free.js';
import { startupMark } from './startup-trace.js';

type Handler = (message: Message, channel: RequestChannel) => Promise<Record<string, unknown>> | Record<string, unknown>;

/** Why the kernel stopped. */
export interface KernelExit {
  restart: boolean;
}

/** A running Jupyter kernel on one connection file. */
export class Kernel {
  readonly factory: MessageFactory;
  readonly history = new History();
  readonly executor: Executor;
  #channels!: Channels;
  #shellQueue: Promise<void> = Promise.resolve();
  /** Shell requests received and not yet started, in order. */
  #queued: Message[] = [];
  #aborting = new Set<string>();
  #pendingInput: { resolve: (value: string) => void; reject: (error: unknown) => void } | undefined;
  #cleanups: Array<() => void> = [];
  #exit!: (exit: KernelExit) => void;
  /** Settles when a shutdown_request arrives. */
  readonly finished = new Promise<KernelExit>((resolve) => (this.#exit = resolve));
  readonly #handlers: Record<string, Handler>;
  readonly #apis = new WeakMap<Cell, CellApi>();
  #removesCellFilesAtExit = false;
  /** Completion and inspection read values through it, so that no getter with side effects runs. */
  readonly #sideEffectFree = new SideEffectFreeEvaluator();
  /** Set once a cell mentioned `debugger`: the debug prompt over stdin, started (see #debugPromptFor). */
  #debugPrompt: Promise<boolean> | undefined;

  /** @param session the session id of its messages (the control worker's carry it too) */
  constructor(
    readonly evaluator: CellEvaluator,
    session: string,
  ) {
    this.factory = new MessageFactory(session);
    const host = {
      publish: (msgType: string, content: object, parent: Message) => this.publish(msgType, content, parent),
      requestInput: (parent: Message, prompt: string, password: boolean) => this.#requestInput(parent, prompt, password),
    };
    this.executor = new Executor(evaluator, host, this.history);
    this.executor.beforeRun = (cell, code) => this.#debugPromptFor(cell, code);
    this.executor.afterRun = () => {
      if (this.#debugPrompt) this.#channels.controlThread.post({ cellEnded: true });
    };
    this.#handlers = {
      kernel_info_request: () => {
        startupMark('kernel_info_request');
        return kernelInfo();
      },
      execute_request: (m) => this.#execute(m),
      complete_request: (m) =>
        completeReply(str(m.content.code), num(m.content.cursor_pos, str(m.content.code).length), this.#sideEffectFree),
      inspect_request: (m) =>
        inspectAt(
          str(m.content.code),
          num(m.content.cursor_pos, str(m.content.code).length),
          num(m.content.detail_level, 0),
          this.#sideEffectFree,
          this.history.inputs(),
        ),
      is_complete_request: (m) => isComplete(evaluator, str(m.content.code)),
      history_request: (m) => ({ status: 'ok', history: this.history.query(m.content as HistoryQuery) }),
      comm_info_request: () => ({ status: 'ok', comms: {} }),
      // The control worker already turned it into a SIGINT (see control-worker.ts);
      // interrupting here again could hit the next queued cell.
      interrupt_request: () => ({ status: 'ok' }),
      shutdown_request: (m) => this.#shutdown(m),
    };
  }

  /** Starts serving on bound channels. */
  start(channels: Channels): void {
    this.#channels = channels;
    this.executor.onRunningCell = (cell) => channels.controlThread.markRunningCell(cell);
    this.#cleanups.push(captureProcessOutput());
    installCellGlobals((cell) => this.#apiOf(cell));
    installKernelDebugGlobals(
      (token) => this.#pauseContext(token),
      () => currentCell()?.interruptAtPause(),
    );
    // SIGINT (Jupyter's "signal" interrupt mode, and the control worker's
    // relay of interrupt_request): the core stops a busy loop in a fiber by
    // itself; a cell waiting on a promise is interrupted here.
    const onSigint = (): void => void this.#interrupt('SIGINT');
    process.on('SIGINT', onSigint);
    this.#cleanups.push(() => process.off('SIGINT', onSigint), enableSigintInterrupt());
    this.publish('status', { execution_state: 'starting' });
    this.publish('status', { execution_state: 'idle' });
    channels.serve((channel, message) => this.#receive(channel, message), {
      // While JupyterLab's debugger is on, each cell runs under its cell file
      // (written out, so that the debugger's `source` finds it), where its breakpoints are.
      onDebugging: (debugging) => {
        this.executor.cellFile = debugging ? dumpCell : undefined;
        // The worker ends the debug prompt's session while JupyterLab's debugger is on (two
        // sessions would both stop at each pause); a later cell that mentions `debugger` starts it again.
        if (debugging) this.#debugPrompt = undefined;
        // process.exit() in a cell does not pass through close(): the cell files go at the exit too.
        if (debugging && !this.#removesCellFilesAtExit) {
          this.#removesCellFilesAtExit = true;
          process.once('exit', removeCellFiles);
        }
      },
    });
    startupMark('serving');
    const { info } = channels;
    log(`listening on ${info.transport}://${info.ip} (shell ${info.shell_port}, iopub ${info.iopub_port})`);
  }

  /** Publishes on iopub; `parent` is the request this message is about. */
  publish(msgType: string, content: object, parent?: Message): void {
    this.#channels.iopub.push(this.factory.make(msgType, content, parent));
  }

  /** Stops serving: restores the streams and closes the sockets. */
  async close(): Promise<void> {
    // A cell still waiting must unwind before the process exits.
    this.#interrupt('close');
    for (const cleanup of this.#cleanups.splice(0).reverse()) cleanup();
    this.#sideEffectFree.close();
    removeCellFiles();
    await this.#channels?.close();
  }

  #receive(channel: RequestChannel, message: Message): void {
    if (channel === 'stdin') {
      this.#receiveInput(message);
      return;
    }
    if (channel === 'control') {
      void this.#handle(channel, message);
      return;
    }
    this.#queued.push(message);
    this.#shellQueue = this.#shellQueue.then(() => {
      this.#queued.shift();
      return this.#handle(channel, message);
    });
  }

  async #handle(channel: RequestChannel, message: Message): Promise<void> {
    const type = message.header.msg_type;
    const replyType = type.replace(/_request$/, '_reply');
    const handler = type.endsWith('_request') ? this.#handlers[type] : undefined;
    const queue = channel === 'control' ? this.#channels.control : this.#channels.shell;
    this.publish('status', { execution_state: 'busy' }, message);
    try {
      if (!handler) {
        this.#unhandled(channel, message);
        return;
      }
      if (this.#aborting.delete(message.header.msg_id)) {
        this.#reply(queue, replyType, { status: 'aborted', execution_count: this.executor.executionCount }, message);
        return;
      }
      let content: Record<string, unknown>;
      try {
        content = await handler(message, channel);
      } catch (error) {
        log(`${type} failed: ${(error as Error).stack ?? error}`);
        content = { status: 'error', ...this.executor.errorDetails(error) };
      }
      this.#reply(queue, replyType, content, message);
    } finally {
      this.publish('status', { execution_state: 'idle' }, message);
    }
  }

  #unhandled(channel: RequestChannel, message: Message): void {
    const type = message.header.msg_type;
    if (type === 'comm_open') {
      // No comm targets (ipywidgets and the like): close it at once so the frontend does not wait, as ipykernel does.
      this.publish('comm_close', { comm_id: (message.content as { comm_id?: unknown }).comm_id, data: {} }, message);
    } else if (type !== 'comm_msg' && type !== 'comm_close') {
      log(`ignored an unknown message type ${JSON.stringify(type)} on the ${channel} channel`);
    }
  }

  #reply(queue: OutgoingQueue, replyType: string, content: object, parent: Message): void {
    queue.push(this.factory.make(replyType, content, parent, { started: new Date().toISOString() }));
  }

  async #execute(message: Message): Promise<Record<string, unknown>> {
    const { reply, failed } = await this.executor.execute(message);
    if (failed && (message.content as { stop_on_error?: boolean }).stop_on_error !== false) {
      // Like ipykernel: the cells queued behind a failed one are not run.
      for (const queued of this.#queued) {
        if (queued.header.msg_type === 'execute_request') this.#aborting.add(queued.header.msg_id);
      }
    }
    return reply;
  }

  #interrupt(source: string): Record<string, unknown> {
    const cell = this.executor.running;
    if (cell) {
      log(`interrupting the running cell (${source})`);
      this.evaluator.interrupt();
      cell.interrupt();
      this.#pendingInput?.reject(new InterruptedError('Interrupted while waiting for input'));
    }
    return { status: 'ok' };
  }

  #shutdown(message: Message): Record<string, unknown> {
    const restart = (message.content as { restart?: boolean }).restart === true;
    this.#interrupt('shutdown_request');
    // The reply goes out first; the exit follows once the queues drain.
    setImmediate(() => this.#exit({ restart }));
    return { status: 'ok', restart };
  }

  /**
   * `debugger;` stops only while an inspector session has the debugger on,
   * which costs every later cell a little: the debug prompt (in the control
   * worker) starts with the first cell whose code mentions `debugger`, which
   * waits for it; it then stays on until JupyterLab's debugger starts. The
   * cell runs either way.
   */
  #debugPromptFor(cell: Cell, code: string): Promise<unknown> | undefined {
    if (this.executor.cellFile) return undefined; // JupyterLab's debugger is on: its pauses are its own
    if (!this.#debugPrompt && !/\bdebugger\b/.test(code)) return undefined;
    this.#debugPrompt ??= this.#channels.controlThread.startDebugPrompt().then(
      () => true,
      (error: Error) => {
        log(`the debug prompt could not start: ${error.message}`);
        cell.stream('stderr', `debugger: the debug prompt could not start (${error.message}); the cell runs without it\n`);
        return false;
      },
    );
    return this.#debugPrompt;
  }

  /** At a pause: the paused cell's request, after sending what iopub still holds (see kernel-globals.ts). */
  #pauseContext(token: number): PauseContext | undefined {
    this.#channels.iopub.sendNow();
    this.#channels.controlThread.post({ iopubSent: token });
    const cell = currentCell();
    if (!cell) return undefined;
    return {
      header: cell.request.header,
      identities: cell.request.identities.map((identity) => identity.toString('base64')),
      allowStdin: cell.allowStdin,
    };
  }

  #apiOf(cell: Cell): CellApi {
    let api = this.#apis.get(cell);
    if (!api) {
      api = createCellApi(cell);
      this.#apis.set(cell, api);
    }
    return api;
  }

  #requestInput(parent: Message, prompt: string, password: boolean): Promise<string> {
    if (this.#pendingInput) return Promise.reject(new Error('another input request is still waiting for its answer'));
    return new Promise<string>((resolve, reject) => {
      this.#pendingInput = { resolve, reject };
      this.#channels.stdin.push(this.factory.make('input_request', { prompt, password }, parent));
    }).finally(() => (this.#pendingInput = undefined));
  }

  #receiveInput(message: Message): void {
    if (message.header.msg_type !== 'input_reply') {
      log(`ignored ${message.header.msg_type} on the stdin channel`);
      return;
    }
    const value = (message.content as { value?: unknown }).value;
    this.#pendingInput?.resolve(typeof value === 'string' ? value : '');
  }
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
