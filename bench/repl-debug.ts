/**
 * The REPL's debug prompt (issue 18), in a pseudo-terminal as a user meets
 * it: Enter on `debugger; 1` to the `debug> ` prompt, and Enter on `p 1+1`
 * to its result and the next prompt. Both are key-to-screen times, so they
 * include the terminal's round trip.
 */
import { fileURLToPath } from 'node:url';
import pty from 'node-pty';
import type { BenchSection } from './section.js';

const bin = fileURLToPath(new URL('../../bin/balrog.js', import.meta.url));
const env = { ...process.env, NO_COLOR: '1', BALROG_REPL_HISTORY: '' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A REPL in a pseudo-terminal; `until(pattern)` resolves when new output ends with it, with the ms since `send`. */
class Session {
  readonly #term = pty.spawn(process.execPath, [bin], { cols: 120, rows: 30, env: env as Record<string, string> });
  #screen = '';
  #waiting: { pattern: RegExp; started: bigint; resolve: (ms: number) => void } | undefined;

  constructor() {
    this.#term.onData((data) => {
      this.#screen += data.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
      const waiting = this.#waiting;
      if (waiting?.pattern.test(this.#screen)) {
        this.#waiting = undefined;
        waiting.resolve(Number(process.hrtime.bigint() - waiting.started) / 1e6);
      }
    });
  }

  /** Types `keys` and resolves with the ms until the screen ends with `pattern`. */
  send(keys: string, pattern: RegExp): Promise<number> {
    this.#screen = '';
    return this.#until(keys, pattern);
  }

  /** Resolves when the screen (from the start) ends with `pattern`: the first prompt. */
  firstPrompt(): Promise<number> {
    return /> $/.test(this.#screen) ? Promise.resolve(0) : this.#until('', /> $/);
  }

  #until(keys: string, pattern: RegExp): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${pattern} after ${JSON.stringify(keys)}: ${this.#screen}`)), 20_000);
      this.#waiting = {
        pattern,
        started: process.hrtime.bigint(),
        resolve: (ms) => {
          clearTimeout(timer);
          resolve(ms);
        },
      };
      this.#term.write(keys);
    });
  }

  kill(): void {
    this.#term.kill();
  }
}

export async function run(): Promise<BenchSection> {
  const session = new Session();
  const toPrompt: number[] = [];
  const evaluation: number[] = [];
  try {
    // The first prompt.
    await session.firstPrompt();
    // One pause first: the worker loads with it (an input that says `debugger` waits for it), not measured.
    await session.send('debugger; 0\r', /\ndebug> $/);
    await session.send('c\r', /\n0\n> $/);
    for (let round = 0; round < 11; round++) {
      toPrompt.push(await session.send('debugger; 1\r', /\ndebug> $/));
      for (let i = 0; i < 5; i++) evaluation.push(await session.send('p 1+1\r', /\n2\ndebug> $/));
      await session.send('c\r', /\n1\n> $/);
    }
  } finally {
    session.kill();
  }
  const pause = median(toPrompt);
  const p = median(evaluation);
  return {
    title: 'REPL debug prompt (debugger; in balrog repl)',
    rows: [
      { name: '`debugger;` to the debug prompt', value: `${pause.toFixed(1)} ms`, target: '<= 50 ms', ok: pause <= 50 },
      { name: '`p 1+1` at the debug prompt', value: `${p.toFixed(2)} ms`, target: '<= 5 ms', ok: p <= 5 },
    ],
    notes: [
      'Enter to the screen in a pseudo-terminal (node-pty): the REPL runs `debugger; 1` in a fiber, the debugger worker ' +
        '(inspector.Session.connectToMainThread) gets the pause, borrows the terminal and prints the pause and `debug> `. ' +
        'Median of 11 pauses and of 55 `p 1+1`.',
    ],
  };
}

// Runnable alone: node dist/bench/repl-debug.js
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  run().then(
    (section) => console.log(JSON.stringify(section, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
