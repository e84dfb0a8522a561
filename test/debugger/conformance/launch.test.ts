/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-launch.mjs: `node inspect three-lines.js`
 * stops at the start, evaluates `["hello", "world"].join(" ")`, takes an
 * empty line, and `version` prints the target's V8 version. Differences
 * (docs/debugger.md, "Conformance with node inspect"): the inspector listens
 * on a free port, not 9229; its banner ("Debugger listening on ...") is not
 * forwarded as program output; an empty line repeats the last step command
 * only, not an evaluation; scripted mode has no prompt.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from './run-inspect.js';

test('node inspect parity: test-debugger-launch', async () => {
  const { code, stdout, stderr } = await inspect('three-lines.js', ['["hello", "world"].join(" ")', '', 'version', '.exit']);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^break in three-lines\.js:1$/m, 'the initial break');
  assert.match(stdout, /^'hello world'$/m, 'prints the result');
  assert.equal(stdout.match(/hello world/g)?.length, 1, 'the empty line does not repeat an evaluation');
  assert.ok(stdout.includes(process.versions.v8), 'version prints the v8 version');
  assert.doesNotMatch(stdout, /Debugger listening on/, "the inspector's banner is the debugger's, not the program's output");
});
