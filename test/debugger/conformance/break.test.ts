/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-break.js: stepping, breakpoints by file and
 * line, by line only and on a function, in node inspect's call syntax;
 * `list()`, `list(2)`; stepping into Node's timers; an empty line repeats
 * the last step. Same fixture (break.js), same facts. Intended differences
 * (docs/debugger.md, "Differences from node inspect"): breakpoints are
 * numbered from 1 (#1, #2) where node inspect numbers from 0; a pause prints
 * `break in` also for a function breakpoint (node inspect: `debugCommand in`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from './run-inspect.js';

/** The line numbers of the `list` output lines in `part`, in order. */
function listedLines(part: string): number[] {
  return [...part.matchAll(/^[> ] *(\d+)(?: |$)/gm)].map((match) => Number(match[1]));
}

test('node inspect parity: test-debugger-break', async () => {
  const { code, stdout, stderr } = await inspect('break.js', [
    'n',
    'next',
    'cont',
    'sb("break.js", 6)',
    'sb("otherFunction()")',
    'sb(16)',
    'breakpoints',
    'list()',
    'list(2)',
    's',
    '',
    'cont',
    'cont',
    '',
  ]);
  assert.equal(code, 0, stderr);
  const pauses = stdout.split(/^(?=break in )/m);
  assert.match(pauses[0]!, /^break in break\.js:1\n> 1 const x = 10;/, 'initial break, the source shown and the line marked');
  assert.match(pauses[1]!, /^break in break\.js:2\n> 2 let name = 'World';/, 'n: the next line');
  assert.match(pauses[2]!, /^break in break\.js:3\n> 3 name = 'Robin';/, 'next: the next line');
  assert.match(pauses[3]!, /^break in break\.js:10\n> 10 debugger;/, 'cont: the debugger statement');
  assert.doesNotMatch(stdout, /Could not resolve breakpoint/);
  assert.match(stdout, /^#1 break\.js:6$/m, 'sb("break.js", 6)');
  assert.match(stdout, /^#3 break\.js:16$/m, 'sb(16): a line of the current file');
  const listings = pauses[3]!.split(/^#3 break\.js:16\n/m)[1]!;
  const lines = listedLines(listings);
  const restart = lines.findIndex((line, i) => i > 0 && line < lines[i - 1]!);
  assert.deepEqual(lines.slice(0, restart), [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], 'list(): 5 lines either side');
  assert.deepEqual(lines.slice(restart), [8, 9, 10, 11, 12], 'list(2)');
  assert.equal(listings.match(/^> 10 debugger;$/gm)?.length, 2, 'list() and list(2) mark the current line');
  assert.match(stdout, /^break in node:timers:\d+$/m, 's, then an empty line (repeats s): into timers');
  assert.match(stdout, /^break in break\.js:16\n/m, 'the breakpoint set with a line number only');
  assert.match(stdout, /^break in break\.js:6\n/m, 'the breakpoint set with script and line');
  assert.match(stdout, /^break in break\.js:14\n/m, 'the function breakpoint, reached by an empty line (repeats cont)');
});
