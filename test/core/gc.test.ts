import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFixture } from './run-fixture.js';

test('1,000 suspended fibers keep their objects through compacting GCs', async () => {
  const result = await runFixture('gc-stress.mjs', ['1000'], { nodeArgs: ['--expose-gc', '--stress-compaction'], timeoutMs: 60_000 });
  assert.equal(result.stderr, '');
  assert.equal(result.stdout.trim(), 'intact 1000/1000');
  assert.equal(result.code, 0);
});

test('100,000 switches keep resident memory bounded', async () => {
  const result = await runFixture('switches.mjs', [], { nodeArgs: ['--expose-gc'], timeoutMs: 60_000 });
  assert.equal(result.code, 0, result.stderr);
  const { warm, after } = JSON.parse(result.stdout) as { warm: number; after: number };
  assert.ok(after - warm < 32, `RSS grew from ${warm.toFixed(1)} MB to ${after.toFixed(1)} MB`);
});
