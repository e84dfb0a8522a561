/**
 * `npm run stress`: the fiber core under load, GC stress and every exit path,
 * each scenario repeated so that a crash that shows once in ten runs shows here.
 * Every run is its own process with a hard timeout; a V8 fatal error, a signal or
 * a wrong answer fails the run. `STRESS_RUNS=N` scales the repetitions (default 1
 * = the counts below); `npm run stress -- als join` runs the scenarios named.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixtures = fileURLToPath(new URL('../../../test/core/fixtures/', import.meta.url));

interface Scenario {
  name: string;
  fixture: string;
  args?: string[];
  nodeArgs?: string[];
  env?: Record<string, string>;
  runs: number;
  /** The run's stdout, as it must be; or a check that returns a complaint. */
  expect: string | ((stdout: string, code: number | null) => string | undefined);
  code?: number;
}

const gc = ['--expose-gc'];
const exits: Array<[string, number]> = [
  ['natural', 3],
  ['exit', 4],
  ['exit-in-fiber', 5],
  ['uncaught', 1],
  ['uncaught-in-fiber', 1],
  ['worker', 0],
];

const scenarios: Scenario[] = [
  {
    name: 'gc: major GCs from fiber threads under fetch load',
    fixture: 'crashes/gc-on-fiber-threads.mjs',
    args: ['60'],
    nodeArgs: gc,
    runs: 8,
    expect: 'fetched 240000 items in 1200 fibers',
  },
  {
    name: 'gc: the same with --stress-compaction',
    fixture: 'crashes/gc-on-fiber-threads.mjs',
    args: ['20'],
    nodeArgs: [...gc, '--stress-compaction'],
    runs: 3,
    expect: 'fetched 80000 items in 400 fibers',
  },
  {
    name: 'gc: the same with --gc-interval=2000',
    fixture: 'crashes/gc-on-fiber-threads.mjs',
    args: ['5'],
    nodeArgs: [...gc, '--gc-interval=2000'],
    runs: 2,
    expect: 'fetched 20000 items in 100 fibers',
  },
  {
    name: 'gc: 1,000 parked fibers keep their objects through compacting GCs',
    fixture: 'gc-stress.mjs',
    args: ['1000'],
    nodeArgs: [...gc, '--stress-compaction'],
    runs: 3,
    expect: 'intact 1000/1000',
  },
  {
    name: 'als: 300 fibers with AsyncLocalStorage through GCs',
    fixture: 'crashes/als-gc.mjs',
    args: ['300'],
    nodeArgs: gc,
    runs: 10,
    expect: 'stores kept 300/300',
  },
  {
    name: 'als: the same with an enabled async hook',
    fixture: 'crashes/als-gc.mjs',
    args: ['300'],
    nodeArgs: gc,
    env: { ASYNC_HOOK: '1' },
    runs: 5,
    expect: 'stores kept 300/300',
  },
  {
    name: 'join: fibers waiting inside Array.prototype.join',
    fixture: 'crashes/join-interleaved.mjs',
    runs: 10,
    expect: '["a","b",["1-2-","1,2,3,4"]]',
  },
  {
    name: 'vm: timeouts and waits',
    fixture: 'crashes/vm-timeout.mjs',
    runs: 5,
    expect: '{"codes":["ERR_BALROG_WAIT_IN_TIMED_VM","ERR_SCRIPT_EXECUTION_TIMEOUT","waited"],"ticking":true}',
  },
  {
    name: 'worker: terminate() a busy fiber, then process.exit()',
    fixture: 'crashes/worker-terminate.mjs',
    runs: 10,
    expect: '{"code":1,"messages":["started"]}',
  },
  {
    name: 'worker: terminate() and process.exit() landing in a hand-off',
    fixture: 'crashes/worker-terminate-in-handoff.mjs',
    args: ['30'],
    runs: 3,
    expect: 'terminate() settled in 30 of 30 runs',
  },
  {
    name: 'wasm: WebAssembly, fetch and gc() in fibers',
    fixture: 'crashes/wasm-gc.mjs',
    args: ['20'],
    nodeArgs: gc,
    runs: 3,
    expect: 'sum 8400',
  },
  {
    name: 'fetch: 3,000 fetches (wasm tier-up) with a fiber parked',
    fixture: 'wasm-fetch.mjs',
    args: ['3000'],
    runs: 3,
    expect: 'survived 3000 fetches',
  },
  ...exits.map(
    ([how, code]): Scenario => ({
      name: `exit: ${how} with 3,000 suspended fibers`,
      fixture: 'lifecycle.mjs',
      args: [how],
      env: { SUSPENDED: '3000' },
      runs: 3,
      code,
      expect: (stdout) => (how === 'worker' && !/worker answered 42/.test(stdout) ? 'the worker did not answer' : undefined),
    }),
  ),
];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function runOnce(scenario: Scenario): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(scenario.nodeArgs ?? []), fixtures + scenario.fixture, ...(scenario.args ?? [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...scenario.env },
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, 120_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

function complaint(scenario: Scenario, run: Run): string | undefined {
  if (run.timedOut) return 'timed out after 120 s';
  if (run.signal) return `killed by ${run.signal}`;
  if (/Fatal error|FATAL|Assertion failed|Segmentation|corrupted/.test(run.stderr)) return 'V8 or Node fatal error';
  if (run.code !== (scenario.code ?? 0)) return `exit code ${run.code}, expected ${scenario.code ?? 0}`;
  if (typeof scenario.expect === 'string') {
    return run.stdout.trim() === scenario.expect ? undefined : `printed ${JSON.stringify(run.stdout.trim().slice(0, 200))}`;
  }
  return scenario.expect(run.stdout, run.code);
}

const only = process.argv.slice(2);
const scale = Number(process.env.STRESS_RUNS ?? 1);
let passed = 0;
let failed = 0;
const started = Date.now();
for (const scenario of scenarios) {
  if (only.length > 0 && !only.some((word) => scenario.name.startsWith(word))) continue;
  const runs = Math.max(1, Math.round(scenario.runs * scale));
  const failures: string[] = [];
  const t0 = Date.now();
  for (let i = 0; i < runs; i++) {
    const run = await runOnce(scenario);
    const why = complaint(scenario, run);
    if (why === undefined) passed++;
    else {
      failed++;
      failures.push(`run ${i + 1}: ${why}\n${run.stderr.split('\n').slice(0, 12).join('\n')}`);
    }
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`${failures.length === 0 ? 'ok  ' : 'FAIL'} ${scenario.name}: ${runs - failures.length}/${runs} runs (${seconds} s)`);
  for (const failure of failures) console.log(`     ${failure.replace(/\n/g, '\n     ')}`);
}
console.log(`\nNode ${process.version}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
