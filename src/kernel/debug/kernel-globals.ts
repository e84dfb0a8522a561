/**
 * What the control worker's debugger reads in the kernel's main thread,
 * installed at `globalThis[Symbol.for('balrog.kernel.debug')]`:
 *
 * - `globals()`: the notebook's own variables (globals that were not there
 *   when the kernel started, so neither Node's nor balrog's), as one object
 *   whose properties the debugger lists: the Variables panel's "Globals"
 *   scope and `inspectVariables`, as ipykernel lists the user namespace.
 * - `mime(value)`: the value's MIME bundle as a cell result would show it
 *   (`richInspectVariables`).
 * - `pauseContext(token)`: at a pause, the request of the cell that paused
 *   (JSON, see {@link PauseContext}), for the debug prompt over stdin; it also
 *   hands the control worker what the main thread still holds for iopub,
 *   followed by `token`, so that the worker sends the cell's output before
 *   the prompt's.
 * - `interruptedAtPause()`: Stop was pressed at the debug prompt; the paused
 *   cell ends with InterruptedError once it resumes.
 */
import type { Header } from '../message.js';
import { toMime, type MimeBundle } from '../mime.js';

/** The paused cell's execute_request, as the debug prompt addresses its messages. */
export interface PauseContext {
  header: Header;
  /** The request's ZeroMQ routing identities, base64. */
  identities: string[];
  allowStdin: boolean;
}

/** The expression the worker evaluates to reach these functions. */
export const KERNEL_DEBUG_GLOBALS = "globalThis[Symbol.for('balrog.kernel.debug')]";

/** Names a notebook never declared itself: the REPL's result and error slots. */
const hidden = new Set(['_', '_error']);

/**
 * Installs the functions; the globals present now are the baseline that
 * `globals()` leaves out. `pauseContext` gives the paused cell's context, or
 * undefined outside of any cell; `interruptedAtPause` marks the paused cell.
 */
export function installKernelDebugGlobals(pauseContext: (token: number) => PauseContext | undefined, interruptedAtPause: () => void): void {
  const baseline = new Set(Object.getOwnPropertyNames(globalThis));
  const globals = (): Record<string, unknown> => {
    const variables = Object.create(null) as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(globalThis)) {
      if (baseline.has(name) || hidden.has(name) || name.startsWith('$balrog$')) continue;
      const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
      if (!descriptor) continue;
      if ('value' in descriptor) {
        variables[name] = descriptor.value;
      } else {
        // A top-level const is an accessor that returns its value (src/repl/bindings.ts).
        try {
          variables[name] = descriptor.get?.call(globalThis);
        } catch (error) {
          variables[name] = error;
        }
      }
    }
    return variables;
  };
  const mime = (value: unknown): MimeBundle => toMime(value);
  const pauseContextJson = (token: number): string | undefined => {
    const context = pauseContext(token);
    return context && JSON.stringify(context);
  };
  Object.defineProperty(globalThis, Symbol.for('balrog.kernel.debug'), {
    value: { globals, mime, pauseContext: pauseContextJson, interruptedAtPause },
    configurable: true,
  });
}
