/**
 * Runs a fixture script in its own Node process with a hard timeout, so that a
 * crash (a V8 fatal error, an abort) fails one test instead of taking down the suite.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const fixtures = fileURLToPath(new URL('../../../../test/core/fixtures/', import.meta.url));

export interface FixtureResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runFixture(
  name: string,
  args: string[] = [],
  options: {
    nodeArgs?: string[];
    timeoutMs?: number;
    onStdout?: (text: string, child: import('node:child_process').ChildProcess) => void;
  } = {},
): Promise<FixtureResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), fixtures + name, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(stdout, child);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 20_000);
    // 'close', not 'exit': it comes after the pipes have drained.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
