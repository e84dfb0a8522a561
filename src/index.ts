/**
 * balrog: sync-looking code that runs asynchronously underneath.
 *
 * ```ts
 * import { spawn, wait } from 'balrog';
 * await spawn(() => {
 *   const res = wait(fetch('http://localhost:8080/'));
 *   console.log(wait(res.text()));
 * });
 * ```
 */
export {
  Fiber,
  inFiber,
  spawn,
  spawnInTurn,
  sync,
  wait,
  waitForCallback,
  enableSigintInterrupt,
  BalrogError,
  FiberStateError,
  InterruptedError,
  NotInFiberError,
  ThreadLimitError,
  errorCodes,
  type ErrorCode,
} from './core/index.js';
export { fiberize, runRequestsInFibers } from './runtime/index.js';
