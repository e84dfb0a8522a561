/**
 * The REPL's `debug>` prompt: the line front end's commands (the table of
 * `balrog debug`, frontend/commands.ts) on a terminal that this worker owns
 * only while the main isolate is paused. At each pause it borrows the
 * terminal from the REPL (the terminal lease, src/repl/debug/terminal-lease.ts,
 * called in the paused isolate), reads it through its own tty handles (the
 * worker's process.stdin/stdout go through the frozen main thread), and gives
 * it back before `c`, `n`, `s` or `o` let the isolate go on.
 */
import tty from 'node:tty';
import { createInterface, type Interface } from 'node:readline';
import { Chalk, type ChalkInstance } from 'chalk';
import { BalrogError } from '../../core/errors.js';
import { terminalLeaseKey } from '../../repl/debug/protocol.js';
import type { CdpClient } from '../cdp/client.js';
import type { DebugSession, PauseInfo, Stop } from '../engine/session.js';
import { fromCallSyntax } from '../frontend/call-syntax.js';
import { findCommand, printWatchers, type CommandContext } from '../frontend/commands.js';
import { describePause } from '../frontend/describe.js';
import { backtraceLines, embeddedCommandContext, localsLines, RESUMING, splitCommand as split } from './embedded-commands.js';
import { isInternalScript } from './internal-code.js';
import { PostMortem } from './post-mortem.js';

/**
 * Exception pauses one input may cost before the debugger stops pausing at throws for the rest of
 * it (unless `.pdb on`). V8 counts every error in a fiber as caught (balrog's fiber entry catches
 * it), so every throw pauses and the session looks for the user's `try` itself: 1-7 ms a throw
 * (load 9-14 on 2 cores), against 0.07 ms without the debugger. A loop that throws and catches
 * is slowed by at most this many pauses.
 */
const EXCEPTION_PAUSES_PER_INPUT = 10;

/** Commands of `balrog debug` that have no meaning inside the REPL, and what to do instead. */
const NOT_HERE: Record<string, string> = {
  pause: '`pause` stops a running target; here the REPL runs it: press Ctrl+C at the REPL prompt to interrupt an input',
  kill: '`kill` would end the REPL itself: `q` leaves the debugger and the input runs on',
  run: '`run` restarts a program under `balrog debug`; in the REPL, run the input again',
};

interface Terminal {
  input: tty.ReadStream;
  rl: Interface;
}

/** The debug prompt of the REPL's debugger. */
export class PausedPrompt {
  readonly #chalk: ChalkInstance | undefined;
  readonly #output = new tty.WriteStream(1);
  #terminal: Terminal | undefined;
  #history: string[] = [];
  #queue: Promise<void> = Promise.resolve();
  #lastStep: string | undefined;
  #mode: 'debug' | 'repl' | 'post-mortem' = 'debug';
  readonly #shown = new WeakSet<PauseInfo>();
  /** `q` was typed: pauses are skipped until the input ends. */
  #skipping = false;
  /** `.pdb on`: the prompt opens at the throw of an uncaught error (otherwise its frames are only kept). */
  #pdb = false;
  readonly #postMortem: PostMortem;
  /** Set while the `.debug` prompt is open: leaves it. */
  #leavePostMortem: (() => void) | undefined;
  /** Exception pauses since the last input ended. */
  #exceptionPauses = 0;
  /** Pausing at throws is off until the input ends (see {@link EXCEPTION_PAUSES_PER_INPUT}). */
  #throwsIgnored = false;

  constructor(
    private readonly session: DebugSession,
    private readonly client: CdpClient,
    options: { colors: boolean },
  ) {
    this.#chalk = options.colors ? new Chalk({ level: 1 }) : undefined;
    this.#postMortem = new PostMortem(session, client);
    session.on('paused', (pause: PauseInfo) => {
      this.#queue = this.#queue.then(() => this.#onPaused(pause)).catch((error: Error) => this.#print(`(debugger: ${error.message})`));
    });
    client.onEvent('Debugger.paused', (event) => {
      if (event.reason !== 'exception' || this.#pdb || this.#throwsIgnored) return;
      if (++this.#exceptionPauses > EXCEPTION_PAUSES_PER_INPUT) void this.#ignoreThrows();
    });
    session.on('warning', (message: string) => {
      if (this.#terminal) this.#print(`warning: ${message}`);
    });
  }

  /** The REPL's input has ended: a `q` stops skipping pauses, and throws pause again. */
  async inputEnded(): Promise<void> {
    this.#exceptionPauses = 0;
    if (this.#throwsIgnored) {
      this.#throwsIgnored = false;
      await this.session.setExceptionMode(this.session.exceptionMode);
    }
    if (!this.#skipping) return;
    this.#skipping = false;
    await this.client.send('Debugger.setSkipAllPauses', { skip: false });
  }

  /** Too many throws in one input: no more pauses at throws until it ends, and `.debug` says why. */
  async #ignoreThrows(): Promise<void> {
    this.#throwsIgnored = true;
    await this.#postMortem.forget(
      `the frames of the last error were not kept: after ${EXCEPTION_PAUSES_PER_INPUT} errors thrown in one input (caught ones count: ` +
        "each costs a pause), the debugger stops pausing at throws until the input ends; '.pdb on' keeps them all",
    );
    await this.client.send('Debugger.setPauseOnExceptions', { state: 'none' });
  }

  /** `.pdb on|off`. */
  async setPdb(on: boolean): Promise<string[]> {
    this.#pdb = on;
    return [];
  }

  /**
   * `.debug`: opens the post-mortem prompt over the frames kept at the last uncaught error (the
   * REPL has lent the terminal; the isolate runs). Resolves when it is left, with what to print.
   */
  postMortem(): Promise<string[]> {
    if (!this.#postMortem.available) return Promise.resolve([this.#postMortem.unavailableReason]);
    return new Promise((resolve) => {
      this.#queue = this.#queue
        .then(async () => {
          this.#mode = 'post-mortem';
          this.#open();
          this.#leavePostMortem = () => {
            this.#leavePostMortem = undefined;
            this.#mode = 'debug';
            this.#close();
            resolve([]);
          };
          for (const line of await this.#postMortem.open(this.#chalk)) this.#print(line);
          this.#prompt();
        })
        .catch((error: Error) => {
          this.#leavePostMortem?.();
          resolve([`(debugger: ${error.message})`]);
        });
    });
  }

  /** Runs a command typed at the REPL prompt (the isolate runs): its output as lines. */
  async runDetached(line: string): Promise<string[]> {
    const lines: string[] = [];
    const print = (text: string): void => void lines.push(...text.split('\n'));
    try {
      const { command, args } = split(fromCallSyntax(line.trim()) ?? line.trim());
      const found = findCommand(command);
      if (!found)
        throw new BalrogError(`'${command}' is not a debugger command: see \`help\` at the debug prompt`, {
          code: 'ERR_BALROG_DEBUG_COMMAND',
        });
      await found.run(this.#context(print), args);
    } catch (error) {
      if (!(error instanceof BalrogError)) throw error;
      print(error.message);
    }
    return lines;
  }

  async #onPaused(pause: PauseInfo): Promise<void> {
    if (this.session.paused !== pause) return; // resumed meanwhile
    // An input's error on its way out (the evaluator takes the fiber's rejection) is seen in Node's
    // task queue as an unhandled rejection: the REPL prints it; `.pdb` stopped at the throw already.
    if (pause.reason === 'promiseRejection' && isInternalScript(pause.frames.frames[0]?.scriptUrl ?? 'node:')) {
      await this.client.send('Debugger.resume', {});
      return;
    }
    // An error that escapes the input (the session let caught ones go): keep its frames for `.debug`,
    // and unless `.pdb on` asked for the prompt here, let the input go on at once, its output unchanged.
    // (Not while the `.debug` prompt is open: that would release the frames it shows.)
    if (pause.reason === 'exception' || pause.reason === 'promiseRejection') {
      if (this.#mode !== 'post-mortem')
        await this.#postMortem
          .capture(pause)
          .catch((error: Error) => this.#print(`(debugger: the frames could not be kept: ${error.message})`));
      if (!this.#pdb && this.session.exceptionMode === 'uncaught') {
        await this.client.send('Debugger.resume', {});
        return;
      }
    }
    // A stop while the `.debug` prompt is open (a timer's `debugger;`): the live frame comes first.
    if (this.#mode === 'post-mortem') {
      this.#print('(post-mortem left: the program stopped)');
      this.#leavePostMortem?.();
    }
    if (!this.#terminal) {
      await this.#lease('lend');
      this.#open();
    }
    await this.#showPause(pause);
    this.#prompt();
  }

  #open(): void {
    // A worker gets no SIGWINCH: read the terminal's size now, as the resize handler of a main-thread stream would.
    (this.#output as unknown as { _refreshSize?: () => void })._refreshSize?.();
    const input = new tty.ReadStream(0);
    // The REPL's own handle puts the terminal in raw mode and back (see the lease); this one must not.
    input.setRawMode = () => input;
    const rl = createInterface({
      input,
      output: this.#output,
      terminal: true,
      prompt: 'debug> ',
      history: this.#history,
      historySize: 1000,
    });
    const terminal: Terminal = { input, rl };
    this.#terminal = terminal;
    rl.on('line', (line) => {
      this.#queue = this.#queue
        .then(() => this.#handle(line))
        .catch((error: Error) => this.#print(`(debugger: ${error.message})`))
        .then(() => this.#prompt());
    });
    rl.on('SIGINT', () => this.#interrupt());
    rl.on('close', () => {
      // Ctrl+D: as `q` at the debug prompt (as EOF is in pdb), `.exit` in the frame REPL.
      if (this.#terminal !== terminal) return;
      if (this.#mode === 'post-mortem') {
        // Ctrl+D: the REPL's prompt goes on the next line, as after `q`.
        this.#output.write('\n');
        this.#leavePostMortem?.();
        return;
      }
      if (this.#mode === 'repl') {
        this.#mode = 'debug';
        this.#close();
        this.#open();
        this.#prompt();
        return;
      }
      this.#queue = this.#queue.then(() => this.#quit()).catch((error: Error) => this.#print(`(debugger: ${error.message})`));
    });
  }

  #close(): void {
    const terminal = this.#terminal;
    if (!terminal) return;
    this.#terminal = undefined;
    this.#history = [...(terminal.rl as unknown as { history: string[] }).history];
    terminal.rl.close();
    terminal.input.destroy();
  }

  async #handle(raw: string): Promise<void> {
    const typed = raw.trim() || (this.#mode === 'debug' ? (this.#lastStep ?? '') : '');
    if (this.#mode === 'repl') {
      if (typed === '.exit') this.#mode = 'debug';
      else if (typed) await this.#evaluateAndPrint(typed);
      return;
    }
    if (this.#mode === 'post-mortem') return this.#handlePostMortem(typed);
    const line = fromCallSyntax(typed) ?? typed;
    if (!line) return;
    const { command, args } = split(line);
    const found = findCommand(command);
    if (!found) return this.#evaluateAndPrint(line);
    const name = found.names[0]!;
    this.#lastStep = name in RESUMING ? line : undefined;
    try {
      if (name in RESUMING) return await this.#resume(RESUMING[name]!);
      if (name === '.exit') return await this.#quit();
      if (name === 'bt') return this.#backtrace();
      if (name === 'locals') return await this.#locals();
      if (name in NOT_HERE) throw new BalrogError(NOT_HERE[name]!, { code: 'ERR_BALROG_DEBUG_COMMAND' });
      await found.run(
        this.#context((text) => this.#print(text)),
        args,
      );
    } catch (error) {
      if (!(error instanceof BalrogError)) throw error;
      this.#print(error.message);
    }
  }

  async #handlePostMortem(typed: string): Promise<void> {
    const line = fromCallSyntax(typed) ?? typed;
    if (!line) return;
    const { command, args } = split(line);
    const name = findCommand(command)?.names[0] ?? '';
    try {
      const print = (text: string): void => this.#print(text);
      if ((await this.#postMortem.handle(name, args, line, print, this.#chalk)) === 'leave') this.#leavePostMortem?.();
    } catch (error) {
      if (!(error instanceof BalrogError)) throw error;
      this.#print(error.message);
    }
  }

  /** Gives the terminal back and lets the isolate go on; the next pause opens the prompt again. */
  async #resume(run: (session: DebugSession) => Promise<Stop>): Promise<void> {
    this.#close();
    await this.#lease('giveBack');
    run(this.session).catch(() => {
      // The pause that ends it comes as a `paused` event; an exit needs nothing here.
    });
  }

  /** `q`: leave the debugger for this input, which runs on to its end with pauses skipped. */
  async #quit(): Promise<void> {
    this.#skipping = true;
    await this.client.send('Debugger.setSkipAllPauses', { skip: true });
    await this.#resume((session) => session.continue());
  }

  #context(print: (text: string) => void): CommandContext {
    return embeddedCommandContext({
      session: this.session,
      chalk: this.#chalk,
      print,
      showPause: (pause) => this.#showPause(pause),
      evaluateAndPrint: (input) => this.#evaluateAndPrint(input),
      enterRepl: () => {
        this.#mode = 'repl';
      },
      quit: () => {
        this.#queue = this.#queue.then(() => this.#quit());
      },
      runNotHere: NOT_HERE.run!,
    });
  }

  /** `bt` without the frames of the REPL's own machinery (evaluator, fiber core) and Node's. */
  #backtrace(): void {
    for (const line of backtraceLines(this.session)) this.#print(line);
  }

  /** `locals` without the REPL's own plumbing. */
  async #locals(): Promise<void> {
    for (const line of await localsLines(this.session, this.#chalk !== undefined)) this.#print(line);
  }

  async #evaluateAndPrint(input: string): Promise<void> {
    const result = await this.session.evaluate(input, this.#chalk !== undefined);
    if (!result.undefined) this.#print(result.text);
  }

  async #showPause(pause: PauseInfo): Promise<void> {
    if (this.#shown.has(pause)) return;
    this.#shown.add(pause);
    for (const line of await describePause(this.session, pause, this.#chalk)) this.#print(line);
    await printWatchers(this.#context((text) => this.#print(text)));
  }

  /** Ctrl+C: abandons a waiting evaluation; otherwise says how to go on. */
  #interrupt(): void {
    if (this.#mode === 'post-mortem') {
      if (this.#postMortem.abandon()) return;
      this.#print('(q goes back to the REPL)');
      this.#prompt();
      return;
    }
    if (this.session.evaluating) {
      this.session.abandon();
      return;
    }
    this.#print('(c continues the input, q leaves the debugger and lets it run on)');
    this.#prompt();
  }

  /** Calls the REPL's terminal lease in the paused isolate. */
  async #lease(call: 'lend' | 'giveBack'): Promise<void> {
    const { exceptionDetails } = await this.client.send('Runtime.evaluate', {
      expression: `globalThis[Symbol.for(${JSON.stringify(terminalLeaseKey)})]?.${call}()`,
      silent: true,
    });
    if (exceptionDetails)
      this.#print(`(the REPL's terminal could not be ${call === 'lend' ? 'taken' : 'given back'}: ${exceptionDetails.text})`);
  }

  #prompt(): void {
    const rl = this.#terminal?.rl;
    if (!rl) return;
    rl.setPrompt(this.#mode === 'repl' ? 'repl> ' : 'debug> ');
    rl.prompt(true);
  }

  #print(text: string): void {
    this.#output.write(`\r\x1b[K${text}\n`);
  }
}
