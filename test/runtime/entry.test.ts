// `balrog run` and `node --import/-r balrog/register` on real entries: the
// top-level code runs in a fiber for CJS, ESM and TypeScript, and the process
// behaves like `node <entry>` (argv, exit codes, uncaught errors, signals).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesDir, registerPath, runToEnd, startBalrog, startNode } from './helpers/processes.js';

function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}

test('a CommonJS entry runs in a fiber as main, with its argv and exit code', async () => {
  const r = await runToEnd(startBalrog(['argv-exit.cjs', '7', '--flag', 'x y']));
  assert.equal(r.code, 7, r.stderr);
  assert.deepEqual(lastJson(r.stdout), {
    argv: ['7', '--flag', 'x y'],
    argv1: join(fixturesDir, 'argv-exit.cjs'),
    main: true,
    inFiber: true,
    launcherEnv: null, // balrog run's own variable is not passed on
  });
});

for (const [entry, expected] of [
  ['top-level-wait.mjs', { format: 'esm', slept: true }],
  ['top-level-wait.cjs', { format: 'cjs', slept: true, probe: 'read through balrog/sync fs', main: true }],
  ['typescript-entry.ts', { format: 'ts', value: 42, slept: true, url: true, main: true }],
  ['top-level-await.mjs', { format: 'esm-tla', value: 'awaited' }],
] as const) {
  for (const how of ['balrog run', '--import', '-r'] as const) {
    test(`${entry} under ${how}: top-level code can block`, async () => {
      const args = [join(fixturesDir, entry)];
      const started = how === 'balrog run' ? startBalrog(args) : startNode([how === '-r' ? '-r' : '--import', registerPath, ...args]);
      const r = await runToEnd(started);
      assert.equal(r.code, 0, r.stderr);
      const seen = lastJson(r.stdout);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(seen[key], value, `${key} in ${r.stdout}`);
    });
  }
}

test('an uncaught error at the top level prints its stack and exits 1, as with node', async () => {
  const r = await runToEnd(startBalrog(['throws-after-wait.cjs']));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Error: boom at the top level\n\s+at .*throws-after-wait\.cjs:4/);
});

test('a TypeScript stack trace points at the .ts source lines', async () => {
  const r = await runToEnd(startBalrog(['typescript-throws.ts']));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Error: thrown from typescript\n\s+at fail \(.*typescript-throws\.ts:5:9\)/);
});

test('a missing entry is a clear error, not a stack trace', async () => {
  const r = await runToEnd(startBalrog(['no-such-file.js']));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /balrog: cannot find the entry 'no-such-file\.js' \(looked for .*no-such-file\.js\): check the path/);
});

test('no entry, or an unknown option, is a usage error with exit code 9', async () => {
  for (const args of [[], ['--bogus', 'x.js']]) {
    const r = await runToEnd(startBalrog(args));
    assert.equal(r.code, 9);
    assert.match(r.stderr, /Usage: balrog run/);
  }
});

test('a SIGTERM kills the program as under node, and reaches its listeners', async () => {
  const plain = startBalrog(['signals.mjs']);
  await plain.waitFor(/ready/);
  plain.child.kill('SIGTERM');
  assert.deepEqual(await plain.exited, { code: null, signal: 'SIGTERM' });

  const handled = startBalrog(['signals.mjs', 'handle']);
  await handled.waitFor(/ready/);
  handled.child.kill('SIGTERM');
  const r = await runToEnd(handled);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /got SIGTERM/);
});

test('if balrog run is killed outright, its program ends too (no orphan)', async () => {
  const launcher = startBalrog(['signals.mjs', 'handle']);
  await launcher.waitFor(/ready/);
  const { execFileSync } = await import('node:child_process');
  const programPid = Number(execFileSync('pgrep', ['-P', String(launcher.child.pid)], { encoding: 'utf8' }).trim());
  assert.ok(programPid > 0);
  const launcherGone = new Promise((resolve) => launcher.child.once('exit', resolve));
  launcher.child.kill('SIGKILL');
  await launcherGone; // not `exited`: that also waits for the program, which shares its pipes
  const deadline = Date.now() + 10_000;
  let alive = true;
  while (alive && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    try {
      process.kill(programPid, 0);
    } catch {
      alive = false;
    }
  }
  assert.equal(alive, false, `program ${programPid} outlived its launcher`);
});

test('an entry is always a file: a dash-leading name after -- runs as a file, never as a node option', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'balrog-dash-entry-'));
  try {
    writeFileSync(join(dir, '--inspect=0.0.0.0:0'), 'console.log(JSON.stringify(process.argv.slice(2)));\n');
    const r = await runToEnd(startBalrog(['--', '--inspect=0.0.0.0:0', 'x'], {}, dir));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '["x"]\n');
    assert.doesNotMatch(r.stderr, /Debugger listening/);

    const evalEntry = await runToEnd(startBalrog(['--', '--eval=console.log("evaluated")'], {}, dir));
    assert.equal(evalEntry.code, 1);
    assert.equal(evalEntry.stdout, '');
    assert.match(evalEntry.stderr, /cannot find the entry '--eval=console\.log\("evaluated"\)'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
