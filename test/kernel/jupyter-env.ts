/**
 * The real Jupyter clients the kernel tests drive: Debian's jupyter_client,
 * jupyter_kernel_test and ipykernel under /usr/bin/python3 (a python3 earlier
 * on PATH may not see Debian's modules). Installed here when missing and
 * running as root, as CI does; docs/kernel.md lists the same command.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';
export const DEBIAN_PACKAGES = [
  'python3-jupyter-client',
  'python3-jupyter-kernel-test',
  'python3-ipykernel',
  'python3-nbclient',
  'python3-nbformat',
];
export const scriptsDir = fileURLToPath(new URL('../../../test/kernel/python/', import.meta.url));
const bin = fileURLToPath(new URL('../../../bin/balrog.js', import.meta.url));

function haveModules(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import jupyter_client, jupyter_kernel_test, ipykernel, nbclient, nbformat'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Makes sure the Debian packages are there; throws with the install command if they cannot be. */
export function ensureJupyterClients(): void {
  if (haveModules()) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${DEBIAN_PACKAGES.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`the kernel tests need Debian's Jupyter clients: run \`${command}\` as root`);
  }
  execFileSync('sh', ['-c', command], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!haveModules()) throw new Error(`\`${command}\` ran, but ${PYTHON} still cannot import jupyter_client`);
}

/** Installs the balrog kernelspec into a fresh prefix; returns the environment that finds it. */
export function kernelEnvironment(name = 'balrog-test'): NodeJS.ProcessEnv {
  const prefix = mkdtempSync(join(tmpdir(), 'balrog-jupyter-'));
  execFileSync(process.execPath, [bin, 'kernel', 'install', '--prefix', prefix, '--name', name]);
  return {
    ...process.env,
    JUPYTER_PATH: join(prefix, 'share', 'jupyter'),
    JUPYTER_RUNTIME_DIR: join(prefix, 'runtime'),
    JUPYTER_DATA_DIR: join(prefix, 'data'),
    BALROG_KERNEL_NAME: name,
    PYTHONDONTWRITEBYTECODE: '1',
  };
}

/** Runs a script of test/kernel/python with a hard timeout; resolves with its exit code and output. */
export function runPython(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, { cwd: scriptsDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Runs a script of test/kernel/python and asserts that it exits 0 with output matching `expect`. */
export async function pythonPasses(args: string[], env: NodeJS.ProcessEnv, expect: RegExp): Promise<void> {
  const { code, output } = await runPython(args, env);
  assert.equal(code, 0, output);
  assert.match(output, expect, output);
}
