/**
 * The test runner (test/run.ts) against real process trees: the files in
 * fixtures/ leave processes behind (one that ignores SIGTERM and hangs, one in
 * the file's process group, one in a session of its own), and after the runner
 * ends, by a file's time limit, a file's end or Ctrl+C, none of them runs and
 * the runner's output names each.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const runner = fileURLToPath(new URL('../run.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../../../test/runner/fixtures/', import.meta.url));

interface RunnerProcess {
  pids: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal: NodeJS.Signals) => void;
}

/** The real runner over fixtures/ (the files named by `only`), with a time limit per file of 4 s. */
function startRunner(only: string[]): RunnerProcess {
  const pids = mkdtempSync(join(tmpdir(), 'runner-fixture-'));
  const env = { ...process.env, BALROG_TEST_ROOT: fixtures, BALROG_TEST_TIMEOUT: '4000', RUNNER_FIXTURE_PIDS: pids };
  const child = spawn(process.execPath, [runner, ...only], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { pids, output: () => output, exited, kill: (signal) => child.kill(signal) };
}

// The runner's output is a pipe here: TAP before Node 23, spec from then on (as `node --test` picks).
const spec = Number(process.versions.node.split('.')[0]) >= 23;

/** A note of the runner's own (a comment line in TAP, an ℹ line in spec), as a pattern. */
function note(pattern: string): RegExp {
  return new RegExp(`^${spec ? 'ℹ' : '#'} ${pattern}$`, 'm');
}

function fixturePid(pids: string, name: string): number {
  return Number(readFileSync(join(pids, name), 'utf8'));
}

/** Running means present in /proc and not a zombie (a zombie has ended; only its parent has not read its status). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!);
  } catch {
    return false;
  }
}

test('a file that times out is reported as Node reports it, and its process that ignores SIGTERM is killed', async () => {
  const run = startRunner(['hangs', 'leaves-processes']);
  const { code } = await run.exited;
  const output = run.output();
  try {
    assert.equal(code, 1, output);
    const hung = fixturePid(run.pids, 'hangs');
    assert.equal(isRunning(hung), false, `pid ${hung} (sleep ignoring SIGTERM) still runs after the runner ended:\n${output}`);
    if (spec) {
      assert.match(output, /^✖ .*\/hangs\.test\.js \([\d.]+ms\)\n {2}'test timed out after 4000ms'$/m);
    } else {
      assert.match(output, /^not ok 1 - .*\/hangs\.test\.js$/m);
      assert.match(output, /^ {2}failureType: 'testTimeoutFailure'\n {2}error: 'test timed out after 4000ms'$/m);
    }
    assert.match(output, note(`.*/hangs\\.test\\.js left \\d+ processes running; ended them \\(SIGTERM, then SIGKILL\\):`));
    assert.match(output, note(` {2}pid ${hung}: sleep 600`));
    // The file after it runs as usual (numbered on, in TAP), and its leftovers are ended too: one in its group, one not.
    assert.match(output, spec ? /^✔ starts two processes and forgets them /m : /^ok 2 - starts two processes and forgets them$/m);
    for (const name of ['in-group', 'own-session']) {
      const pid = fixturePid(run.pids, name);
      assert.equal(isRunning(pid), false, `pid ${pid} (${name}) still runs after the runner ended:\n${output}`);
      assert.match(output, note(` {2}pid ${pid}: sleep 600`));
    }
    assert.match(output, note(`.*/leaves-processes\\.test\\.js left 2 processes running; ended them \\(SIGTERM, then SIGKILL\\):`));
    const counts = ['tests 2', 'suites 0', 'pass 1', 'fail 0', 'cancelled 1'].map((count) => `${spec ? 'ℹ' : '#'} ${count}\n`).join('');
    assert.ok(output.includes(`${spec ? '' : '1..2\n'}${counts}`), output);
  } finally {
    rmSync(run.pids, { recursive: true, force: true });
  }
});

test('Ctrl+C of the runner ends the running file and what it started, though they are in another process group', async () => {
  const run = startRunner(['hangs']);
  try {
    while (!existsSync(join(run.pids, 'hangs'))) await sleep(50);
    const hung = fixturePid(run.pids, 'hangs');
    run.kill('SIGINT');
    const { code } = await run.exited;
    assert.equal(code, 130, run.output());
    assert.equal(isRunning(hung), false, `pid ${hung} still runs after Ctrl+C of the runner:\n${run.output()}`);
    assert.match(run.output(), note(` {2}pid ${hung}: sleep 600`));
  } finally {
    rmSync(run.pids, { recursive: true, force: true });
  }
});
