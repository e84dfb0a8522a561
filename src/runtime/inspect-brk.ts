/**
 * `--inspect-brk` for ES module entries. Node pauses on the entry's first
 * line when its own loader compiles the main module; for CommonJS (and
 * TypeScript) that still happens, in the entry's fiber. An ES module entry
 * is loaded by balrog through require(esm), which Node does not pause on, so
 * a one-shot breakpoint on the entry's first line stands in for it: set
 * through an in-process inspector session, it pauses every attached client.
 */
import { Session } from 'node:inspector';

/** True when this process was started with `--inspect-brk`. */
export function inspectBrk(): boolean {
  return process.execArgv.some((arg) => /^--inspect-brk(=|$)/.test(arg));
}

/** Sets a breakpoint at line 1 of `url`; returns a function that removes it. */
export function pauseOnFirstLine(url: string): () => void {
  const session = new Session();
  session.connect();
  // Session.post runs synchronously on this thread; nothing here waits inside it.
  session.post('Debugger.enable');
  let breakpointId: string | undefined;
  session.post('Debugger.setBreakpointByUrl', { url, lineNumber: 0 }, (error, result) => {
    if (!error) breakpointId = result.breakpointId;
  });
  return () => {
    if (breakpointId) session.post('Debugger.removeBreakpoint', { breakpointId });
    session.disconnect();
  };
}
