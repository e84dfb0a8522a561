/** The ReplEvaluator API that the kernel and the debugger build on, in process. */
import assert from 'node:assert/strict';
import { Session } from 'node:inspector';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { InterruptedError } from '../../src/core/errors.js';
import { ReplEvaluator, Unawaited } from '../../src/repl/evaluator.js';

describe('ReplEvaluator', () => {
  const evaluator = new ReplEvaluator();

  it('evaluates in a fiber, awaits thenable results, and keeps declarations', async () => {
    assert.equal(await evaluator.evaluate('const evalTestValue: number = await Promise.resolve(20)'), undefined);
    assert.equal(await evaluator.evaluate('[1, 2].map((x) => await Promise.resolve(x + evalTestValue))').then(String), '21,22');
    await assert.rejects(evaluator.evaluate('evalTestValue = 1'), { name: 'TypeError', message: 'Assignment to constant variable.' });
  });

  it('hands a promise over wrapped when autoAwait is off', async () => {
    const off = new ReplEvaluator({ autoAwait: false });
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

  it('evaluates under a given file name: stack frames and the debugger see it, positions in the input', async () => {
    const filename = 'cell-1a2b3c.ts';
    const source =
      'const cellBase: number = await Promise.resolve(1)\nfunction cellBoom(): never {\n  throw new Error(`boom ${cellBase}`)\n}';
    const session = new Session();
    session.connect();
    const parsed: { scriptId: string; url: string }[] = [];
    session.on('Debugger.scriptParsed', ({ params }) => parsed.push(params));
    try {
      await new Promise((resolve, reject) => session.post('Debugger.enable', (error, result) => (error ? reject(error) : resolve(result))));
      assert.equal(await evaluator.evaluate(source, { filename }), undefined);
      const script = parsed.find((entry) => entry.url === filename);
      assert.ok(script, `no script named ${filename} among ${parsed.length} parsed`);
      // A debugger sets breakpoints by the name; the input's line 3 is line 3 (0-based 2) of the script.
      const breakpoint = await new Promise<{ breakpointId: string; locations: { lineNumber: number; scriptId: string }[] }>(
        (resolve, reject) =>
          session.post('Debugger.setBreakpointByUrl', { url: filename, lineNumber: 2 }, (error, result) =>
            error ? reject(error) : resolve(result),
          ),
      );
      assert.deepEqual(
        breakpoint.locations.map((location) => [location.scriptId, location.lineNumber]),
        [[script.scriptId, 2]],
      );
      session.post('Debugger.removeBreakpoint', { breakpointId: breakpoint.breakpointId });
    } finally {
      session.disconnect();
    }
    const error = await evaluator.evaluate('cellBoom()', { filename: 'cell-4d5e6f.ts' }).catch((e: unknown) => e);
    assert.equal(evaluator.formatError(error), 'Uncaught Error: boom 1\n    at cellBoom (cell-1a2b3c.ts:3:9)');
    // Evaluated under the same name again (a cell run again): frames map with the new input's map.
    await evaluator.evaluate('const cellAgain = await 2\nfunction cellBoom2() {\n  return cellAgain.x.y }', { filename });
    const again = await evaluator.evaluate('cellBoom2()').catch((e: unknown) => e);
    assert.equal(
      evaluator.formatError(again),
      "Uncaught TypeError: Cannot read properties of undefined (reading 'y')\n    at cellBoom2 (cell-1a2b3c.ts:3:22)",
    );
    await assert.rejects(evaluator.evaluate('1', { filename: 'cell (1).ts' }), { code: 'ERR_BALROG_REPL_SCRIPT_NAME' });
    await assert.rejects(evaluator.evaluate('1', { filename: 'a\nb' }), { code: 'ERR_BALROG_REPL_SCRIPT_NAME' });
  });

  it('transforms an input twice from one parse when a declaration shadows a builtin (`implements` blanked both times)', async () => {
    const session = new ReplEvaluator();
    await session.evaluate('interface Shape { a: number }');
    assert.equal(await session.evaluate('class Map implements Shape { a = 1 }\nnew Map().a'), 1);
    assert.equal(globalThis.Map.name, 'Map');
    session.reset();
  });
});
