/** Runs the real `balrog` CLI as a child process in the fixture project (for the tests that need its output). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The fixture project the REPL runs in (imports and require resolve there). */
export const project = fileURLToPath(new URL('../../../../test/repl/fixtures/project', import.meta.url));
const bin = fileURLToPath(new URL('../../../../bin/balrog.js', import.meta.url));

/** Runs `balrog` with `args` in the fixture project, feeding `input` on stdin. */
export function balrog(args: string[], input = ''): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: project,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', BALROG_REPL_HISTORY: '' },
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}
