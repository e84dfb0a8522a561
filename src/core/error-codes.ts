/**
 * Every `code` a balrog error can carry, with what it means: the TypeScript
 * layer's and the addon's (native/src/error_codes.h). A code is a contract:
 * programs branch on it, so one never changes meaning. docs/core.md has this
 * table; test/core/error-codes.test.ts checks that the code base uses no code
 * missing here and that the docs list exactly these.
 */
export const errorCodes = {
  // The addon (native/src/error_codes.h, and its loader native/index.js); Node's own codes where Node's APIs would use them.
  ERR_INVALID_ARG_TYPE: 'An argument of the wrong type reached the addon (a fiber made from something that is not a function).',
  ERR_INVALID_ARG_VALUE: 'An argument with an invalid value reached the addon (a resume mode other than 0, 1 or 2).',
  ERR_BALROG_FIBER_STATE: 'A fiber was used in a way its state does not allow: resuming a finished fiber, or one that is running.',
  ERR_BALROG_THREAD_LIMIT: 'The OS refused a thread for a new fiber: too many fibers are suspended at once (`ulimit -u`).',
  ERR_BALROG_NOT_IN_FIBER: 'A fiber-only call (wait(), Fiber.yield(), a `balrog/sync` function) was made outside any fiber.',
  ERR_BALROG_ADDON: 'The native addon is not built, or not for the running Node: `npm rebuild @balrog/fiber` (native/index.js).',

  // The core.
  ERR_BALROG_INTERRUPTED: 'The work was abandoned on request: Ctrl+C, a Jupyter interrupt, or a debugger cancel.',
  ERR_BALROG_WAIT_IN_TIMED_VM: 'wait() was called inside a vm script run with a `timeout` or `breakOnSigint`.',
  ERR_BALROG_WAIT_IN_STACK_FORMAT: 'wait() or Fiber.yield() inside Error.prepareStackTrace (V8 formats one trace at a time per isolate).',
  ERR_BALROG_SIGINT_IN_USE: 'Ctrl+C interrupts were enabled in one thread while another thread of the process has them on.',

  // Command lines (`balrog run`, `balrog kernel`, `balrog repl`, the top-level command).
  ERR_BALROG_USAGE: 'A command line balrog cannot use: an unknown command or option, or a bad option value.',
  ERR_BALROG_REMOTE_INSPECT: 'The inspector would listen on a host that is not loopback, without `--allow-remote-inspect`.',
  ERR_BALROG_ENTRY_NOT_FOUND: 'The entry file given to `balrog run` does not exist.',
  ERR_BALROG_LAUNCH: 'The child Node process of `balrog run` could not be started.',

  // The REPL.
  ERR_BALROG_UNSETTLED: 'A piped or `-e` input waited on a promise that can never settle (the event loop emptied); the input is abandoned.',
  ERR_BALROG_REPL_SCRIPT_NAME: 'evaluate() was given a file name no script can have (empty, a line break, parentheses).',

  // The Jupyter kernel.
  ERR_BALROG_KERNEL_CONNECTION: 'The kernel connection file cannot be read or is invalid.',
  ERR_BALROG_KERNEL_BIND: 'The kernel cannot listen on one of the addresses of its connection file.',
  ERR_BALROG_KERNEL_NAME: 'An invalid kernelspec name was given to `balrog kernel install`.',
  ERR_BALROG_KERNEL_INSTALL: 'The kernelspec cannot be written to its directory.',
  ERR_BALROG_KERNEL_MESSAGE: 'A malformed message arrived on a kernel channel; it is dropped.',
  ERR_BALROG_KERNEL_SIGNATURE: 'A message whose signature does not match the connection key; it is dropped.',
  ERR_BALROG_KERNEL_REPLAY: 'A message whose signature was seen before (a replay); it is dropped.',
  ERR_BALROG_KERNEL_STDIN: '`$$.input()` in a cell of a frontend that does not accept input (allow_stdin is false).',
  ERR_BALROG_KERNEL_NO_CELL: 'The `$$` cell API was used while no notebook cell runs.',

  // The debugger.
  ERR_BALROG_CDP: 'The inspector (Chrome DevTools Protocol) answered a request with an error.',
  ERR_BALROG_CDP_CLOSED: 'The inspector connection closed while a request waited for its answer.',
  ERR_BALROG_DEBUG_TARGET:
    'The target named to `balrog attach` cannot be used: not a pid, port, host:port or ws:// URL, a pid that is not running, or not Node.',
  ERR_BALROG_INSPECTOR_UNREACHABLE:
    "No inspector answered for the target, it could not be turned on (SIGUSR1 refused or unhandled), or it is another process's.",
  ERR_BALROG_REMOTE_ATTACH: '`balrog attach` was pointed at an inspector on a non-loopback address without `--allow-remote`.',
  ERR_BALROG_DEBUG_ENTRY: 'The entry given to `balrog debug` does not exist, or its program ended before its inspector started.',
  ERR_BALROG_DEBUG_COMMAND:
    'A debugger command whose arguments cannot be understood (the message gives its usage), or that does not apply to this target.',
  ERR_BALROG_DEBUG_NOT_FOUND: 'A debugger command named a breakpoint, watch, frame, profile or function that does not exist.',
  ERR_BALROG_TARGET_RUNNING: 'A debugger command needs a paused target (`bt`, `locals`, `list`, `b <line>`) and the target is running.',
  ERR_BALROG_TARGET_GONE: 'The debugged program exited (or closed its inspector) before or during the command: nothing is left to debug.',
  ERR_BALROG_BREAKPOINT:
    'A breakpoint cannot be set: one is set at that place already, or `b <name>` names something that is not a function.',
  ERR_BALROG_PROFILE: 'A CPU profile was started twice or stopped when none records, or a profile or heap snapshot cannot be written.',
  ERR_BALROG_DEBUG_PORT: 'The `--port` given to `balrog debug` is in use by another process (or cannot be listened on).',
} as const satisfies Record<string, string>;

/** A code a `BalrogError` (or the addon) can carry. */
export type ErrorCode = keyof typeof errorCodes;

/** Whether `code` is one of the registered codes (the addon's codes arrive as plain strings). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(errorCodes, code);
}
