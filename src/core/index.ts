/**
 * The fiber core: stackful coroutines where `wait()` blocks the fiber, not the
 * event loop.
 */
import { Fiber, inFiber } from './fiber.js';
import { spawn, sync } from './spawn.js';
import { wait } from './wait.js';

export { Fiber, inFiber } from './fiber.js';
export { spawn, spawnInTurn, sync } from './spawn.js';
export { wait, waitForCallback } from './wait.js';
export { enableSigintInterrupt } from './interrupt.js';
export { BalrogError, FiberStateError, InterruptedError, NotInFiberError, ThreadLimitError } from './errors.js';
export { errorCodes, type ErrorCode } from './error-codes.js';

/**
 * Code injected into this process later (a debugger's evaluation) reaches the
 * process's own core here. The first core loaded in a process keeps the slot:
 * two copies of the addon must not mix their fibers.
 */
const slot = Symbol.for('balrog.core');
const registry = globalThis as { [slot]?: unknown };
registry[slot] ??= Object.freeze({ wait, spawn, sync, inFiber, Fiber });
