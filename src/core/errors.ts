/**
 * balrog's error family. Every message says what went wrong and what to do
 * about it, because these errors reach users of the REPL, the debugger and
 * services started with `balrog run`.
 */
import type { ErrorCode } from './error-codes.js';

/** Base class of every error balrog raises on purpose. */
export class BalrogError extends Error {
  /** A stable, machine-readable code such as `ERR_BALROG_NOT_IN_FIBER` (the list: src/core/error-codes.ts). */
  readonly code: ErrorCode;
  /** The exit code the CLI uses when this error ends a command. */
  readonly exitCode: number;

  constructor(message: string, options: { code: ErrorCode; exitCode?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** A fiber-only call (wait(), a `balrog/sync` function) was made outside any fiber. */
export class NotInFiberError extends BalrogError {
  constructor(what = 'wait()') {
    super(`${what} must run inside a fiber: wrap the call in spawn() or start the program with \`balrog run\``, {
      code: 'ERR_BALROG_NOT_IN_FIBER',
    });
  }
}

/** A fiber was used in a way its state does not allow (run a finished fiber, resume a running one). */
export class FiberStateError extends BalrogError {
  constructor(message: string) {
    super(message, { code: 'ERR_BALROG_FIBER_STATE' });
  }
}

/** The work was abandoned on request: Ctrl+C, a Jupyter interrupt, or a debugger's cancel. */
export class InterruptedError extends BalrogError {
  constructor(message = 'Interrupted') {
    super(message, { code: 'ERR_BALROG_INTERRUPTED', exitCode: 130 });
  }
}

/**
 * The OS refused a thread for a new fiber: every suspended fiber holds one, so
 * too many are waiting at once.
 */
export class ThreadLimitError extends BalrogError {
  constructor(message: string) {
    super(message, { code: 'ERR_BALROG_THREAD_LIMIT' });
  }
}
