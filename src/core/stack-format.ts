/**
 * Suspending a fiber while V8 formats a stack trace.
 *
 * V8 formats one stack trace at a time per isolate: while `Error.prepareStackTrace`
 * runs, a flag on the isolate (not on the thread) makes every other `error.stack`
 * fall back to V8's plain format, so a formatter cannot recurse. A fiber that
 * suspended inside the formatter would leave that flag set for as long as it
 * waits, and every other fiber's errors would silently lose their custom format.
 * V8 has no API to read or swap the flag, so balrog refuses the suspension with a
 * clear error instead; a formatter that does not wait works as in plain Node.
 */
import { BalrogError } from './errors.js';

// Intrinsics, so a user's `Error` binding cannot change the probe.
const ErrorCtor = Error;
const captureStackTrace = Error.captureStackTrace;
// Node installs a formatter of its own (`ErrorPrepareStackTrace`, V8's default format, on every
// major from 20 to 26); only a user's formatter can wait, so only one that is not Node's is probed.
const nodeFormatter = ErrorCtor.prepareStackTrace?.name === 'ErrorPrepareStackTrace' ? ErrorCtor.prepareStackTrace : undefined;

function userFormatter(): boolean {
  const formatter = ErrorCtor.prepareStackTrace;
  return typeof formatter === 'function' && formatter !== nodeFormatter;
}

let formatterCalled = false;
const marker = (): string => {
  formatterCalled = true;
  return '';
};

/**
 * Whether V8 is formatting a stack trace on this isolate now. Only asked when a
 * user formatter is installed (else the flag changes nothing a user can see):
 * swaps in a marker formatter and formats an empty trace; V8 skips the formatter
 * exactly when its recursion flag is set. About 1 µs.
 */
function formattingStackTrace(): boolean {
  const user = ErrorCtor.prepareStackTrace;
  const limit = ErrorCtor.stackTraceLimit;
  formatterCalled = false;
  try {
    ErrorCtor.prepareStackTrace = marker;
    ErrorCtor.stackTraceLimit = 0;
    const probe: { stack?: string } = {};
    captureStackTrace(probe);
    void probe.stack;
  } finally {
    ErrorCtor.prepareStackTrace = user;
    ErrorCtor.stackTraceLimit = limit;
  }
  return !formatterCalled;
}

/** Throws when the current fiber is inside `Error.prepareStackTrace`, where suspending would break every other fiber's stack format. */
export function assertNotFormattingStack(what: string): void {
  if (!userFormatter() || !formattingStackTrace()) return;
  throw new BalrogError(
    `${what} inside Error.prepareStackTrace: V8 formats one stack trace at a time per isolate, so while this fiber waited ` +
      "every other fiber's errors would lose their custom format. Prepare what the formatter needs before reading `error.stack` " +
      '(load source maps or metadata up front), or format without waiting.',
    { code: 'ERR_BALROG_WAIT_IN_STACK_FORMAT' },
  );
}
