/**
 * A program in a pseudo-terminal (node-pty), as a user meets it, for the REPL
 * benchmarks: times from its start, or from a key press, until the screen
 * (control sequences and carriage returns left out) ends with a pattern.
 */
import pty from 'node-pty';

const controlSequence = /\x1b\[[0-9;]*[A-Za-z]/g;

export class TerminalStopwatch {
  readonly #term: pty.IPty;
  readonly #started = process.hrtime.bigint();
  #screen = '';
  #waiting: { pattern: RegExp; started: bigint; resolve: (ms: number) => void } | undefined;

  constructor(args: string[], size: { cols: number; rows: number }, env: NodeJS.ProcessEnv) {
    this.#term = pty.spawn(process.execPath, args, { ...size, env: env as Record<string, string> });
    this.#term.onData((data) => {
      this.#screen += data;
      this.#check();
    });
  }

  /** Resolves with the ms from the spawn until the screen ends with `pattern` (the first prompt). */
  sinceStart(pattern: RegExp): Promise<number> {
    return this.#until('', pattern, this.#started);
  }

  /** Types `keys` and resolves with the ms until the output that follows ends with `pattern`. */
  send(keys: string, pattern: RegExp): Promise<number> {
    this.#screen = '';
    return this.#until(keys, pattern, process.hrtime.bigint());
  }

  kill(): void {
    this.#term.kill();
  }

  #until(keys: string, pattern: RegExp, started: bigint): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${pattern} after ${JSON.stringify(keys)}: ${this.#text()}`)), 20_000);
      this.#waiting = {
        pattern,
        started,
        resolve: (ms) => {
          clearTimeout(timer);
          resolve(ms);
        },
      };
      this.#term.write(keys);
      this.#check();
    });
  }

  #check(): void {
    const waiting = this.#waiting;
    if (waiting?.pattern.test(this.#text())) {
      this.#waiting = undefined;
      waiting.resolve(Number(process.hrtime.bigint() - waiting.started) / 1e6);
    }
  }

  #text(): string {
    return this.#screen.replace(controlSequence, '').replace(/\r/g, '');
  }
}
