/**
 * The REPL's debug prompt (issue 18), in a pseudo-terminal as a user meets
 * it: Enter on `debugger; 1` to the `debug> ` prompt, and Enter on `p 1+1`
 * to its result and the next prompt. Both are key-to-screen times, so they
 * include the terminal's round trip.
 */
import { fileURLToPath } from 'node:url';
import { type BenchSection, median, runAlone } from './section.js';
import { TerminalStopwatch } from './terminal-stopwatch.js';

const bin = fileURLToPath(new URL('../../bin/balrog.js', import.meta.url));
const env = { ...process.env, NO_COLOR: '1', BALROG_REPL_HISTORY: '' };

export async function run(): Promise<BenchSection> {
  const session = new TerminalStopwatch([bin], { cols: 120, rows: 30 }, env);
  const toPrompt: number[] = [];
  const evaluation: number[] = [];
  try {
    // The first prompt.
    await session.sinceStart(/> $/);
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
runAlone(import.meta.url, run);
