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

/** Converts every `debugger;` statement of `source` (ids -1, -2, ...) and returns the edited source. */
function convertAll(source: string) {
  const index = new StatementIndex(source);
  const conversions = index.debuggerStatements().map((statement, i) => ({ id: -1 - i, start: statement.start }));
  return { ...insertAll(index, [], conversions), found: index.debuggerStatements() };
}

/** Runs `f` of an edited source with a fake non-stop part whose `hit` answers `answer` (undefined: no part at all). */
function runConverted(edited: string, answer: boolean | undefined, ...args: unknown[]) {
  const hits: number[] = [];
  const paused: string[] = [];
  const hit = (id: number): boolean | undefined => {
    hits.push(id);
    return answer;
  };
  const part = answer === undefined ? undefined : { hit };
  // `debugger;` becomes a visible call: what the statement does is what is checked.
  const body = edited.replace(/\bdebugger\b/g, 'pause()');
  const f = new Function('globalThis', 'pause', `${body}; return f;`)({ [Symbol.for('balrog.nonstop')]: part }, () =>
    paused.push('pause'),
  ) as (...a: unknown[]) => unknown;
  const value = f(...args);
  return { hits, paused, value };
}

test('a debugger; statement in a function is converted on its own line and columns before it; one at the top level is not', () => {
  const source = 'debugger;\nfunction f(a) {\n  const b = a + 1;\n  debugger;\n  return b;\n}\n';
  const { source: edited, found } = convertAll(source);
  const lines = edited.split('\n');
  assert.deepEqual(
    found.map((statement) => statement.placement),
    [{ line: 3, column: 2 }],
  );
  assert.equal(lines[0], 'debugger;');
  assert.equal(lines[3], `  { if (globalThis[Symbol.for('balrog.nonstop')]?.hit(-1) ?? true) debugger; }`);
  assert.equal(edited.split('\n').length, source.split('\n').length);
  for (const [i, line] of source.split('\n').entries()) if (i !== 3) assert.equal(lines[i], line);
});

test('a converted debugger; pauses only when the call says so: not in non-stop mode, or no part in the target', () => {
  const source = 'function f(a) {\n  debugger;\n  return a * 2;\n}\n';
  const { source: edited } = convertAll(source);
  // A fiber stopped (or a hit outside a fiber reported): false, no V8 pause.
  assert.deepEqual(runConverted(edited, false, 4), { hits: [-1], paused: [], value: 8 });
  // Non-stop mode off (the id is disabled): true, the statement pauses as it always did.
  assert.deepEqual(runConverted(edited, true, 4), { hits: [-1], paused: ['pause'], value: 8 });
  // balrog's part is not there at all.
  assert.deepEqual(runConverted(edited, undefined, 4), { hits: [], paused: ['pause'], value: 8 });
});

test('a debugger; that is the body of an if with an else: the else still belongs to that if', () => {
  const source = 'function f(x) {\n  if (x) debugger; else return "no";\n  return "yes";\n}\n';
  const { source: edited } = convertAll(source);
  new Function(edited);
  assert.deepEqual(runConverted(edited, true, false), { hits: [], paused: [], value: 'no' });
  assert.deepEqual(runConverted(edited, true, true), { hits: [-1], paused: ['pause'], value: 'yes' });
  assert.deepEqual(runConverted(edited, false, true), { hits: [-1], paused: [], value: 'yes' });
});

test('a breakpoint on the line of a converted debugger;, arrow functions, methods, no semicolon, ES modules', () => {
  const source = [
    'export const g = () => { debugger };',
    'export class C { m() {',
    '  debugger',
    '  return 1; } }',
    'export function f(x) {',
    '  if (x) debugger;',
    '}',
    '',
  ].join('\n');
  const index = new StatementIndex(source);
  const conversions = index.debuggerStatements().map((statement, i) => ({ id: -1 - i, start: statement.start }));
  assert.equal(conversions.length, 3);
  const { source: edited, shifts } = insertAll(index, [{ id: 1, line: 5 }], conversions);
  parse(edited, { sourceType: 'module' });
  const lines = edited.split('\n');
  assert.equal(lines.length, source.split('\n').length);
  assert.match(lines[0]!, /^export const g = \(\) => \{ \{ if \(.*hit\(-1\) \?\? true\) debugger \} \};$/);
  assert.match(lines[2]!, /^ {2}\{ if \(.*hit\(-2\) \?\? true\) debugger \}$/);
  // The breakpoint's call goes before the `if`; the statement in it is converted too.
  assert.match(lines[5]!, /^ {2}.*hit\(1\); if \(x\) \{ if \(.*hit\(-3\) \?\? true\) debugger; \}$/);
  // Columns after the edits on a line map back to the source's: `debugger` of line 6 is at column 9.
  const at = lines[5]!.indexOf('debugger');
  assert.equal(originalColumn(shifts, 5, at), 9);
  // Its `;` too; the closing brace after it stands where the statement ends.
  assert.equal(originalColumn(shifts, 5, lines[5]!.length - 3), 17);
  assert.equal(originalColumn(shifts, 5, lines[5]!.length - 1), 18);
});
