/**
 * The addon's benchmark floors that servers call in place (bench/runtime.ts): a
 * bare thread per waiting request, and the isolate handed to a bare thread and
 * back. They run inside plain node servers under load, so they must leave the
 * process working and let it exit cleanly. Checked in child processes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const nativeAddon = fileURLToPath(new URL('../../../native/index.js', import.meta.url));

function runChild(source: string): { status: number | null; stdout: string; stderr: string } {
  const script = `const floor = require(${JSON.stringify(nativeAddon)});\n${source}`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr };
}

test('benchThreadPark starts a parked thread per call; benchThreadWake wakes it and returns once it answered', () => {
  const run = runChild(`
const ids = Array.from({ length: 200 }, () => floor.benchThreadPark());
for (const id of ids) floor.benchThreadWake(id);
floor.benchThreadWake(10_000); // an id never given: nothing happens
setTimeout(() => console.log(JSON.stringify({ first: ids[0], last: ids.at(-1), distinct: new Set(ids).size })), 10);
`);
  assert.equal(run.stderr, '');
  assert.equal(run.status, 0);
  assert.deepEqual(JSON.parse(run.stdout), { first: 0, last: 199, distinct: 200 });
});

test('benchIsolatePass hands the isolate to a helper thread and back; JavaScript, timers and exit work after it', () => {
  const run = runChild(`
let ticks = 0;
const timer = setInterval(() => ticks++, 1);
const deadline = Date.now() + 200;
let passes = 0;
const passAWhile = () => {
  // Helper 0 (the default) and helpers 1-4, each its own thread, as the per-request floor takes them in turn.
  for (let i = 0; i < 100; i++, passes++) floor.benchIsolatePass(i % 2 === 0 ? undefined : i % 5);
  if (Date.now() < deadline) setImmediate(passAWhile);
  else {
    clearInterval(timer);
    floor.benchIsolatePassStop();
    floor.benchIsolatePassStop(); // a second stop does nothing
    console.log(JSON.stringify({ passes, timersRan: ticks > 10, array: [1, 2, 3].map((x) => x * 2) }));
  }
};
passAWhile();
`);
  assert.equal(run.stderr, '');
  assert.equal(run.status, 0);
  const out = JSON.parse(run.stdout);
  assert.ok(out.passes >= 100, `passes ${out.passes}`);
  assert.equal(out.timersRan, true);
  assert.deepEqual(out.array, [2, 4, 6]);
});

test('a process that exits with the isolate-pass helper stopped at its SIGTERM handler exits cleanly', () => {
  const run = runChild(`
floor.benchIsolatePass();
process.on('SIGTERM', () => { floor.benchIsolatePassStop(); process.exit(0); });
setTimeout(() => process.kill(process.pid, 'SIGTERM'), 20);
setTimeout(() => {}, 10_000);
`);
  assert.equal(run.stderr, '');
  assert.equal(run.status, 0);
});
