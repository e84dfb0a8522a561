/**
 * `balrog/register`: the balrog runtime as a preload module.
 *
 *   node --require balrog/register <entry>   (what `balrog run` uses)
 *   node --import balrog/register <entry>
 *
 * Installs TypeScript loading and per-request fibers for HTTP servers (and
 * Express, Koa and Fastify handlers after asynchronous steps), and
 * runs the entry's top-level code in a fiber. No top-level await here: `-r`
 * loads this file with require(esm).
 */
import Module from 'node:module';
import { runEntry, resolveEntry } from './entry.js';
import { keepFrameworksInFibers } from './framework-fibers.js';
import { runRequestsInFibers } from './http-fibers.js';
import { preloadMode } from './preload-mode.js';
import { enableTypeScript } from './typescript-loader.js';
import { watchLauncher } from './launcher-watch.js';
import { throwUncaught } from './uncaught.js';

const RUN_MAIN = Symbol.for('balrog.runtime.runMain');

watchLauncher();
enableTypeScript();
runRequestsInFibers();
keepFrameworksInFibers();

const mode = preloadMode(import.meta.url);

if (mode === 'require') {
  // Node calls Module.runMain after the -r preloads; replacing it (the
  // documented way for -r preloads) lets the runtime load the entry instead.
  const internal = Module as unknown as { runMain: (main?: string) => void };
  internal.runMain = function runMainInFiber(main = process.argv[1]!) {
    runEntry(resolveEntry(main)).then(undefined, throwUncaught);
  };
} else if (mode === 'import') {
  (globalThis as Record<symbol, unknown>)[RUN_MAIN] = () => runEntry(resolveEntry(process.argv[1]!));
  Module.register(new URL('./main-stub-hooks.js', import.meta.url));
}
