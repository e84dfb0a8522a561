/**
 * The V8-free parts of the native core (Gate, ThreadPool), tested in C++ on their
 * own: native/test/*_test.cc, built with the machine's C++ compiler (the same one
 * node-gyp uses) and run; each prints "N passed, N failed".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const native = fileURLToPath(new URL('../../../native/', import.meta.url));
const units: Array<[string, string[]]> = [
  ['gate', ['src/cpu_budget.cc', 'src/local_wake.cc']],
  ['thread_pool', ['src/thread_pool.cc', 'src/cpu_budget.cc', 'src/local_wake.cc']],
];

for (const [name, sources] of units) {
  test(`native ${name} unit tests`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'balrog-native-'));
    try {
      const binary = join(dir, name);
      execFileSync(process.env.CXX ?? 'g++', ['-std=c++20', '-O1', '-pthread', '-o', binary, `test/${name}_test.cc`, ...sources, '-ldl'], {
        cwd: native,
        stdio: 'pipe',
      });
      const run = spawnSync(binary, { encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /^\d+ passed, 0 failed$/m);
      assert.equal(run.status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
