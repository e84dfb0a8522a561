/**
 * The runtime's public API (re-exported from `balrog`). The rest of the
 * runtime is installed by `balrog run` or `balrog/register`.
 */
export { fiberize } from './fiberize.js';
export { runRequestsInFibers } from './http-fibers.js';
