/**
 * Debugging in the terminal REPL (issue 18): starts the REPL's debugger (a
 * worker, see repl-debugger.ts), lends it the terminal at each pause
 * (terminal-lease.ts), and adds the REPL-prompt side: `b <file>:<line>`,
 * `.break <file>:<line>`, `.breakpoints`, `.pdb on|off`.
 */
import type { REPLServer } from 'node:repl';
import type { TerminalLease } from './protocol.js';
import type { ReplDebugger } from './repl-debugger.js';

// Not `import`: on the way to the REPL's first prompt (docs/repl.md, "Start-up").
const process: NodeJS.Process = globalThis.process.getBuiltinModule('node:process');

/** What the terminal REPL needs of its debugger. */
export interface TerminalDebugging {
  /** Settles when `debugger;` stops (or once it is known that it will not: never rejects). */
  readonly ready: Promise<void>;
  /**
   * What an input waits for before it runs: the debugger, when the input says `debugger` or is a
   * breakpoint command; nothing otherwise. The worker takes a while to load (0.3-0.7 s here, more on
   * a loaded machine), and the first inputs need not pay for it.
   */
  readyFor(source: string): Promise<void>;
  /** For an input that is a breakpoint command (`b app.js:3`), the command to run instead; else undefined. */
  breakpointCommand(source: string): string | undefined;
  /** Runs a debugger command and prints its output. */
  run(command: string): Promise<void>;
  /** An input has ended (after `q` at the debug prompt, pauses stop being skipped). */
  inputEnded(): void;
}

/** `b <file>:<line> [if <cond>]`: not JavaScript, so never taken from an input that is. */
const BREAKPOINT_INPUT = /^\s*b\s+([^\s:]+:\d+(?:\s+if\s+[\s\S]+)?)\s*$/;

/**
 * Starts the debugger beside `server` (after its first prompt). `atPrompt`
 * says whether no input is running.
 */
export function startTerminalDebugging(server: REPLServer, atPrompt: () => boolean, options: { colors: boolean }): TerminalDebugging {
  const stdin = process.stdin as NodeJS.ReadStream & { setRawMode(mode: boolean): unknown };
  let started: ReplDebugger | undefined;
  let lease: TerminalLease | undefined;
  let failure: string | undefined;
  const ready = new Promise<void>((resolve) => {
    // After the prompt is on screen, as the evaluator: the worker loads while the user types.
    setImmediate(() => {
      if (process.env.BALROG_REPL_DEBUGGER === '0') {
        failure = 'BALROG_REPL_DEBUGGER=0 turned it off';
        return resolve();
      }
      // Loaded here rather than with this file, which is on the way to the first prompt (docs/repl.md, "Start-up").
      Promise.all([import('./terminal-lease.js'), import('./repl-debugger.js')])
        .then(([{ installTerminalLease }, { ReplDebugger }]) => {
          lease = installTerminalLease(stdin, atPrompt, () => server.displayPrompt(true));
          return ReplDebugger.start({ colors: options.colors });
        })
        .then(
          (debuggerStarted) => {
            started = debuggerStarted;
            resolve();
          },
          (error: Error) => {
            failure = `it could not start (${error.message})`;
            resolve();
          },
        );
    });
  });
  const write = (lines: readonly string[]): void => {
    for (const line of lines) server.output.write(`${line}\n`);
  };
  const run = async (command: string): Promise<void> => {
    await ready;
    if (!started) write([`the debugger is off: ${failure}`]);
    else write(await started.command(command));
  };
  const command = (name: string, help: string, action: (arg: string) => Promise<void>): void => {
    server.defineCommand(name, {
      help,
      action(arg: string) {
        void action(arg.trim()).finally(() => this.displayPrompt());
      },
    });
  };
  // node:repl's `.break` (leave a multi-line input) stays: with an argument it sets a breakpoint.
  const nodeBreak = server.commands.break?.action;
  server.defineCommand('break', {
    help: 'Sometimes you get stuck, this gets you out; .break <file>:<line> [if <cond>] sets a breakpoint',
    action(arg: string) {
      if (arg.trim() === '' && nodeBreak) return nodeBreak.call(this, arg);
      void run(`b ${arg.trim()}`).finally(() => this.displayPrompt());
    },
  });
  command('breakpoints', 'List the breakpoints (.break <file>:<line> sets one)', () => run('breakpoints'));
  let pdb = false;
  command('pdb', 'Stop at an uncaught error in an input, before the stack unwinds: .pdb on|off', async (arg) => {
    if (arg !== 'on' && arg !== 'off' && arg !== '') return write(['usage: .pdb on|off']);
    if (arg !== '') {
      await ready;
      if (started) await started.pdb(arg === 'on');
      pdb = arg === 'on';
    }
    write([`Automatic debugger on uncaught errors is ${pdb ? 'on' : 'off'}`]);
  });
  // IPython's %debug: the debugger kept the frames of the last uncaught error at its throw (post-mortem.ts
  // in the debugger's worker); the worker owns the terminal while its prompt is open, the REPL goes on running.
  command('debug', "Post-mortem: a debug prompt at the frame of the last uncaught error of an input (IPython's %debug)", async () => {
    await ready;
    if (!started || !lease) return write([`the debugger is off: ${failure}`]);
    lease.lend(false);
    try {
      write(await started.postMortem());
    } finally {
      lease.giveBack();
    }
  });
  // Once an input waits for the debugger, the inputs typed after it wait as well: none overtakes it.
  let gate = Promise.resolve();
  return {
    ready,
    readyFor: (source) => {
      if (/\bdebugger\b/.test(source) || BREAKPOINT_INPUT.test(source)) gate = ready;
      return gate;
    },
    breakpointCommand: (source) => {
      const match = BREAKPOINT_INPUT.exec(source);
      return match ? `b ${match[1]}` : undefined;
    },
    run,
    inputEnded: () => started?.inputEnded(),
  };
}
