/**
 * Runs `balrog run` (and plain node) as real child processes for the runtime
 * tests: collects output, waits for a line, and never outlives the test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, from dist/test/runtime/helpers/. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const balrogBin = fileURLToPath(new URL('../../../../bin/balrog.js', import.meta.url));
export const fixturesDir = fileURLToPath(new URL('../../../../test/runtime/fixtures/', import.meta.url));
export const registerPath = fileURLToPath(new URL('../../../src/runtime/register.js', import.meta.url));

/** A started process with its output so far. */
export interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of `pattern` in stdout (or stderr with `from`), or rejects on exit/timeout. */
  waitFor(pattern: RegExp, from?: 'stdout' | 'stderr', timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node <args>` in `cwd` (the fixtures folder unless told). */
export function startNode(args: string[], env: NodeJS.ProcessEnv = {}, cwd = fixturesDir): Started {
  return startCommand(process.execPath, args, env, cwd);
}

/** Starts `command <args>` in `cwd`, with NODE_OPTIONS cleared unless `env` sets it. */
export function startCommand(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Started {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that stop() also ends the program `balrog run` started.
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (pattern: RegExp, from: 'stdout' | 'stderr' = 'stdout', timeoutMs = 20_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const stream = from === 'stdout' ? child.stdout! : child.stderr!;
      const text = () => (from === 'stdout' ? out : err);
      const check = () => {
        const m = text().match(pattern);
        if (!m) return;
        cleanup();
        resolve(m);
      };
      const onExit = () => {
        cleanup();
        reject(new Error(`process exited before printing ${pattern}\nstdout: ${out}\nstderr: ${err}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${pattern}\nstdout: ${out}\nstderr: ${err}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        stream.off('data', check);
        child.off('close', onExit);
      };
      stream.on('data', check);
      child.on('close', onExit);
      check();
    });
  return { child, stdout: () => out, stderr: () => err, waitFor, exited };
}

/** Starts `balrog run <args>` in `cwd` (the fixtures folder unless told). */
export function startBalrog(args: string[], env: NodeJS.ProcessEnv = {}, cwd = fixturesDir): Started {
  return startNode([balrogBin, 'run', ...args], env, cwd);
}

/** Runs a process to completion (killing it after `timeoutMs`). */
export async function runToEnd(started: Started, timeoutMs = 30_000) {
  const timer = setTimeout(() => killGroup(started), timeoutMs);
  const result = await started.exited;
  clearTimeout(timer);
  return { ...result, stdout: started.stdout(), stderr: started.stderr() };
}

function killGroup(started: Started): void {
  try {
    process.kill(-started.child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Kills a process (and what it started) if still running, and waits for it. */
export async function stop(started: Started | undefined): Promise<void> {
  if (!started) return;
  killGroup(started);
  await started.exited;
}
