/** Ctrl+C for fibers stuck in synchronous loops. */
import { BalrogError } from './errors.js';
import { native } from './native.js';

let users = 0;

function reinstall(event: string | symbol): void {
  // Node puts its own SIGINT handler in when the first listener is added and takes it
  // out with the last; put ours back in front once it has done so.
  if (event === 'SIGINT' && users > 0) process.nextTick(() => users > 0 && native.setSigintInterrupt(true));
}

/**
 * While enabled, a SIGINT that arrives while a fiber runs JavaScript (a busy loop:
 * the thread that resumed it is blocked) stops that fiber: its `run()` or `spawn()`
 * throws/rejects with `InterruptedError`. A SIGINT that arrives while no fiber runs
 * goes to Node as usual (`process.on('SIGINT')` listeners, or the default exit).
 * Returns a function that disables it again. Main thread only.
 */
export function enableSigintInterrupt(): () => void {
  if (!native.setSigintInterrupt(true)) {
    throw new BalrogError('Ctrl+C interrupts are already enabled in another thread of this process: enable them in one thread only', {
      code: 'ERR_BALROG_SIGINT_IN_USE',
    });
  }
  if (users++ === 0) {
    process.on('newListener', reinstall);
    process.on('removeListener', reinstall);
  }
  let enabled = true;
  return () => {
    if (!enabled) return;
    enabled = false;
    if (--users === 0) {
      process.off('newListener', reinstall);
      process.off('removeListener', reinstall);
      native.setSigintInterrupt(false);
    }
  };
}
