/**
 * A `balrog` REPL in a real pseudo-terminal (node-pty), for the debug-prompt
 * tests: keystrokes in, screen text out, every step waits for the output it
 * needs (no fixed sleeps).
 */
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import pty from 'node-pty';

const bin = fileURLToPath(new URL('../../../../bin/balrog.js', import.meta.url));

/** The prompts that end a command's output. */
export const REPL_PROMPT = /\n> $/;
export const DEBUG_PROMPT = /\ndebug> $/;

export class ReplTerminal {
  readonly #process: pty.IPty;
  #screen = '';
  #seen = 0;
  readonly exited: Promise<number>;

  constructor(cwd: string, env: Record<string, string> = {}) {
    this.#process = pty.spawn(process.execPath, [bin], {
      cols: 160,
      rows: 40,
      cwd,
      env: { ...process.env, NO_COLOR: '1', BALROG_REPL_HISTORY: '', ...env } as Record<string, string>,
    });
    this.#process.onData((data) => {
      this.#screen += data;
    });
    this.exited = new Promise((resolve) => this.#process.onExit(({ exitCode }) => resolve(exitCode)));
  }

  /** Everything written so far, without terminal control sequences and carriage returns. */
  get text(): string {
    return stripVTControlCharacters(this.#screen).replace(/\r/g, '');
  }

  write(keys: string): void {
    this.#process.write(keys);
  }

  /** Waits until `pattern` appears in output not consumed by an earlier wait; returns the output up to its end. */
  async waitFor(pattern: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.text.slice(this.#seen);
      const match = typeof pattern === 'string' ? { index: rest.indexOf(pattern), length: pattern.length } : matchOf(rest, pattern);
      if (match.index !== -1) {
        this.#seen += match.index + match.length;
        return rest.slice(0, match.index + match.length);
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; screen so far:\n${this.text}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /**
   * Types `line` and waits for `prompt` after its output (the REPL's `> ` by
   * default); returns the output between the typed line and that prompt.
   */
  async run(line: string, prompt: RegExp = REPL_PROMPT): Promise<string> {
    this.write(`${line}\r`);
    await this.waitFor(line);
    const output = await this.waitFor(prompt);
    return output.replace(prompt, '').replace(/^\n/, '');
  }

  /** As {@link run}, ending at the debug prompt. */
  debug(line: string): Promise<string> {
    return this.run(line, DEBUG_PROMPT);
  }

  /**
   * At a debug prompt: starts an evaluation that never settles, presses Ctrl+C
   * once it is typed, and returns what is printed before the debug prompt comes back.
   */
  async abandonWaitingEvaluation(): Promise<string> {
    this.write('p await new Promise(() => {})\r');
    await this.waitFor('p await new Promise(() => {})');
    this.write('\x03');
    return (await this.waitFor(DEBUG_PROMPT)).replace(DEBUG_PROMPT, '').trim();
  }

  kill(): void {
    this.#process.kill();
  }
}

/** Runs `body` on a REPL started in `cwd` once its first prompt shows; the REPL is killed after, whatever happened. */
export async function withReplTerminal(
  cwd: string,
  body: (term: ReplTerminal) => Promise<void>,
  env: Record<string, string> = {},
): Promise<void> {
  const term = new ReplTerminal(cwd, env);
  try {
    await term.waitFor(REPL_PROMPT);
    await body(term);
  } finally {
    term.kill();
  }
}

function matchOf(text: string, pattern: RegExp): { index: number; length: number } {
  const found = pattern.exec(text);
  return found ? { index: found.index, length: found[0].length } : { index: -1, length: 0 };
}
