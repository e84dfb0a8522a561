/**
 * The object-literal rule, one home for the REPL, the kernel and the
 * debugger's console: what Node 20's REPL wraps in parentheses (checked
 * against `node -i` when written: each input below printed the same there).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asObjectLiteral } from '../../src/repl/object-literal.js';
import { ReplEvaluator } from '../../src/repl/evaluator.js';

describe('asObjectLiteral', () => {
  it("wraps what Node's REPL wraps", () => {
    assert.equal(asObjectLiteral('{a:1}'), '({a:1})');
    assert.equal(asObjectLiteral('  { "b": 2 }  '), '({ "b": 2 })');
    assert.equal(asObjectLiteral('{a:1}.a'), '({a:1}.a)'); // parses as `_=` + it
    assert.equal(asObjectLiteral('{ a: 1 } + 1'), '({ a: 1 } + 1)');
    assert.equal(asObjectLiteral('{ a: await f() }'), '({ a: await f() })');
  });

  it('leaves blocks, and input ending with a semicolon, as written', () => {
    assert.equal(asObjectLiteral('{ a: 1 };'), undefined); // a block with the label a
    assert.equal(asObjectLiteral('{ "a": 1 };'), undefined); // a SyntaxError, as in Node
    assert.equal(asObjectLiteral('{ let x = 1 }'), undefined); // Node unwraps it again
    assert.equal(asObjectLiteral('1 + 1'), undefined);
    assert.equal(asObjectLiteral('{ a: 1'), undefined);
  });

  it('is the rule the evaluator runs inputs by', async () => {
    const evaluator = new ReplEvaluator();
    assert.deepEqual(await evaluator.evaluate('{ a: 1 }'), { a: 1 });
    assert.equal(await evaluator.evaluate('{ a: 1 };'), 1);
    assert.equal(await evaluator.evaluate('{a:1}.a'), 1);
    await assert.rejects(evaluator.evaluate('{ "a": 1 };'), { name: 'SyntaxError' });
    const error = await evaluator.evaluate('  { a: null.x }').catch((e: unknown) => e);
    assert.match(evaluator.formatError(error), /^Uncaught TypeError: Cannot read properties of null/);
  });
});
