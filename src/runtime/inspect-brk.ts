/**
 * `--inspect-brk` for ES module entries. Node pauses on the entry's first
 * line when its own loader compiles the main module; for CommonJS (and
 * TypeScript) that still happens, in the entry's fiber. An ES module entry
 * is loaded by balrog through require(esm), which Node does not pause on, so
 * a one-shot breakpoint on the entry's first line stands in for it: set
 * through an in-process inspector session, it pauses every attached client.
 */
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createRequire } from 'node:module';
import type { Statement } from '@babel/types';

/** True when this process was started with `--inspect-brk`. */
export function inspectBrk(): boolean {
  return process.execArgv.some((arg) => /^--inspect-brk(=|$)/.test(arg));
}

/** Top-level statements that run no code of their own when the module is evaluated. */
function isDeclarationOnly(statement: Statement): boolean {
  switch (statement.type) {
    case 'ImportDeclaration':
    case 'FunctionDeclaration':
    case 'EmptyStatement':
      return true;
    case 'ExportNamedDeclaration':
      return statement.declaration == null || statement.declaration.type === 'FunctionDeclaration';
    case 'ExportDefaultDeclaration':
      return statement.declaration.type === 'FunctionDeclaration';
    default:
      return false;
  }
}

/**
 * Where the entry's own code starts: its first top-level statement that runs.
 * A breakpoint "at line 1" is not enough: V8 moves it to the next breakable
 * position in the file, which is inside the first function when the module
 * starts with function declarations, so it paused in that function, at every call.
 */
export function firstStatement(filename: string): { lineNumber: number; columnNumber: number } {
  const { parse } = createRequire(import.meta.url)('@babel/parser') as typeof import('@babel/parser');
  const program = parse(readFileSync(filename, 'utf8'), { sourceType: 'module', errorRecovery: true }).program;
  const start = program.body.find((statement) => !isDeclarationOnly(statement))?.loc?.start;
  return start ? { lineNumber: start.line - 1, columnNumber: start.column } : { lineNumber: 0, columnNumber: 0 };
}

// Makes the breakpoint fire once: later hits of the same position (a loop, a
// second import of the module) are not a start.
const once = `(() => { const k = Symbol.for('balrog.inspectBrk.paused'); return globalThis[k] ? false : (globalThis[k] = true); })()`;

/** Pauses (once) at the first statement of the ES module `filename`; returns a function that removes the breakpoint. */
export function pauseOnFirstLine(url: string, filename: string): () => void {
  const session = new Session();
  session.connect();
  // Session.post runs synchronously on this thread; nothing here waits inside it.
  session.post('Debugger.enable');
  let breakpointId: string | undefined;
  session.post('Debugger.setBreakpointByUrl', { url, ...firstStatement(filename), condition: once }, (error, result) => {
    if (!error) breakpointId = result.breakpointId;
  });
  return () => {
    if (breakpointId) session.post('Debugger.removeBreakpoint', { breakpointId });
    session.disconnect();
  };
}
