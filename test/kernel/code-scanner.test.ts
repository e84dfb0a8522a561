import assert from 'node:assert/strict';
import { test } from 'node:test';
import { operandBefore, scan } from '../../src/kernel/code-scanner.js';

test('says where the end of the text is: code, string, template text, comment or regex', () => {
  const cases: Array<[string, string]> = [
    ['Math.ma', 'code'],
    ['"Math.ma', 'string'],
    ["'it\\'s Math.ma", 'string'],
    ['"done" + Math.ma', 'code'],
    ['`a ${b} Math.ma', 'template'],
    ['`a ${Math.ma', 'code'],
    ['`a ${ {x: `b ${c}`}.x } d', 'template'],
    ['// Math.ma', 'comment'],
    ['/* Math.ma', 'comment'],
    ['/* done */ Math.ma', 'code'],
    ['x = /Math.ma', 'regex'],
    ['x = /[/]/g; Math.ma', 'code'],
    ['a / b / Math.ma', 'code'],
  ];
  for (const [code, inside] of cases) assert.equal(scan(code).inside, inside, code);
});

test('finds the operand left of a dot: chains, calls, index accesses and literals', () => {
  const cases: Array<[string, string | undefined]> = [
    ['Math.', 'Math'],
    ['a.b.c.', 'a.b.c'],
    ['x = [1, 2].', '[1, 2]'],
    ['fetch("x").', 'fetch("x")'],
    ['obj.list[0].', 'obj.list[0]'],
    ['f(1)(2).', 'f(1)(2)'],
    ['1 + (a * b).', '(a * b)'],
    ['return foo?.bar.', 'foo?.bar'],
    ['"text".', '"text"'],
    ['= .', undefined],
    ['if (x) { y }.', undefined],
  ];
  for (const [code, operand] of cases) {
    const { tokens } = scan(code);
    const range = operandBefore(tokens, tokens.length - 1);
    assert.equal(range && code.slice(range.start, range.end), operand, code);
  }
});
