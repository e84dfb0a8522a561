/**
 * `balrog/sync`: blocking-looking I/O for code running in fibers (under
 * `balrog run`, in spawn(), in a fiberize()d callback). Each function waits on
 * Node's async version and throws NotInFiberError, naming itself, outside a fiber.
 *
 * To wrap any other promise-returning client, use the core's `sync(fn, 'name()')`
 * (the same error style) or `wait(promise)`; `syncify` is its deprecated earlier name.
 */
export { fetch, SyncResponse } from './fetch.js';
export { fs, type SyncFs } from './fs.js';
export { sleep } from './sleep.js';
export { exec, execFile, type CommandOutput } from './child-process.js';
export { SyncPool, type SyncQueryable } from './pg.js';
export { syncify, assertInFiber } from './in-fiber.js';
