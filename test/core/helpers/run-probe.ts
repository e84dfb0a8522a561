/**
 * Runs an ES module snippet in a child Node process, optionally under `taskset`
 * (as a user pins a service) or with extra environment, and parses the JSON line
 * it prints: for what a process decides once at start-up from its CPUs.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function runProbe<T>(source: string, options: { cpus?: string; env?: Record<string, string> } = {}): T {
  const node = [process.execPath, '--input-type=module', '-e', source];
  const [command, ...args] = options.cpus === undefined ? node : ['taskset', '-c', options.cpus, ...node];
  return JSON.parse(
    execFileSync(command!, args, {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      env: { ...process.env, ...options.env },
    }),
  ) as T;
}
