/**
 * The terminal passes from the REPL to its debugger and back. While the
 * isolate is paused the REPL's readline (main thread) is frozen and the
 * debugger's worker reads the terminal through its own handle; only one side
 * may read, or keystrokes go to whichever reads first (the main thread's loop
 * runs again while a debug-prompt evaluation awaits). The worker calls
 * `lend()` when a pause begins and `giveBack()` before it resumes, with
 * `Runtime.evaluate` on the paused isolate, so they run here, in the main
 * isolate, at exactly those moments.
 */
import { terminalLeaseKey, type TerminalLease } from './protocol.js';

/** The parts of Node's stdin handle that say and switch whether it reads. */
interface StreamHandle {
  reading?: boolean;
  readStart?(): number;
  readStop?(): number;
}

interface Lent {
  wasRaw: boolean;
  wasReading: boolean;
  atPrompt: boolean;
}

/**
 * Installs the lease for `stdin` (and returns it: `.debug` lends the terminal from here). `atPrompt()` says whether the REPL sits at
 * its prompt (no input running: the pause came from a timer or a callback);
 * `redrawPrompt` shows the prompt again after the debug prompt's output.
 */
export function installTerminalLease(
  stdin: NodeJS.ReadStream & { setRawMode(mode: boolean): unknown },
  atPrompt: () => boolean,
  redrawPrompt: () => void,
): TerminalLease {
  let lent: Lent | undefined;
  let redraw: NodeJS.Immediate | undefined;
  const handle = (): StreamHandle | undefined => (stdin as unknown as { _handle?: StreamHandle })._handle;
  const lease: TerminalLease = {
    lend(redrawAfter = true) {
      if (lent) return;
      clearImmediate(redraw);
      redraw = undefined;
      const own = handle();
      lent = { wasRaw: stdin.isRaw, wasReading: own?.reading === true, atPrompt: redrawAfter && atPrompt() };
      // Stop the handle itself: a paused stream's handle reads on into its buffer (as Node does for stdin.pause()).
      if (own?.reading) {
        own.reading = false;
        own.readStop?.();
      }
      // Raw through the REPL's own handle, so that libuv's idea of the mode stays true: Ctrl+C is then
      // a key for the debug prompt, not a SIGINT that would interrupt the paused input.
      stdin.setRawMode(true);
    },
    giveBack() {
      if (!lent) return;
      const { wasRaw, wasReading, atPrompt: wasAtPrompt } = lent;
      lent = undefined;
      stdin.setRawMode(wasRaw);
      const own = handle();
      if (wasReading && own && !own.reading) {
        own.reading = true;
        own.readStart?.();
      }
      // Runs once the isolate goes on (an immediate, cancelled if it pauses again first).
      if (wasAtPrompt) redraw = setImmediate(redrawPrompt);
    },
  };
  (globalThis as Record<symbol, unknown>)[Symbol.for(terminalLeaseKey)] = lease;
  return lease;
}
