/** The Evaluator API that the kernel and the debugger build on, in process. */
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { InterruptedError } from '../../src/core/errors.js';
import { Evaluator, Unawaited } from '../../src/repl/evaluator.js';

describe('Evaluator', () => {
  const evaluator = new Evaluator();

  it('evaluates in a fiber, awaits thenable results, and keeps declarations', async () => {
    assert.equal(await evaluator.evaluate('const evalTestValue: number = await Promise.resolve(20)'), undefined);
    assert.equal(await evaluator.evaluate('[1, 2].map((x) => await Promise.resolve(x + evalTestValue))').then(String), '21,22');
    await assert.rejects(evaluator.evaluate('evalTestValue = 1'), { name: 'TypeError', message: 'Assignment to constant variable.' });
  });

  it('hands a promise over wrapped when autoAwait is off', async () => {
    const off = new Evaluator({ autoAwait: false });
    const value = await off.evaluate('Promise.resolve(3)');
    assert.ok(value instanceof Unawaited);
    assert.ok(value.value instanceof Promise);
    assert.match(inspect(value), /^Promise \{\s+3/);
  });

  it('interrupt() ends a pending await at once, runs its finally blocks, and keeps state', async () => {
    const pending = evaluator.evaluate(
      'let interruptedFinally = false; try { await new Promise(() => {}) } finally { interruptedFinally = true }',
    );
    setImmediate(() => evaluator.interrupt());
    await assert.rejects(pending, InterruptedError);
    assert.equal(await evaluator.evaluate('interruptedFinally'), true);
  });

  it('completes globals, declarations and properties', async () => {
    await evaluator.evaluate('const completionTarget = { alpha: 1, alphabet: 2 }');
    assert.deepEqual(evaluator.complete('completionTar'), [['completionTarget'], 'completionTar']);
    assert.deepEqual(evaluator.complete('completionTarget.alp'), [['alpha', 'alphabet'], 'alp']);
  });

  it('tells complete, incomplete and invalid inputs apart', () => {
    assert.equal(evaluator.isComplete('if (x) {'), 'incomplete');
    assert.equal(evaluator.isComplete('1 +* 2'), 'invalid');
    assert.equal(evaluator.isComplete('const a: string = await f()'), 'complete');
    // Babel stops early in an unfinished TypeScript arrow; the open bracket says more is coming.
    assert.equal(evaluator.isComplete('const f = async (\n  a: number,\n): Promise<{\n'), 'incomplete');
    assert.equal(evaluator.isComplete('{ "a":\n'), 'incomplete');
    assert.equal(evaluator.isComplete('"abc\\\n'), 'incomplete');
    assert.equal(evaluator.isComplete('typeof await'), 'complete');
    assert.equal(evaluator.isComplete('}'), 'invalid');
  });

  it('formats errors like Node with positions in the input and without balrog frames', async () => {
    const error = await evaluator.evaluate('const pad = 1\nfunction boom() { null.x }\nboom()').catch((e: unknown) => e);
    assert.equal(
      evaluator.formatError(error),
      "Uncaught TypeError: Cannot read properties of null (reading 'x')\n    at boom (REPL" +
        /REPL(\d+)/.exec(String((error as Error).stack))![1] +
        ':2:24)',
    );
  });
});
