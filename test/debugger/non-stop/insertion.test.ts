/**
 * Where a non-stop breakpoint's parking call goes (engine/non-stop/insertion.ts):
 * before the first statement that starts on the line, on the same line, and
 * never in a place that changes what the program does. Each edited source is
 * compiled (new Function, or parsed as a module) to prove it is still valid code.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from '@babel/parser';
import { insertAll, originalColumn, parkingCall, StatementIndex } from '../../../src/debugger/engine/non-stop/insertion.js';

const call = (id: number) => parkingCall(id);

/** Inserts breakpoint 1 at `line` (1-based) and returns the edited line and the placement. */
function insertAt(source: string, line: number, condition?: string) {
  const {
    source: edited,
    placements,
    shifts,
  } = insertAll(new StatementIndex(source), [{ id: 1, line: line - 1, ...(condition ? { condition } : {}) }]);
  const placement = placements.get(1)!;
  return { edited, lines: edited.split('\n'), placement, shifts };
}

test('the call goes before the statement, on its line: no line moves', () => {
  const source = 'function f(a) {\n  const b = a + 1;\n  return b;\n}\n';
  const { edited, lines, placement } = insertAt(source, 2);
  assert.equal(lines[1], `  ${call(1)}const b = a + 1;`);
  assert.equal(edited.split('\n').length, source.split('\n').length);
  assert.deepEqual(placement, { line: 1, column: 2 });
  new Function(edited);
});

test('a line inside a multi-line expression moves the call to the next line that starts a statement', () => {
  const source = 'const total = [1, 2]\n  .map((x) => x * 2)\n  .length;\nconsole.log(total);\n';
  const { lines, placement } = insertAt(source, 2);
  assert.equal(lines[3], `${call(1)}console.log(total);`);
  assert.deepEqual(placement, { line: 3, column: 0 });
});

test('the single statement of an if without braces is wrapped with the call: the if still governs it', () => {
  const source = 'function f(x) {\n  if (x)\n    g();\n  h();\n}\n';
  const { edited, lines } = insertAt(source, 3);
  assert.equal(lines[2], `    { ${call(1)}g(); }`);
  new Function(edited);
  // Behaviour kept: g runs only when x, and the call with it.
  const calls: string[] = [];
  const run = new Function('g', 'h', 'globalThis', `${edited}; return f;`) as (...args: unknown[]) => (x: boolean) => void;
  const hits: number[] = [];
  const fakeGlobal = { [Symbol.for('balrog.nonstop')]: { hit: (id: number) => hits.push(id) } };
  const f = run(
    () => calls.push('g'),
    () => calls.push('h'),
    fakeGlobal,
  );
  f(false);
  assert.deepEqual([calls, hits], [['h'], []]);
  f(true);
  assert.deepEqual([calls, hits], [['h', 'g', 'h'], [1]]);
});

test('a for loop header and a labeled loop are left alone', () => {
  const source = 'outer: for (let i = 0; i < 2; i++) {\n  for (const j of [1]) continue outer;\n}\n';
  const { edited, lines } = insertAt(source, 1);
  assert.equal(lines[0], `${call(1)}outer: for (let i = 0; i < 2; i++) {`);
  new Function(edited);
});

test('an ES module stays a valid module; import lines are skipped', () => {
  const source = "import { x } from 'node:fs';\nexport const y = 1;\nexport function z() {\n  return y;\n}\n";
  const first = insertAt(source, 1);
  assert.equal(first.lines[1], `${call(1)}export const y = 1;`);
  parse(first.edited, { sourceType: 'module' });
  const inner = insertAt(source, 4);
  assert.equal(inner.lines[3], `  ${call(1)}return y;`);
  parse(inner.edited, { sourceType: 'module' });
});

test('a condition is evaluated in the frame, and an error in it counts as false', () => {
  const source = 'function f(n) {\n  return n;\n}\n';
  const { edited } = insertAt(source, 2, 'n.missing.deep > 1');
  const hits: number[] = [];
  const fakeGlobal = { [Symbol.for('balrog.nonstop')]: { hit: (id: number) => hits.push(id) } };
  const f = (new Function('globalThis', `${edited}; return f;`) as (g: unknown) => (n: unknown) => unknown)(fakeGlobal);
  const order = { missing: { deep: 2 } };
  assert.equal(f(1), 1);
  assert.equal(f(order), order);
  assert.deepEqual(hits, [1]);
});

test('columns of the edited script map back to the source: after the call, inside it, before it', () => {
  const { shifts, placement } = insertAt('function f() {\n  let a = 1; let b = 2;\n}\n', 2);
  const length = call(1).length;
  assert.equal(originalColumn(shifts, 1, 2 + length + 4), 6);
  assert.equal(originalColumn(shifts, 1, 5), placement.column);
  assert.equal(originalColumn(shifts, 1, 1), 1);
  assert.equal(originalColumn(shifts, 2, 7), 7);
});

test('two breakpoints on one statement both get their call; no statement at all is an error', () => {
  const index = new StatementIndex('let a = 1;\n');
  const { source } = insertAll(index, [
    { id: 1, line: 0 },
    { id: 2, line: 0 },
  ]);
  assert.match(source, /hit\(1\); .*hit\(2\); let a = 1;/);
  assert.throws(() => insertAll(new StatementIndex('let a = 1;\n\n'), [{ id: 1, line: 1 }]), /no statement starts on line 2 or after it/);
});
