/**
 * `debugger;` in a cell (issue 18): the debug prompt over Jupyter's stdin
 * channel, driven through Debian's jupyter_client as a front end that
 * allows input, and one that does not.
 */
import { before, test } from 'node:test';
import { ensureJupyterClients, kernelEnvironment, pythonPasses } from './jupyter-env.js';

let env: NodeJS.ProcessEnv;

before(() => {
  ensureJupyterClients();
  env = kernelEnvironment();
});

test('debugger; opens debug> over stdin: p await, locals, bt, up/down, n, q, c; without stdin a note; Stop and shutdown at the prompt', async () => {
  await pythonPasses(
    ['stdin_debugger.py'],
    env,
    /ok: p await Promise\.resolve\(41\)\+1 printed 42[\s\S]*ok: the cell's result after c[\s\S]*ok: the note says the pause was skipped[\s\S]*ok: Stop at the prompt interrupts the cell[\s\S]*ok: kernel alive to the end[\s\S]*ok: shutdown at the debug prompt: the kernel exits with 0/,
  );
});
