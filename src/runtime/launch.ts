/**
 * Starts the program for `balrog run`: a child `node` with the runtime
 * preloaded (`-r register.js`), so the program sees exactly what
 * `node <entry> [args...]` would give it (its own process.argv, execArgv,
 * stdio, exit code), and the inspector flags are Node's own.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BalrogError } from '../core/errors.js';
import { formatInspectAddress } from './inspect-address.js';
import { LAUNCHER_ENV } from './launcher-watch.js';
import { endingWithParent } from './parent-death.js';
import type { RunOptions } from './run-args.js';

/** The preload module, by absolute path so it works from any working directory. */
export const registerPath = fileURLToPath(new URL('./register.js', import.meta.url));

/** Signals passed on to the program. SIGINT/SIGQUIT from a terminal already reach it (same process group). */
const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGUSR2'];
const TERMINAL_SIGNALS = new Set<NodeJS.Signals>(['SIGINT', 'SIGQUIT']);

/** Fails early, with the fix, when the entry does not exist (Node's own message is a stack trace). */
export function checkEntry(entry: string, cwd = process.cwd()): void {
  const absolute = resolve(cwd, entry);
  if (existsSync(absolute)) return;
  for (const ext of ['.ts', '.mts', '.cts']) if (existsSync(absolute + ext)) return;
  try {
    createRequire(resolve(cwd, 'noop.js')).resolve(absolute);
  } catch {
    throw new BalrogError(`cannot find the entry '${entry}' (looked for ${absolute}): check the path`, {
      code: 'ERR_BALROG_ENTRY_NOT_FOUND',
    });
  }
}

/** Node options of this process worth passing on (not our own inspector: the child gets its own). */
function inheritedExecArgv(): string[] {
  return process.execArgv.filter((arg) => !/^--(inspect|debug)/.test(arg));
}

/** Runs the program to completion; resolves with the exit code `balrog run` should return. */
export function launch(options: RunOptions): Promise<number> {
  checkEntry(options.entry);
  for (const warning of options.warnings) process.stderr.write(`${warning}\n`);
  const nodeArgs = [...inheritedExecArgv()];
  if (options.inspect) {
    const flag = options.inspect.brk ? '--inspect-brk' : '--inspect';
    nodeArgs.push(`${flag}=${formatInspectAddress(options.inspect)}`);
  }
  // `--` ends node's options: the entry is a file even when its name starts with '-'.
  nodeArgs.push('--require', registerPath, '--', options.entry, ...options.args);

  return new Promise((resolvePromise, reject) => {
    // SIGTERM when the launcher dies (killed with SIGKILL, say), as launcher-watch.ts does, but also
    // while the program waits for a debugger or sits at a breakpoint, when no JavaScript runs.
    const child = spawn(...endingWithParent(process.execPath, nodeArgs, 'TERM'), {
      stdio: 'inherit',
      env: { ...process.env, [LAUNCHER_ENV]: String(process.pid) },
    });
    const fromTerminal = process.stdin.isTTY === true;
    const forward = (signal: NodeJS.Signals) => {
      if (fromTerminal && TERMINAL_SIGNALS.has(signal)) return;
      child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    const stopForwarding = () => {
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    child.on('error', (error) => {
      stopForwarding();
      reject(new BalrogError(`could not start ${process.execPath}: ${error.message}`, { code: 'ERR_BALROG_LAUNCH', cause: error }));
    });
    child.on('exit', (code, signal) => {
      stopForwarding();
      if (signal) {
        // Die of the same signal, so that the shell sees what it would see with `node <entry>`.
        process.kill(process.pid, signal);
        resolvePromise(128 + (constants.signals[signal] ?? 0));
        return;
      }
      resolvePromise(code ?? 0);
    });
  });
}
