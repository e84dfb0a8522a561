/**
 * `exec` and `execFile` that return `{ stdout, stderr }` when the command
 * ends, and throw Node's error (with `code`, `stdout`, `stderr`) when it fails.
 */
import { exec as execCallback, execFile as execFileCallback } from 'node:child_process';
import type { ExecFileOptions, ExecOptions } from 'node:child_process';
import { promisify } from 'node:util';
import { sync } from '../core/index.js';

/** What a finished command printed. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
}

const execAsync = promisify(execCallback);
const execFileAsync = promisify(execFileCallback);

/** Runs `command` in a shell; output as strings. */
export const exec: (command: string, options?: ExecOptions) => CommandOutput = sync(
  (command: string, options?: ExecOptions) => execAsync(command, { ...options, encoding: 'utf8' }) as Promise<CommandOutput>,
  'exec()',
);

/** Runs `file` with `args`, no shell; output as strings. */
export const execFile: (file: string, args?: readonly string[], options?: ExecFileOptions) => CommandOutput = sync(
  (file: string, args: readonly string[] = [], options?: ExecFileOptions) =>
    execFileAsync(file, args, { ...options, encoding: 'utf8' }) as Promise<CommandOutput>,
  'execFile()',
);
