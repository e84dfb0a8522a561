/**
 * Runs `balrog debug --plain-node <fixture>` in scripted mode from the
 * conformance fixtures folder, as Node's tests run `node inspect <fixture>`:
 * plain node is the reference's own runtime, so the same facts must hold.
 */
import { fileURLToPath } from 'node:url';
import { runScripted } from '../helpers/debugger-process.js';

export const conformanceFixtures = fileURLToPath(new URL('../../../../test/debugger/conformance/fixtures/', import.meta.url));

/** `node inspect <script>` with `commands` typed in, the balrog way. */
export function inspect(script: string, commands: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; runtime?: 'balrog' } = {}) {
  const args = options.runtime === 'balrog' ? ['debug', script] : ['debug', '--plain-node', script];
  return runScripted(args, commands, { cwd: options.cwd ?? conformanceFixtures, ...(options.env ? { env: options.env } : {}) });
}
