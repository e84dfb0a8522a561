/**
 * JupyterLab's visual debugger, played by a DAP client script over a real
 * jupyter_client against a real kernel process (test/kernel/python/debugger.py),
 * and the debugger benchmark's driver.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ensureJupyterClients, kernelEnvironment, pythonPasses, runPython } from '../jupyter-env.js';

let env: NodeJS.ProcessEnv;

before(() => {
  ensureJupyterClients();
  env = kernelEnvironment();
});

const passes = (args: string[], expect: RegExp): Promise<void> => pythonPasses(args, env, expect);

test("JupyterLab's debugger over the debug protocol: breakpoints in cells, stack, variables, stepping, await while stopped", async () => {
  await passes(
    ['debugger.py'],
    /ok: stopped at the breakpoint[\s\S]*ok: evaluate: await while stopped gives 42[\s\S]*ok: no abort at exit/,
  );
});

test('the debugger benchmark driver measures stops, stackTrace and evaluate for balrog and ipykernel (no timing asserted)', async () => {
  for (const [kernel, language] of [
    [env.BALROG_KERNEL_NAME!, 'ts'],
    ['python3', 'py'],
  ]) {
    const { code, output } = await runPython(['debugroundtrip.py', kernel!, language!, '2'], {
      ...env,
      PYDEVD_DISABLE_FILE_VALIDATION: '1',
    });
    assert.equal(code, 0, output);
    const result = JSON.parse(output.split('\n').find((line) => line.startsWith('{'))!);
    assert.equal(result.kernel, kernel);
    assert.equal(result.count, 2);
    for (const key of ['stop_ms', 'stack_ms', 'evaluate_ms']) assert.ok(result[key] > 0, key);
  }
});
