/**
 * The kernel under real Jupyter clients (Debian's jupyter_client and
 * jupyter_kernel_test), started the way Jupyter starts it: from a kernelspec
 * installed with `balrog kernel install --prefix`.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { before, test } from 'node:test';
import { ensureJupyterClients, kernelEnvironment, pythonPasses, runPython } from './jupyter-env.js';

let env: NodeJS.ProcessEnv;

before(() => {
  ensureJupyterClients();
  env = kernelEnvironment();
});

const passes = (args: string[], expect: RegExp): Promise<void> => pythonPasses(args, env, expect);

test('jupyter_kernel_test: execute, streams, errors, complete, inspect, is_complete, history, display data', async () => {
  // unittest's own pager test stays skipped: balrog has no `?` help pager.
  await passes(['test_balrog_kernel.py'], /Ran 16 tests[\s\S]*OK \(skipped=1\)/);
});

test('interrupt (SIGINT and interrupt_request) abandons a pending await and busy loops; state is kept', async () => {
  await passes(['interrupt.py'], /ok: control: state kept after the interrupts[\s\S]*ok: kernel alive/);
});

test('a wrongly signed message is rejected and logged, never executed; malformed frames do not crash', async () => {
  await passes(['bad_signature.py'], /ok: the forged code did not run[\s\S]*ok: malformed messages are logged/);
});

test('a replayed signed message runs once; the copy is refused and logged as Duplicate Signature', async () => {
  await passes(['replay.py'], /ok: the replayed cell ran once[\s\S]*ok: both replays are logged/);
});

test('completion and inspection run nothing with side effects; TypeScript signatures as written', async () => {
  await passes(['introspection.py'], /ok: \[1, 2\]\.ma[\s\S]*ok: no getter ran during completion and inspection/);
});

test('the benchmark driver measures a round trip for balrog and ipykernel (no timing asserted)', async () => {
  for (const kernel of [env.BALROG_KERNEL_NAME!, 'python3']) {
    const { code, output } = await runPython(['roundtrip.py', kernel, '1', '5'], { ...env, PYDEVD_DISABLE_FILE_VALIDATION: '1' });
    assert.equal(code, 0, output);
    const result = JSON.parse(output.split('\n').find((line) => line.startsWith('{'))!);
    assert.equal(result.kernel, kernel);
    assert.equal(result.count, 5);
    assert.ok(result.median_ms > 0);
  }
});

test('ijavascript compatibility ($$.input, $$html$$, mimers), user_expressions, late errors, restart', async () => {
  await passes(['features.py'], /ok: the kernel survived it[\s\S]*ok: restart gives a fresh kernel/);
});

test('a kernel whose Jupyter process is killed exits by itself', async () => {
  await passes(['orphan.py'], /ok: the orphaned kernel exited by itself/);
});

test('notebooks written the ijavascript way run headless with nbclient; outputs match the saved mime bundles', async () => {
  const dir = new URL('../../../test/kernel/notebooks/', import.meta.url).pathname;
  const notebooks = readdirSync(dir).filter((name) => name.endsWith('.ipynb'));
  assert.ok(notebooks.length >= 5, `notebooks in ${dir}`);
  const { code, output } = await runPython(['nbclient_notebooks.py', ...notebooks.map((name) => dir + name)], env);
  assert.equal(code, 0, output);
  for (const name of notebooks) assert.match(output, new RegExp(`ok: ${name}: \\d+ cells match their saved outputs`), output);
});

test('a notebook written for ijavascript runs unchanged, with the outputs saved in it', async () => {
  const notebook = new URL('../../../test/kernel/fixtures/ijavascript-notebook.ipynb', import.meta.url).pathname;
  await passes(['notebook.py', notebook], /ok: cell cell-9/);
});
