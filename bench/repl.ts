/**
 * REPL benchmarks: per-input latency of `balrog repl` against Node's own REPL,
 * both driven the same way (inputs piped to a non-TTY REPL; the cost of one
 * input is the slope between a short and a long run), and time to the first
 * prompt in a pseudo-terminal against `node -i`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchSection, median, runAlone } from './section.js';
import { TerminalStopwatch } from './terminal-stopwatch.js';

const bin = fileURLToPath(new URL('../../bin/balrog.js', import.meta.url));
const balrogRepl = [bin, 'repl'];
const nodeRepl = ['-i'];
const env = { ...process.env, NO_COLOR: '1', BALROG_REPL_HISTORY: '', NODE_REPL_HISTORY: '' };

/**
 * Preloaded into each REPL process: at exit it writes the CPU time the whole
 * process used (every thread, fibers' included), which a machine shared with
 * other work disturbs far less than wall time.
 */
const cpuReporter = join(mkdtempSync(join(tmpdir(), 'balrog-bench-')), 'cpu-at-exit.cjs');
writeFileSync(
  cpuReporter,
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the template literal is the preloaded script's source
  "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`\\nbench-cpu-us ${u.user + u.system}\\n`); });\n",
);

interface RunTime {
  wallMs: number;
  cpuMs: number;
}

/** Wall and CPU time (ms) of a REPL process that reads `count` copies of `input` from a pipe. */
function timeRun(args: string[], input: string, count: number): Promise<RunTime> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--require', cpuReporter, ...args], { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const cpu = /bench-cpu-us (\d+)/.exec(stderr);
      if (code !== 0 || !cpu) reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr}`));
      else resolve({ wallMs: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: Number(cpu[1]) / 1000 });
    });
    child.stdin.end(`${input}\n`.repeat(count));
  });
}

/** Per-input cost in µs, wall and CPU: (T(n) - T(1)) / (n - 1), median of `rounds`. */
async function perInput(args: string[], input: string, n = 2000, rounds = 3): Promise<{ wall: number; cpu: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const one = await timeRun(args, input, 1);
    const many = await timeRun(args, input, n);
    wall.push(((many.wallMs - one.wallMs) / (n - 1)) * 1000);
    cpu.push(((many.cpuMs - one.cpuMs) / (n - 1)) * 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/**
 * Milliseconds from spawn to the first `> ` prompt on a pseudo-terminal for
 * each of `commands`, median of `rounds` each. The commands take turns, run
 * by run: the load of a shared machine drifts, and a block of runs of one
 * command after a block of the other would measure the drift.
 */
async function firstPrompts(commands: string[][], rounds = 21): Promise<number[]> {
  const samples: number[][] = commands.map(() => []);
  for (let i = 0; i < rounds; i++) {
    for (const [c, args] of commands.entries()) {
      samples[c]!.push(await firstPrompt(args));
    }
  }
  return samples.map(median);
}

/** Milliseconds from spawn to the first `> ` prompt on a pseudo-terminal, one run. */
async function firstPrompt(args: string[]): Promise<number> {
  const term = new TerminalStopwatch(args, { cols: 100, rows: 30 }, env);
  try {
    return await term.sinceStart(/> $/);
  } finally {
    term.kill();
  }
}

function ratioRow(name: string, ours: number, theirs: number, unit: string, limit: number): BenchSection['rows'][number] {
  const ratio = ours / theirs;
  return {
    name,
    value: `${ours.toFixed(unit === 'ms' ? 1 : 0)} ${unit} vs Node ${theirs.toFixed(unit === 'ms' ? 1 : 0)} ${unit} (${ratio.toFixed(2)}x)`,
    target: `<= ${limit}x Node`,
    ok: ratio <= limit,
  };
}

/** Milliseconds for one Tab after `big.` on an object with 10,000 properties (in process), median of 21. */
async function tabOnBigObject(): Promise<number> {
  const { ReplEvaluator } = await import('../src/repl/evaluator.js');
  const evaluator = new ReplEvaluator();
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the template literal is REPL input, evaluated there
  await evaluator.evaluate('var benchBigObject = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`key${i}`, i]))');
  const samples: number[] = [];
  for (let i = 0; i < 21; i++) {
    const started = process.hrtime.bigint();
    const [candidates] = evaluator.complete('benchBigObject.');
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (candidates.length < 10_000) throw new Error(`Tab offered ${candidates.length} names, not 10,000`);
  }
  await evaluator.evaluate('delete globalThis.benchBigObject');
  return median(samples);
}

export async function run(): Promise<BenchSection> {
  const rows: BenchSection['rows'] = [];
  // The targets: per input no slower than Node's REPL, first prompt within 1.2x, Tab within 20 ms.
  for (const input of ['1+1', 'await Promise.resolve(1)', 'let x = 1']) {
    const ours = await perInput(balrogRepl, input);
    const theirs = await perInput(nodeRepl, input);
    rows.push(ratioRow(`per input: \`${input}\``, ours.wall, theirs.wall, 'µs', 1.0));
    rows.push(ratioRow(`per input, CPU: \`${input}\``, ours.cpu, theirs.cpu, 'µs', 1.0));
  }
  const [oursFirst, theirsFirst] = await firstPrompts([[bin], nodeRepl]);
  rows.push(ratioRow('time to first prompt', oursFirst!, theirsFirst!, 'ms', 1.2));
  const tab = await tabOnBigObject();
  rows.push({ name: 'Tab on an object with 10,000 properties', value: `${tab.toFixed(1)} ms`, target: '<= 20 ms', ok: tab <= 20 });
  return {
    title: 'REPL (balrog repl vs node -i)',
    rows,
    notes: [
      'Per input: inputs piped to a non-TTY REPL; (time for 2,000 inputs - time for 1) / 1,999, median of 3. ' +
        'Wall time, and CPU time (user + system, all threads, reported by the process at exit): on a loaded machine the CPU figure is the steadier one.',
      '`let x = 1` measures redeclarable bindings ' +
        '(a global property per declaration; Node: a new script binding, and SyntaxError from the 2nd input on).',
      'Each balrog input is parsed by @babel/parser, transformed, and run as a script in a new fiber.',
      'First prompt: spawn to the first "> " in a pseudo-terminal, median of 21, balrog and node -i taking turns.',
      'Tab: evaluator.complete("benchBigObject.") in process, median of 21.',
    ],
  };
}

// Runnable alone: node dist/bench/repl.js
runAlone(import.meta.url, run);
