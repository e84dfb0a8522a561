/**
 * Runs test files one after another, each in a process of its own that leads
 * its own process group, with a time limit per file. When a file ends (or hits
 * the limit, or the runner is stopped with Ctrl+C) every process it left is
 * ended and named, so a leaking test shows, and a hung worker, service or
 * kernel does not load the machine for the files after it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type FileProcesses, killLeftovers } from './process-tree.js';
import { printFileFailed, printLeftovers, printSummary, printTimedOut } from './runner-output.js';
import type { FileSummary } from './summary.js';

export interface RunOptions {
  /**
   * The limit for one file, in ms: what `node --test --test-timeout` gives a file
   * on Node 20 and 22. The files also get it as `--test-timeout`, which Node 24
   * and later apply to each test.
   */
  timeoutMs: number;
  /** How long processes get between SIGTERM and SIGKILL. */
  graceMs: number;
}

const reporter = new URL('./file-reporter.js', import.meta.url).href;
const markerName = 'BALROG_TEST_FILE';

/** Runs the files and prints their reports; resolves to the exit code (0 when all passed). */
export async function runFiles(files: string[], { timeoutMs, graceMs }: RunOptions): Promise<number> {
  const started = performance.now();
  const summaries = mkdtempSync(join(tmpdir(), 'balrog-test-'));
  const running = new Map<FileProcesses, string>();
  const stopping = stopOnSignals(running, graceMs, summaries);
  const totals: Record<string, number> = {};
  let topLevel = 0;
  let failed = false;
  for (const [index, file] of files.entries()) {
    const summaryPath = join(summaries, `${index}.json`);
    const fileStarted = performance.now();
    // The flags are those the files had as children of `node --test` (their process.execArgv, which some tests pass on).
    const child = spawn(
      process.execPath,
      ['--test-concurrency=1', `--test-timeout=${timeoutMs}`, `--test-reporter=${reporter}`, '--test-reporter-destination=stdout', file],
      { detached: true, stdio: ['ignore', 'inherit', 'inherit'], env: fileEnvironment(index, summaryPath, topLevel) },
    );
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.on('exit', (code, signal) => resolve({ code, signal }));
      child.on('error', () => resolve({ code: null, signal: null }));
    });
    const processes: FileProcesses = { group: child.pid ?? -1, marker: `${markerName}=${process.pid}.${index}` };
    running.set(processes, file);
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([exited, new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, timeoutMs, 'timeout')))]);
    clearTimeout(timer);
    const durationMs = performance.now() - fileStarted;
    const leftovers = child.pid === undefined ? [] : await killLeftovers(processes, graceMs);
    const { code, signal } = await exited;
    // Stopped by Ctrl+C: the signal handler ends the processes and exits; start nothing more.
    if (stopping.signal) await new Promise(() => {});
    running.delete(processes);
    const summary = readSummary(summaryPath);
    if (outcome === 'timeout') {
      topLevel += 1;
      printTimedOut(file, topLevel, durationMs, timeoutMs);
      add(totals, { tests: 1, cancelled: 1 });
    } else if (summary === undefined || (code !== 0 && !summary.counts.fail && !summary.counts.cancelled)) {
      topLevel += (summary?.topLevel ?? 0) + 1;
      printFileFailed(file, topLevel, durationMs, code, signal);
      add(totals, { ...summary?.counts, tests: (summary?.counts.tests ?? 0) + 1, fail: (summary?.counts.fail ?? 0) + 1 });
    } else {
      topLevel += summary.topLevel;
      add(totals, summary.counts);
    }
    if (leftovers.length > 0) printLeftovers(file, leftovers);
    failed ||= outcome === 'timeout' || code !== 0;
  }
  rmSync(summaries, { recursive: true, force: true });
  totals.duration_ms = performance.now() - started;
  printSummary(topLevel, totals);
  return failed ? 1 : 0;
}

/**
 * The file's environment: the marker its processes carry, where its reporter
 * writes the summary, and FORCE_COLOR as `node --test` sets it for its files.
 */
function fileEnvironment(index: number, summaryPath: string, numberOffset: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    [markerName]: `${process.pid}.${index}`,
    BALROG_TEST_SUMMARY: summaryPath,
    BALROG_TEST_NUMBER_OFFSET: String(numberOffset),
  };
  delete env.NODE_TEST_CONTEXT;
  if (process.stdout.isTTY && process.stdout.hasColors()) env.FORCE_COLOR = '1';
  return env;
}

function readSummary(path: string): FileSummary | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as FileSummary;
  } catch {
    return undefined;
  }
}

function add(totals: Record<string, number>, counts: Record<string, number | undefined>): void {
  for (const [name, value] of Object.entries(counts)) if (name !== 'duration_ms') totals[name] = (totals[name] ?? 0) + (value ?? 0);
}

/**
 * Ctrl+C reaches only the terminal's foreground group, not the files' own
 * groups: the runner ends them itself, names what it ended, and exits as if
 * killed by the signal (130 for SIGINT).
 */
function stopOnSignals(running: Map<FileProcesses, string>, graceMs: number, summaries: string): { signal?: NodeJS.Signals } {
  const stopping: { signal?: NodeJS.Signals } = {};
  const codes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const [signal, exitCode] of Object.entries(codes) as [NodeJS.Signals, number][]) {
    process.once(signal, async () => {
      stopping.signal = signal;
      for (const [processes, file] of running) {
        const leftovers = await killLeftovers(processes, graceMs);
        if (leftovers.length > 0) printLeftovers(file, leftovers);
      }
      rmSync(summaries, { recursive: true, force: true });
      process.exit(exitCode);
    });
  }
  return stopping;
}
