/**
 * An input whose result can never settle: it waits on a promise and nothing
 * is left in the event loop that could settle it. Without a terminal that
 * would end the session silently and drop the rest of the input; the REPL
 * says so instead and goes on (`-e` exits 13, as Node does for an unsettled
 * top-level await).
 */
import { BalrogError } from '../core/errors.js';

/** The evaluation was abandoned because the event loop emptied while it waited. */
export class UnsettledResultError extends BalrogError {
  constructor() {
    super('the awaited promise can never settle; input abandoned', { code: 'ERR_BALROG_UNSETTLED', exitCode: 13 });
    this.stack = `${this.name}: ${this.message}`; // balrog's frames say nothing about the input
    // Printed as `Uncaught UnsettledResultError: ...`, without the fields meant for programs.
    for (const key of ['code', 'exitCode']) Object.defineProperty(this, key, { enumerable: false });
  }
}

/**
 * While `busy()` says an evaluation runs, an emptied event loop (Node's
 * 'beforeExit') abandons it with {@link UnsettledResultError}. Returns the
 * function that stops watching.
 */
export function abandonWhenUnsettled(busy: () => boolean, abandon: (error: Error) => void): () => void {
  const onBeforeExit = (): void => {
    if (!busy()) return;
    abandon(new UnsettledResultError());
    // Node leaves without another 'beforeExit' if the loop is still empty after
    // this one, even when the next input waits too: keep one more turn coming.
    setImmediate(() => {});
  };
  process.on('beforeExit', onBeforeExit);
  return () => process.off('beforeExit', onBeforeExit);
}
