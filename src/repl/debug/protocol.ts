/**
 * What the REPL (main thread) and its debugger (a worker thread, see
 * src/debugger/in-repl/worker.ts) say to each other over the worker's port.
 * Here, in the REPL's folder, because the REPL must not import the debugger;
 * the debugger imports these types.
 */

/** The worker's `workerData`. */
export interface DebuggerWorkerData {
  colors: boolean;
}

/** The REPL's messages to its debugger. */
export type ToDebugger =
  /** A command typed at the REPL prompt (`b app.js:3`, `breakpoints`, `exceptions uncaught`), run as at `debug>`. */
  | { type: 'command'; id: number; line: string }
  /** The input that was running has ended (a `q` at the debug prompt skips pauses until then). */
  | { type: 'input-ended' }
  /** `.pdb on|off`: prompt at the throw of an uncaught error, or only keep its frames for `.debug`. */
  | { type: 'pdb'; id: number; on: boolean }
  /**
   * `.debug`: the post-mortem prompt over the frames of the last uncaught error; the REPL has lent
   * the terminal. The `reply` comes when the prompt is left (or at once, with why there is none).
   */
  | { type: 'post-mortem'; id: number };

/** The debugger's messages to the REPL. */
export type FromDebugger =
  /** Attached: `debugger;` stops from now on. */
  | { type: 'ready' }
  /** Could not attach; the REPL goes on without a debug prompt. */
  | { type: 'failed'; message: string }
  /** The lines a `command` printed. */
  | { type: 'reply'; id: number; lines: string[] };

/**
 * Where the REPL offers the terminal to the debugger, in the main isolate:
 * the worker calls these with `Runtime.evaluate` while the isolate is paused.
 */
export const terminalLeaseKey = 'balrog.repl.terminal';

/** The terminal lease (see terminal-lease.ts). */
export interface TerminalLease {
  /**
   * The debugger takes the terminal: the REPL stops reading it, and it goes to raw mode. `redraw`
   * (default true): when the REPL sat at its prompt, draw it again once the terminal is back.
   */
  lend(redraw?: boolean): void;
  /** The debugger gives it back: the REPL's mode and reading as they were. */
  giveBack(): void;
}
