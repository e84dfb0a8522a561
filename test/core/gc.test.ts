import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFixture } from './helpers/run-fixture.js';

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

test('fibers dropped before they start are freed with their closures', async () => {
  const result = await runFixture('abandoned.mjs', [], { nodeArgs: ['--expose-gc'], timeoutMs: 60_000 });
  assert.equal(result.code, 0, result.stderr);
  const { created, left, kept } = JSON.parse(result.stdout) as { created: number; left: number; kept: string };
  assert.equal(created, 10);
  assert.equal(left, 0, `${left} abandoned fibers were not freed`);
  assert.equal(kept, 'kept', 'a fiber still referenced must not be freed');
});
