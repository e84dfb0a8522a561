/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-profile-command.js and
 * test-debugger-heap-profiler.js: `profile`, `profileEnd` prints
 * `[Profile <n>μs]`, `profiles` lists them, `profiles[0].save()` writes
 * node.cpuprofile (JSON with a nodes array) in the working directory;
 * `takeHeapSnapshot()` writes node.heapsnapshot (valid JSON).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { conformanceFixtures, inspect } from './run-inspect.js';

test('node inspect parity: test-debugger-profile-command and test-debugger-heap-profiler', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'balrog-profile-'));
  try {
    const { code, stdout, stderr } = await inspect(
      `${conformanceFixtures}empty.js`,
      ['profile', 'profileEnd', 'profiles', 'profiles[0].save()', 'takeHeapSnapshot()', 'c'],
      { cwd },
    );
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^\[Profile \d+μs\]$/m);
    assert.match(stdout, /^\[ \[Profile \d+μs\] \]$/m);
    assert.match(stdout, /^Saved profile to .*node\.cpuprofile$/m);
    const profile = JSON.parse(readFileSync(join(cwd, 'node.cpuprofile'), 'utf8')) as { nodes: unknown };
    assert.equal(Array.isArray(profile.nodes), true);
    const snapshot = JSON.parse(readFileSync(join(cwd, 'node.heapsnapshot'), 'utf8')) as { snapshot: unknown };
    assert.equal(typeof snapshot.snapshot, 'object');
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
