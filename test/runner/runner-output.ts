/**
 * The lines the runner itself prints between the files' own reports, in the
 * style `node --test` prints them (spec or TAP, see file-reporter.ts): a file
 * that timed out or failed outside its tests, the processes a file left
 * running, and the closing summary of the whole run.
 */
import { defaultIsSpec } from './file-reporter.js';
import type { LeftoverProcess } from './process-tree.js';
import { summaryCounts } from './summary.js';

const spec = defaultIsSpec();
const colors = spec && process.stdout.hasColors?.() === true;
const paint = (code: number, text: string) => (colors ? `\x1b[${code}m${text}\x1b[39m` : text);

function write(text: string): void {
  process.stdout.write(text);
}

/** A file whose process was stopped at the time limit, as Node reports a file test that timed out. */
export function printTimedOut(file: string, testNumber: number, durationMs: number, timeoutMs: number): void {
  printFileFailure(file, testNumber, durationMs, 'testTimeoutFailure', `test timed out after ${timeoutMs}ms`, []);
}

/** A file whose process exited with an error while none of its tests failed (a crash between tests, a bad import). */
export function printFileFailed(
  file: string,
  testNumber: number,
  durationMs: number,
  exitCode: number | null,
  signal: string | null,
): void {
  const extra = [`exitCode: ${exitCode ?? '~'}`, `signal: ${signal === null ? '~' : `'${signal}'`}`];
  printFileFailure(file, testNumber, durationMs, 'testCodeFailure', 'test failed', extra);
}

function printFileFailure(file: string, testNumber: number, durationMs: number, failureType: string, error: string, extra: string[]) {
  if (spec) {
    write(`${paint(31, `✖ ${file} ${paint(90, `(${durationMs}ms)`)}`)}\n  ${paint(32, `'${error}'`)}\n\n`);
    return;
  }
  const details = [`duration_ms: ${durationMs}`];
  if (Number(process.versions.node.split('.')[0]) >= 22) details.push(`type: 'test'`);
  details.push(`location: '${file}:1:1'`, `failureType: '${failureType}'`, ...extra);
  details.push(`error: '${error}'`, `code: 'ERR_TEST_FAILURE'`);
  write(`# Subtest: ${file}\nnot ok ${testNumber} - ${file}\n  ---\n${details.map((line) => `  ${line}\n`).join('')}  ...\n`);
}

/** The processes a file left running (or running when it timed out), which the runner has ended. */
export function printLeftovers(file: string, leftovers: LeftoverProcess[]): void {
  const count = leftovers.length === 1 ? '1 process' : `${leftovers.length} processes`;
  printNote(`${file} left ${count} running; ended them (SIGTERM, then SIGKILL):`);
  for (const { pid, command } of leftovers) printNote(`  pid ${pid}: ${command}`);
}

function printNote(text: string): void {
  write(spec ? `${paint(34, `ℹ ${text}`)}\n` : `# ${text}\n`);
}

/** The closing plan (TAP) and counts of the whole run. */
export function printSummary(topLevel: number, counts: Record<string, number>): void {
  if (!spec) write(`1..${topLevel}\n`);
  for (const name of summaryCounts) printNote(`${name} ${counts[name] ?? 0}`);
}
