/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-scripts.js: `scripts` lists the user's
 * script marked `*` and omits Node's own; `scripts(true)` includes them.
 * Run from the repository root so that the path has folders, as in Node's test.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { repoRoot } from '../helpers/debugger-process.js';
import { conformanceFixtures, inspect } from './run-inspect.js';

test('node inspect parity: test-debugger-scripts', async () => {
  const script = `${conformanceFixtures}three-lines.js`;
  const plain = await inspect(script, ['scripts', 'c'], { cwd: repoRoot });
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /^\* \d+: \S+fixtures\/three-lines\.js$/m, 'lists the user script');
  assert.doesNotMatch(plain.stdout, /\d+: node:internal\/buffer/, 'omits node-internal scripts');
  const all = await inspect(script, ['scripts(true)', 'c'], { cwd: repoRoot });
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, /^\* \d+: \S+fixtures\/three-lines\.js$/m, 'lists the user script');
  assert.match(all.stdout, /\d+: node:internal\/buffer/, 'includes node-internal scripts');
});
