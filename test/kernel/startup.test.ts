/**
 * The kernel's start, as Jupyter's clients see it: each iopub subscriber is
 * welcomed (iopub_welcome), so a client never waits on a subscription that
 * is not live yet; and the start-up trace names every phase.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ensureJupyterClients, kernelEnvironment, pythonPasses, runPython } from './jupyter-env.js';

let env: NodeJS.ProcessEnv;

before(() => {
  ensureJupyterClients();
  env = kernelEnvironment();
});

test('every iopub subscriber gets an iopub_welcome; kernel_info lists the feature', async () => {
  await pythonPasses(
    ['iopub_welcome.py'],
    env,
    /ok: client 1 gets an iopub_welcome[\s\S]*ok: client 2 gets an iopub_welcome[\s\S]*ok: both welcomes/,
  );
});

test('BALROG_KERNEL_STARTUP_TRACE=1 logs each start-up phase, both threads on one clock', async () => {
  const { code, output } = await runPython(['roundtrip.py', env.BALROG_KERNEL_NAME!, '0', '1'], {
    ...env,
    BALROG_KERNEL_STARTUP_TRACE: '1',
  });
  assert.equal(code, 0, output);
  const phases = [...output.matchAll(/startup: (.+) at ([\d.]+) ms \(process CPU \d+ ms\)/g)].map((match) => match[1]!);
  for (const phase of [
    'balrog kernel command loaded',
    'control worker started',
    'shell bound',
    'control worker modules loaded',
    'iopub, heartbeat, control and stdin bound',
    'control worker ready',
    'kernel and evaluator loaded',
    'serving',
    'kernel_info_request',
  ]) {
    assert.ok(phases.includes(phase), `phase "${phase}" in:\n${output}`);
  }
  const at = (phase: string): number => Number(new RegExp(`startup: ${phase} at ([\\d.]+) ms`).exec(output)![1]);
  // The worker's marks use the main thread's clock: it is started before it binds, and ready before the kernel serves.
  assert.ok(at('control worker started') < at('iopub, heartbeat, control and stdin bound'), output);
  assert.ok(at('iopub, heartbeat, control and stdin bound') <= at('control worker ready'), output);
  assert.ok(at('control worker ready') <= at('serving'), output);
});
