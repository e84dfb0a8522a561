/**
 * Reports an error the way Node reports a throw from an event callback: as an
 * uncaught exception (process 'uncaughtException' listeners, or a crash with
 * the stack and exit code 1). A fiber's failure arrives as a rejected promise,
 * which Node would otherwise report as an unhandled rejection.
 */
export function throwUncaught(error: unknown): void {
  process.nextTick(() => {
    throw error;
  });
}
