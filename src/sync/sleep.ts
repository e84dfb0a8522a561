/** `sleep(ms)`: pauses the current fiber; the event loop (and other fibers) carry on. */
import { setTimeout as delay } from 'node:timers/promises';
import { sync } from '../core/index.js';

/** Suspends the calling fiber for `ms` milliseconds. */
export const sleep: (ms: number) => void = sync((ms: number) => delay(ms), 'sleep()');
