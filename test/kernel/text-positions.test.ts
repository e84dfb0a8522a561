import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codePointToIndex, indexToCodePoint } from '../../src/kernel/cursor.js';
import { nextLineIndent } from '../../src/kernel/indent.js';
import { expressionAt } from '../../src/kernel/introspection.js';

test('cursor positions count code points, not UTF-16 units', () => {
  const text = 'x = "🔥"; y';
  assert.equal(codePointToIndex(text, 9), 10);
  assert.equal(indexToCodePoint(text, 10), 9);
  assert.equal(codePointToIndex(text, 100), text.length);
});

test('the next line is indented one level after an opening bracket or arrow', () => {
  const cases: Array<[string, string]> = [
    ['function f() {', '  '],
    ['if (x) {\n  foo(', '    '],
    ['const a = [', '  '],
    ['  a +', '  '],
    ['const f = () =>', '  '],
    ['x = 1 +\n\n', ''],
  ];
  for (const [code, indent] of cases) assert.equal(nextLineIndent(code), indent, JSON.stringify(code));
});

test('the inspected expression is the dotted name around the cursor', () => {
  const cases: Array<[string, number, string | undefined]> = [
    ['Math.max', 8, 'Math.max'],
    ['Math.max', 6, 'Math.max'],
    ['x = Math.max(1, 2)', 13, 'Math.max'],
    ['foo.', 4, 'foo'],
    ['1 + ', 4, undefined],
    ['"🔥" + abc', 8, 'abc'],
  ];
  for (const [code, cursor, expected] of cases) assert.equal(expressionAt(code, cursor), expected, `${code} @ ${cursor}`);
});
