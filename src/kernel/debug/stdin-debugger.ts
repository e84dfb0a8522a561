/**
 * `debugger;` in a cell (issue 18): a `debug>` prompt through Jupyter's stdin
 * channel, as ipykernel's pdb asks for its lines with input_request. It runs
 * in the control worker, on an inspector session connected to the kernel's
 * main thread: while a cell is paused the main thread runs nothing, so the
 * prompt's input_requests, replies and output all go through this thread's
 * sockets (stdin, iopub). The commands are those of `balrog debug`
 * (src/debugger/frontend/commands.ts), on the same engine: `p await ...`
 * parks the paused cell's fiber while the event loop turns.
 *
 * The front end must allow input (`allow_stdin` in the execute_request, false
 * under nbclient/nbconvert): otherwise the pause is skipped at once and the
 * cell's stderr says so. While JupyterLab's visual debugger is on, its
 * pauses are its own and this prompt stays out of them.
 */
import { BalrogError } from '../../core/errors.js';
import { connectToMainThread } from '../../debugger/cdp/in-process-transport.js';
import type { CdpClient } from '../../debugger/cdp/client.js';
import { formatPosition } from '../../debugger/engine/locations.js';
import { DebugSession, type PauseInfo } from '../../debugger/engine/session.js';
import { fromCallSyntax } from '../../debugger/frontend/call-syntax.js';
import { findCommand, printWatchers, type CommandContext } from '../../debugger/frontend/commands.js';
import { describePause } from '../../debugger/frontend/describe.js';
import {
  backtraceLines,
  embeddedCommandContext,
  localsLines,
  RESUMING,
  splitCommand as split,
} from '../../debugger/in-repl/embedded-commands.js';
import { internalPatterns, isInternalScript } from '../../debugger/in-repl/internal-code.js';
import type { Header, Message, MessageFactory } from '../message.js';
import { KERNEL_DEBUG_GLOBALS, type PauseContext } from './kernel-globals.js';

/** The prompt of each input_request, as the issue names it (ipykernel's pdb says `ipdb> `). */
export const DEBUG_PROMPT = 'debug> ';

/** What the prompt needs from the control worker. */
export interface StdinDebuggerHost {
  factory: MessageFactory;
  /** Sends a message on the stdin socket (input_request) or on iopub (the prompt's output). */
  send(socket: 'stdin' | 'iopub', message: Message<unknown>): void;
  /** A token for the main thread's `pauseContext`, and when what it held for iopub has been handed over. */
  iopubSentMark(): { token: number; sent: Promise<void> };
  /** True while JupyterLab's visual debugger (the debug protocol) is on: its pauses are not ours. */
  visualDebuggerOn(): boolean;
  /** A line on the kernel's log. */
  log(text: string): void;
}

/** Commands of `balrog debug` with no meaning in a kernel, and what to do instead. */
const NOT_HERE: Record<string, string> = {
  pause: '`pause` stops a running target; here the cell is stopped already (Stop in the front end interrupts it)',
  kill: '`kill` would end the kernel: `q` leaves the debugger and the cell runs on; Stop interrupts it',
  run: '`run` restarts a program under `balrog debug`; in a notebook, run the cell again',
};

/** The cell a pause happened in: where the prompt's messages go. */
interface CellTarget {
  parent: Message<unknown>;
  allowStdin: boolean;
}

/** The debug prompt over Jupyter's stdin channel. */
export class StdinDebugger {
  readonly #pending = new Map<string, (value: string) => void>();
  #queue: Promise<void> = Promise.resolve();
  #lastStep: string | undefined;
  #mode: 'debug' | 'repl' = 'debug';
  /** `q` was typed: pauses are skipped until the cell ends. */
  #skipping = false;
  /** Set while the prompt waits for a line: {@link release} gives up the wait. */
  #waiting: { cancel: () => void } | undefined;

  private constructor(
    private readonly session: DebugSession,
    private readonly client: CdpClient,
    private readonly host: StdinDebuggerHost,
  ) {
    session.on('paused', (pause: PauseInfo) => {
      this.#queue = this.#queue.then(() => this.#onPaused(pause)).catch((error: Error) => host.log(`debug prompt: ${error.message}`));
    });
  }

  /** Connects to the main thread's inspector: from now on `debugger;` stops. */
  static async attach(host: StdinDebuggerHost): Promise<StdinDebugger> {
    const client = connectToMainThread();
    try {
      const session = await DebugSession.attach(client);
      // Steps stay in the notebook's code: `o` out of a cell's top level runs to its end, not into the evaluator.
      await client.send('Debugger.setBlackboxPatterns', { patterns: internalPatterns });
      return new StdinDebugger(session, client, host);
    } catch (error) {
      await client.close().catch(() => {});
      throw error;
    }
  }

  /**
   * An input_reply: true when it answers one of this prompt's input_requests
   * (by its parent header; a reply without one while the prompt waits, as
   * ipykernel takes any reply then).
   */
  takeReply(message: Message): boolean {
    if (message.header.msg_type !== 'input_reply') return false;
    const parentId = (message.parent_header as Partial<Header>).msg_id;
    const known = parentId !== undefined && this.#pending.has(parentId);
    const resolve = known ? this.#pending.get(parentId) : parentId === undefined ? [...this.#pending.values()][0] : undefined;
    if (!resolve) return false;
    const value = (message.content as { value?: unknown }).value;
    resolve(typeof value === 'string' ? value : '');
    return true;
  }

  /** The cell ended: a `q` stops skipping pauses. */
  async cellEnded(): Promise<void> {
    if (!this.#skipping) return;
    this.#skipping = false;
    await this.client.send('Debugger.setSkipAllPauses', { skip: false });
  }

  /**
   * Lets a paused cell go (an interrupt or a shutdown must reach it, and a
   * paused cell runs nothing): an evaluation that waits is abandoned, the
   * prompt's wait for a line given up, the pause resumed. For an interrupt
   * the cell then ends with InterruptedError even if it would finish at once
   * (as ipykernel's pdb prompt raises KeyboardInterrupt).
   */
  async release(reason: 'interrupt' | 'shutdown'): Promise<void> {
    this.session.abandon();
    const waiting = this.#waiting;
    waiting?.cancel();
    if (!this.session.paused) return;
    if (waiting && reason === 'interrupt') {
      await this.client
        .send('Runtime.evaluate', { expression: `${KERNEL_DEBUG_GLOBALS}?.interruptedAtPause()`, silent: true })
        .catch(() => {});
    }
    await this.session.resume().catch(() => {});
  }

  /** Ends its inspector session: a waiting prompt gives up, a pause is resumed, its breakpoints go. */
  async detach(): Promise<void> {
    await this.release('shutdown');
    await this.session.detach();
  }

  async #onPaused(pause: PauseInfo): Promise<void> {
    if (this.session.paused !== pause || this.host.visualDebuggerOn()) return;
    // A cell's error on its way out is seen in Node's task queue as an unhandled rejection of
    // balrog's own code: not the notebook's pause.
    if (pause.reason === 'promiseRejection' && isInternalScript(pause.frames.frames[0]?.scriptUrl ?? 'node:')) {
      await this.session.resume();
      return;
    }
    const cell = await this.#cellTarget();
    if (!cell) {
      this.host.log(`a pause outside of any cell (${pause.reason}) was resumed: no front end to ask`);
      await this.session.resume();
      return;
    }
    if (!cell.allowStdin) {
      this.#print(
        cell,
        `debugger: the pause at ${formatPosition(pause.frames.selected.position)} was skipped: this front end does not allow input ` +
          '(allow_stdin is false), so the debug prompt cannot open\n',
        'stderr',
      );
      await this.session.resume();
      return;
    }
    await this.#showPause(cell, pause);
    await this.#promptLoop(cell);
  }

  /** Asks for lines until one lets the cell go on. */
  async #promptLoop(cell: CellTarget): Promise<void> {
    for (;;) {
      const line = await this.#ask(cell, this.#mode === 'repl' ? 'repl> ' : DEBUG_PROMPT);
      if (line === undefined) return; // released (interrupt, shutdown)
      try {
        // EOF (Ctrl+D, which Jupyter front ends send as \x04) is `q`, as in ipykernel's pdb.
        if (line === '\x04') {
          if (this.#mode === 'repl') this.#mode = 'debug';
          else return await this.#quit();
          continue;
        }
        if (await this.#handle(cell, line)) return;
      } catch (error) {
        this.#print(cell, `${error instanceof BalrogError ? error.message : `(debugger: ${(error as Error).message})`}\n`);
      }
    }
  }

  /** Runs one line; true when the cell runs on. */
  async #handle(cell: CellTarget, raw: string): Promise<boolean> {
    const typed = raw.trim() || (this.#mode === 'debug' ? (this.#lastStep ?? '') : '');
    if (this.#mode === 'repl') {
      if (typed === '.exit') this.#mode = 'debug';
      else if (typed) await this.#evaluateAndPrint(cell, typed);
      return false;
    }
    const line = fromCallSyntax(typed) ?? typed;
    if (!line) return false;
    const { command, args } = split(line);
    const found = findCommand(command);
    if (!found) {
      await this.#evaluateAndPrint(cell, line);
      return false;
    }
    const name = found.names[0]!;
    this.#lastStep = name in RESUMING ? line : undefined;
    if (name in RESUMING) {
      // Not awaited: the next pause (a step's) comes as a `paused` event and opens the prompt again.
      RESUMING[name]!(this.session).catch(() => {});
      return true;
    }
    if (name === '.exit') {
      await this.#quit();
      return true;
    }
    if (name === 'bt') {
      this.#backtrace(cell);
      return false;
    }
    if (name === 'locals') {
      await this.#locals(cell);
      return false;
    }
    if (name in NOT_HERE) throw new BalrogError(NOT_HERE[name]!, { code: 'ERR_BALROG_DEBUG_COMMAND' });
    await found.run(this.#context(cell), args);
    return false;
  }

  /** `q`: leave the debugger for this cell, which runs on to its end with pauses skipped. */
  async #quit(): Promise<void> {
    this.#skipping = true;
    await this.client.send('Debugger.setSkipAllPauses', { skip: true });
    this.session.continue().catch(() => {});
  }

  #context(cell: CellTarget): CommandContext {
    return embeddedCommandContext({
      session: this.session,
      chalk: undefined,
      print: (text) => this.#print(cell, `${text}\n`),
      showPause: (pause) => this.#showPause(cell, pause),
      evaluateAndPrint: (input) => this.#evaluateAndPrint(cell, input),
      enterRepl: () => {
        this.#mode = 'repl';
      },
      quit: () => {
        this.#queue = this.#queue.then(() => this.#quit());
      },
      runNotHere: NOT_HERE.run!,
    });
  }

  /** `bt` without the kernel's own frames (evaluator, fiber core) and Node's. */
  #backtrace(cell: CellTarget): void {
    this.#print(cell, `${backtraceLines(this.session).join('\n')}\n`);
  }

  /** `locals` without the REPL's own plumbing (`$balrog$...`). */
  async #locals(cell: CellTarget): Promise<void> {
    this.#print(cell, `${(await localsLines(this.session, false)).join('\n')}\n`);
  }

  async #evaluateAndPrint(cell: CellTarget, input: string): Promise<void> {
    const result = await this.session.evaluate(input, false);
    if (!result.undefined) this.#print(cell, `${result.text}\n`);
  }

  async #showPause(cell: CellTarget, pause: PauseInfo): Promise<void> {
    this.#print(cell, `${(await describePause(this.session, pause, undefined)).join('\n')}\n`);
    await printWatchers(this.#context(cell));
  }

  /**
   * The paused cell's request, read in the paused isolate: the kernel's
   * main thread also sends what the cell printed before the pause (still in
   * its queue), so that it comes before the prompt's output.
   */
  async #cellTarget(): Promise<CellTarget | undefined> {
    const mark = this.host.iopubSentMark();
    const { result, exceptionDetails } = await this.client.send('Runtime.evaluate', {
      expression: `${KERNEL_DEBUG_GLOBALS}?.pauseContext(${mark.token})`,
      returnByValue: true,
      silent: true,
    });
    if (exceptionDetails || typeof result.value !== 'string') return undefined;
    // The cell's output before the pause reaches this thread by another way than this reply.
    await mark.sent;
    const context = JSON.parse(result.value) as PauseContext;
    const parent: Message<unknown> = {
      identities: context.identities.map((identity) => Buffer.from(identity, 'base64')),
      header: context.header,
      parent_header: {},
      metadata: {},
      content: {},
      buffers: [],
    };
    return { parent, allowStdin: context.allowStdin };
  }

  /** Sends an input_request for the cell's front end and waits for its reply; undefined once released. */
  #ask(cell: CellTarget, prompt: string): Promise<string | undefined> {
    const request = this.host.factory.make('input_request', { prompt, password: false }, cell.parent);
    return new Promise<string | undefined>((resolve) => {
      const done = (value: string | undefined): void => {
        this.#pending.delete(request.header.msg_id);
        this.#waiting = undefined;
        resolve(value);
      };
      this.#pending.set(request.header.msg_id, done);
      this.#waiting = { cancel: () => done(undefined) };
      this.host.send('stdin', request);
    });
  }

  #print(cell: CellTarget, text: string, name: 'stdout' | 'stderr' = 'stdout'): void {
    if (text === '') return;
    this.host.send('iopub', this.host.factory.make('stream', { name, text }, cell.parent));
  }
}
