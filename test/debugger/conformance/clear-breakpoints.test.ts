/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-clear-breakpoints.js and
 * test-debugger-breakpoint-exists.js: `clearBreakpoint(file, line)`, a
 * location without a breakpoint or an unknown script says "Could not find
 * breakpoint"; the same breakpoint twice says it already exists.
 * Intended difference: breakpoints are numbered from 1.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from './run-inspect.js';

test('node inspect parity: test-debugger-clear-breakpoints', async () => {
  const { code, stdout, stderr } = await inspect('break.js', [
    'sb("break.js", 3)',
    'sb("break.js", 9)',
    'breakpoints',
    'clearBreakpoint("break.js", 4)',
    'clearBreakpoint("not-such-script.js", 3)',
    'clearBreakpoint("break.js", 3)',
    'breakpoints',
    'cont',
    'c',
  ]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^#1 break\.js:3\n#2 break\.js:9\n/m);
  assert.match(stdout, /^Could not find breakpoint at break\.js:4/m);
  assert.match(stdout, /^Could not find breakpoint at not-such-script\.js:3/m);
  assert.match(stdout, /^Cleared breakpoint 1 at break\.js:3\n#2 break\.js:9\n/m);
  assert.match(stdout, /^break in break\.js:9$/m, 'hits the 2nd breakpoint because the 1st was cleared');
  assert.doesNotMatch(stdout, /^break in break\.js:3$/m);
});

test('node inspect parity: test-debugger-breakpoint-exists', async () => {
  const { stdout } = await inspect('three-lines.js', ['setBreakpoint(1)', 'setBreakpoint(1)', 'c']);
  assert.match(stdout, /Breakpoint at specified location already exists/);
});
