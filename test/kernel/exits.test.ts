/**
 * Every way the kernel process ends, through a real jupyter_client
 * (test/kernel/python/exits.py; `npm run stress:kernel` runs each path 100
 * times). A file of its own: with the other client tests it would pass the
 * runner's two minutes per file.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ensureJupyterClients, kernelEnvironment, runPython } from './jupyter-env.js';

let env: NodeJS.ProcessEnv;

before(() => {
  ensureJupyterClients();
  env = kernelEnvironment();
});

test('every exit path ends with its code, twice each (npm run stress:kernel: 100 each)', async () => {
  // shutdown and restart: 0; process.exit(3) in a cell and in a timer: 3; parent death: 1; SIGTERM: killed by it;
  // with the debugger on, a shutdown while a cell is stopped: 0, and process.exit(3): 3.
  const { code, output } = await runPython(['exits.py', 'all', '2'], env, 300_000);
  assert.equal(code, 0, output);
  for (const path of ['shutdown', 'restart', 'exit-cell', 'exit-timer', 'sigterm', 'parent-death', 'shutdown-stopped', 'exit-debugging']) {
    assert.match(output, new RegExp(`ok: ${path}: 2 of 2 ended with`), output);
  }
});
