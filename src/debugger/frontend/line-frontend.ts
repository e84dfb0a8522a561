/**
 * The line-mode front end of `balrog attach` / `balrog debug`.
 *
 * Interactive (a TTY): a `debug> ` prompt with line editing, colors, pauses
 * printed as they happen, Ctrl+C to abandon an evaluation or stop a running
 * target, Ctrl+D to leave. Scripted (stdin not a TTY): commands are read line
 * by line, each finishes before the next, run commands wait for the next
 * pause or the exit, no prompt and no colors; the tests drive this mode.
 */
import { createInterface, type Interface } from 'node:readline';
import { inspect } from 'node:util';
import { Chalk, type ChalkInstance } from 'chalk';
import { BalrogError } from '../../core/errors.js';
import type { DebugSession, PauseInfo, Stop } from '../engine/session.js';
import { fromCallSyntax } from './call-syntax.js';
import { findCommand, printWatchers, type CommandContext } from './commands.js';
import { warmUpTransform } from '../engine/input-transform.js';
import { describePause } from './describe.js';
import { findNonStopCommand, followNonStop, WHOLE_PROCESS_PAUSED } from './non-stop-commands.js';
import { parseProtocolCall } from './protocol-call.js';

/** Options of the line front end. */
export interface LineFrontendOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Prompt, line editing and colors (stdin and stdout are terminals). */
  interactive: boolean;
  colors: boolean;
  /** Ends the program the debugger started (`kill`, balrog debug only). */
  kill?: () => void;
  /**
   * Starts the program again and returns the new session (`restart`, `r`,
   * `run`; balrog debug only). With it the debugger stays after the program
   * ends, as node inspect does, so that it can be run again.
   */
  restart?: () => Promise<DebugSession>;
}

type Mode = 'debug' | 'repl';

/** Reads commands, runs them against a session, prints results. */
export class LineFrontend {
  private readonly chalk: ChalkInstance | undefined;
  private readonly queue: string[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  private quitting = false;
  private mode: Mode = 'debug';
  private busy = false;
  private unlisten: (() => void) | undefined;
  /** The current session's end was printed already (when the debugger stays after it). */
  private exitShown = false;
  /** The last `c`/`n`/`s`/`o`, which an empty line repeats. */
  private lastStep: string | undefined;
  private running = false;
  private readonly shown = new WeakSet<PauseInfo>();
  private rl: Interface | undefined;
  private warmedUp = false;

  constructor(
    private session: DebugSession,
    private readonly options: LineFrontendOptions,
  ) {
    this.chalk = options.colors ? new Chalk({ level: 1 }) : undefined;
  }

  /** Runs until the user leaves or the target exits; returns the exit code. */
  async run(): Promise<number> {
    const onSigint = (): void => this.interrupt();
    this.listen(this.session);
    this.openInput(onSigint);
    try {
      if (this.session.paused && !this.shown.has(this.session.paused)) await this.showPause(this.session.paused);
      this.prompt();
      for (;;) {
        const line = await this.nextLine();
        if (line === undefined) break;
        await this.handle(line);
        if (this.quitting || (this.session.exited !== undefined && !this.options.restart)) break;
        const { paused } = this.session;
        if (paused && !this.shown.has(paused)) await this.showPause(paused);
        this.prompt();
      }
      // Leaving: the end of the connection is ours, not news to print.
      this.unlisten?.();
      this.unlisten = undefined;
      if (this.session.exited !== undefined) {
        if (!this.exitShown) this.print(this.session.exited);
      } else {
        await this.session.detach();
      }
      return 0;
    } finally {
      this.unlisten?.();
      process.off('SIGINT', onSigint);
      this.rl?.close();
    }
  }

  /** Follows a session's events (one session at a time: `restart` brings a new one). */
  private listen(session: DebugSession): void {
    const onPaused = (pause: PauseInfo): void => {
      if (!this.busy) void this.showPause(pause).then(() => this.prompt());
    };
    const onExited = (reason: string): void => {
      if (!this.options.restart) {
        this.stopReading();
        return;
      }
      // The debugger stays, to run the program again: say how it ended now.
      this.exitShown = true;
      this.print(reason);
      this.prompt();
      this.wake?.();
    };
    const onWarning = (message: string): void => this.print(`warning: ${message}`);
    session.on('paused', onPaused);
    session.on('exited', onExited);
    session.on('warning', onWarning);
    const unfollow = followNonStop(
      session,
      this.chalk,
      (text) => this.print(text),
      () => this.prompt(),
    );
    this.exitShown = false;
    this.unlisten = () => {
      session.off('paused', onPaused);
      session.off('exited', onExited);
      session.off('warning', onWarning);
      unfollow();
    };
  }

  /** `restart`: the program starts again; breakpoints, watches and the exception mode carry over. */
  private async restartSession(): Promise<void> {
    if (!this.options.restart)
      throw new BalrogError(
        '`restart` starts again a program the debugger started (balrog debug); for an attached process, restart it yourself and attach again',
        { code: 'ERR_BALROG_DEBUG_COMMAND' },
      );
    this.unlisten?.();
    this.unlisten = undefined;
    const session = await this.options.restart();
    this.session = session;
    this.listen(session);
    if (session.paused) await this.showPause(session.paused);
  }

  private async handle(raw: string): Promise<void> {
    // An empty line repeats the last step (`n`, `s`, `o`, `c`), as in node inspect and pdb.
    const typed = raw.trim() || (this.mode === 'debug' ? (this.lastStep ?? '') : '');
    const line = this.mode === 'debug' ? (fromCallSyntax(typed) ?? typed) : typed;
    if (!line) return;
    this.busy = true;
    try {
      if (this.mode === 'repl') {
        if (line === '.exit') this.mode = 'debug';
        else await this.evaluateAndPrint(line);
        return;
      }
      const space = line.search(/\s/);
      const name = space < 0 ? line : line.slice(0, space);
      const args = space < 0 ? '' : line.slice(space + 1);
      const command = findNonStopCommand(this.session, name, findCommand) ?? findCommand(name);
      if (!command) {
        const call = parseProtocolCall(line);
        if (call)
          this.print(inspect(await this.session.protocolCall(call.method, call.params), { depth: 4, colors: this.chalk !== undefined }));
        else await this.evaluateAndPrint(line);
        return;
      }
      const isRun = ['c', 'n', 's', 'o', 'pause'].includes(command.names[0]!);
      this.lastStep = isRun && command.names[0] !== 'pause' ? line : undefined;
      // In non-stop mode these return at once (the process runs on): no need to run them behind the prompt.
      if (isRun && this.options.interactive && !this.session.nonStop) {
        this.runInBackground(command.run(this.context(), args));
        return;
      }
      this.running = isRun;
      await command.run(this.context(), args);
    } catch (error) {
      if (error instanceof BalrogError && !(error.code === 'ERR_BALROG_CDP' && this.session.exited !== undefined)) {
        this.print(error.message);
      } else if (this.session.exited === undefined) {
        throw error;
      }
    } finally {
      this.busy = false;
      this.running = false;
    }
  }

  /**
   * On a terminal, `c`, `n`, `s`, `o` run while the prompt stays usable (as
   * in `node inspect`): `pause`, `q`, breakpoints and evaluation work while the
   * target runs, and the next pause is printed when it comes.
   */
  private runInBackground(running: Promise<void>): void {
    this.running = true;
    running
      .catch((error: Error) => {
        if (this.session.exited === undefined) this.print(error.message);
      })
      .finally(() => {
        this.running = false;
      });
  }

  private context(): CommandContext {
    return {
      session: this.session,
      chalk: this.chalk,
      print: (text) => this.print(text),
      showStop: (stop) => this.showStop(stop),
      evaluateAndPrint: (input) => this.evaluateAndPrint(input),
      enterRepl: () => {
        if (!this.session.paused) this.print('(not paused: the REPL evaluates in the global scope)');
        this.mode = 'repl';
      },
      quit: () => {
        this.quitting = true;
      },
      kill: this.options.kill,
      restart: () => this.restartSession(),
    };
  }

  private async evaluateAndPrint(input: string): Promise<void> {
    const result = await this.session.evaluate(input, this.chalk !== undefined);
    if (!result.undefined) this.print(result.text);
    this.warmUp();
  }

  /**
   * After the first evaluation (which compiled the input transform's parser):
   * the parser optimized in idle moments, a few inputs per turn of the event
   * loop so that input and Ctrl+C are never held up, so that the next
   * evaluations spend 0.05 ms, not 1 ms, in it (a paused await of a 100 ms
   * timer is a benchmark: issue 13).
   */
  private warmUp(): void {
    if (this.warmedUp) return;
    this.warmedUp = true;
    let left = 200;
    const slice = (): void => {
      warmUpTransform(5);
      left -= 5;
      if (left > 0) setImmediate(slice).unref();
    };
    setImmediate(slice).unref();
  }

  private async showStop(stop: Stop): Promise<void> {
    if (stop.kind === 'paused') await this.showPause(stop.pause);
  }

  private async showPause(pause: PauseInfo): Promise<void> {
    if (this.shown.has(pause)) return;
    this.shown.add(pause);
    try {
      for (const line of await describePause(this.session, pause, this.chalk)) this.print(line);
      // In non-stop mode a V8 pause (`debugger;` in a fiber, an exception, `pause`) stops every fiber: said, as
      // the TUI's status line says it (a step says it itself).
      if (this.session.nonStop && pause.requested !== 'step') this.print(WHOLE_PROCESS_PAUSED);
      await printWatchers(this.context());
    } catch (error) {
      if (this.session.exited === undefined) this.print(`(cannot show the pause: ${(error as Error).message})`);
    }
  }

  /** Ctrl+C: abandon a pending evaluation, stop a running target, or leave. */
  private interrupt(): void {
    if (this.session.evaluating) {
      if (!this.session.abandon()) {
        this.print('cannot interrupt the evaluation: the target is not a local process; it goes on until its promise settles');
      }
      return;
    }
    if (this.running && !this.session.paused) {
      this.session.pause().catch((error: Error) => this.print(error.message));
      return;
    }
    if (this.options.interactive && !this.busy) {
      this.print('(To leave, type .exit or press Ctrl+D)');
      this.prompt();
      return;
    }
    this.queue.length = 0;
    this.quitting = true;
    this.stopReading();
  }

  private openInput(onSigint: () => void): void {
    const rl = createInterface({
      input: this.options.input,
      output: this.options.interactive ? this.options.output : undefined,
      terminal: this.options.interactive,
      prompt: '',
    });
    this.rl = rl;
    rl.on('line', (line) => {
      this.queue.push(line);
      this.wake?.();
    });
    rl.on('close', () => {
      // Ctrl+D in the frame REPL returns to the debugger prompt.
      if (this.options.interactive && this.mode === 'repl' && !this.ended && !this.quitting) {
        this.mode = 'debug';
        this.print('');
        this.openInput(onSigint);
        this.prompt();
        return;
      }
      this.stopReading();
    });
    if (this.options.interactive) rl.on('SIGINT', onSigint);
    else if (!process.listeners('SIGINT').includes(onSigint)) process.on('SIGINT', onSigint);
  }

  private stopReading(): void {
    this.ended = true;
    this.wake?.();
  }

  private nextLine(): Promise<string | undefined> {
    return new Promise((resolve) => {
      const take = (): void => {
        if (this.queue.length > 0 && !this.quitting) resolve(this.queue.shift());
        else if (this.ended || this.quitting || (this.session.exited !== undefined && !this.options.restart)) resolve(undefined);
        else {
          this.wake = () => {
            this.wake = undefined;
            take();
          };
          return;
        }
        this.wake = undefined;
      };
      take();
    });
  }

  private prompt(): void {
    if (!this.options.interactive || !this.rl || this.ended) return;
    this.rl.setPrompt(this.mode === 'repl' ? 'repl> ' : 'debug> ');
    this.rl.prompt(true);
  }

  private print(text: string): void {
    if (this.options.interactive && this.rl) {
      this.options.output.write(`\r\x1b[K${text}\n`);
    } else {
      this.options.output.write(`${text}\n`);
    }
  }
}
