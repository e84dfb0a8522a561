/**
 * `npm run stress:kernel`: every way a kernel process ends (shutdown,
 * restart, process.exit() in a cell and in a timer, parent death, SIGTERM,
 * and with JupyterLab's debugger on: shutdown while a cell is stopped at a
 * breakpoint, process.exit() in a cell), each 100 times in a row through jupyter_client, every exit status checked
 * (test/kernel/python/exits.py). Not part of `npm test`: it takes minutes.
 *
 *   npm run stress:kernel [-- <count> [<paths>]]     paths: comma-separated, default all
 */
import { ensureJupyterClients, kernelEnvironment, PYTHON, scriptsDir } from './jupyter-env.js';
import { spawnSync } from 'node:child_process';

const count = process.argv[2] ?? '100';
const paths = process.argv[3] ?? 'all';
ensureJupyterClients();
const env = kernelEnvironment('balrog-stress');
const result = spawnSync(PYTHON, ['exits.py', paths, count], { cwd: scriptsDir, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
