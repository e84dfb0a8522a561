/**
 * Runs the real `balrog attach` / `balrog debug` CLI in scripted mode (stdin
 * a pipe) and lets a test feed it commands and wait for its output. Every
 * process gets a hard timeout so that a hang fails one test, not the suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const fixturesDir = fileURLToPath(new URL('../../../../test/debugger/fixtures/', import.meta.url));
export const balrogBin = `${repoRoot}bin/balrog.js`;

/** A running debugger CLI. */
export class DebuggerProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private readonly timer: NodeJS.Timeout;

  constructor(args: string[], options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}) {
    this.child = spawn(process.execPath, [balrogBin, ...args], {
      cwd: options.cwd ?? fixturesDir,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', ...options.env },
    });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.timer = setTimeout(() => this.child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    void this.exited.then(() => clearTimeout(this.timer));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Writes command lines. */
  send(...lines: string[]): void {
    this.child.stdin!.write(lines.map((line) => `${line}\n`).join(''));
  }

  /** Ends stdin (the debugger leaves after the queued commands). */
  end(...lines: string[]): Promise<number | null> {
    this.child.stdin!.end(lines.map((line) => `${line}\n`).join(''));
    return this.exited;
  }

  /** Resolves once stdout (from `from` on) matches `pattern`; rejects after `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000, from = 0): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.stdout.slice(from).match(pattern);
      if (match) return match;
      // The target is gone: what we wait for will not come.
      const gone = /^the target (exited|finished)/m.test(this.stdout.slice(from));
      if (gone || Date.now() > deadline) {
        throw new Error(
          `${gone ? 'the target ended before' : 'timed out waiting for'} ${pattern}\n--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}

/** Runs the debugger with all `commands` at once and returns its output and exit code. */
export async function runScripted(args: string[], commands: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const debuggerProcess = new DebuggerProcess(args, options);
  const code = await debuggerProcess.end(...commands);
  return { code, stdout: debuggerProcess.stdout, stderr: debuggerProcess.stderr };
}
