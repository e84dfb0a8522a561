/**
 * `balrog debug` in a real pseudo-terminal (120x40, started in the fixtures
 * folder), with its screen read back without escape codes. `expect` waits for a
 * pattern (from an offset of the plain screen) instead of sleeping; the terminal
 * is killed after 20 s whatever happens, and by `close()`.
 */
import assert from 'node:assert/strict';
import pty from 'node-pty';
import { balrogBin, fixturesDir } from './debugger-process.js';

export interface DebugTerminal {
  term: pty.IPty;
  /** Everything written to the terminal so far, escape codes included. */
  screen(): string;
  /** The screen without escape codes. */
  plain(): string;
  /** Waits (10 s at most) until `pattern` matches the plain screen from `from` on. */
  expect(pattern: RegExp, from?: number): Promise<void>;
  /** The exit code, once the debugger has ended. */
  exited: Promise<number>;
  close(): void;
}

export function startDebugTerminal(args: string[], env: NodeJS.ProcessEnv): DebugTerminal {
  const term = pty.spawn(process.execPath, [balrogBin, 'debug', ...args], { cwd: fixturesDir, cols: 120, rows: 40, env });
  let screen = '';
  term.onData((data) => (screen += data));
  const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
  const killer = setTimeout(() => term.kill(), 20_000);
  const plain = () => screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  async function expect(pattern: RegExp, from = 0): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!pattern.test(plain().slice(from))) {
      assert.ok(Date.now() < deadline, `waiting for ${pattern}; screen:\n${plain()}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  return {
    term,
    screen: () => screen,
    plain,
    expect,
    exited,
    close() {
      clearTimeout(killer);
      term.kill();
    },
  };
}
