/**
 * Where an error goes when a fiber throws while nobody is there to catch it:
 * the fiber was resumed from a promise callback (by `wait()`), so the error
 * cannot propagate to the code that started it.
 */
import { type Fiber, fiberSlots } from './fiber.js';

/** Routes the uncaught errors of `fiber` to `handler` (spawn() rejects its promise with them). */
export function onFiberError(fiber: Fiber, handler: (error: unknown) => void): void {
  fiberSlots.setErrorHandler(fiber, handler);
}

/** Delivers an error thrown out of `fiber`: to its handler, or else as an uncaught exception, as a throwing callback would. */
export function reportFiberError(fiber: Fiber, error: unknown): void {
  const handler = fiberSlots.errorHandler(fiber);
  if (handler) {
    handler(error);
    return;
  }
  process.nextTick(() => {
    throw error;
  });
}
