/** Tab completion (src/repl/complete.ts): what is offered, and that nothing a value does can make it fail. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeLine, expressionBefore } from '../../src/repl/complete.js';
import { propertyNamesWithoutSideEffects } from '../../src/repl/side-effect-free.js';

describe('completeLine', () => {
  it('completes properties of a path and names of the scope', () => {
    assert.deepEqual(completeLine('Math.ma'), [['max'], 'ma']);
    assert.deepEqual(completeLine('o.b', { o: { bar: 1, baz: 2 } })[0], ['bar', 'baz']);
  });

  it('looks shadowing bindings up first', () => {
    const shadows = { Map: { onlyMine: 1 } };
    assert.deepEqual(completeLine('Map.only', globalThis, shadows), [['onlyMine'], 'only']);
  });

  it('offers nothing, and does not throw, for a revoked Proxy or one whose traps throw', () => {
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('ownKeys');
        },
        getPrototypeOf() {
          throw new Error('getPrototypeOf');
        },
      },
    );
    assert.deepEqual(completeLine('p.', { p: revocable.proxy }), [[], '']);
    assert.deepEqual(completeLine('p.x', { p: hostile }), [[], 'x']);
  });

  it('never offers every global after a member dot it cannot resolve', () => {
    assert.deepEqual(completeLine('f().'), [[], '']);
    assert.deepEqual(completeLine('x = 1.'), [[], '']);
  });

  it('completes members of calls and literals that V8 evaluates without side effects, and only those', () => {
    const scope: { touched?: boolean; make: () => object; touch: () => object } = {
      make: () => ({ alpha: 1 }),
      touch: () => {
        scope.touched = true;
        return { beta: 1 };
      },
    };
    (globalThis as Record<string, unknown>).completeTestScope = scope;
    try {
      assert.deepEqual(completeLine('completeTestScope.make().al', globalThis, undefined, propertyNamesWithoutSideEffects)[0], ['alpha']);
      assert.deepEqual(completeLine("'text'.toUpp", globalThis, undefined, propertyNamesWithoutSideEffects)[0], ['toUpperCase']);
      assert.deepEqual(completeLine('[1, 2].fla', globalThis, undefined, propertyNamesWithoutSideEffects)[0], ['flat', 'flatMap']);
      assert.deepEqual(completeLine('new Map().se', globalThis, undefined, propertyNamesWithoutSideEffects)[0], ['set']);
      // A call that assigns is refused by V8 before it runs: no candidates, no side effect.
      assert.deepEqual(completeLine('completeTestScope.touch().be', globalThis, undefined, propertyNamesWithoutSideEffects)[0], []);
      assert.equal((scope as { touched?: boolean }).touched, undefined);
    } finally {
      delete (globalThis as Record<string, unknown>).completeTestScope;
    }
  });

  it('finds the expression before a member dot', () => {
    assert.equal(expressionBefore('x = f(a, b).g().', 15), 'f(a, b).g()');
    assert.equal(expressionBefore("log('a.b'.", 9), "'a.b'");
    assert.equal(expressionBefore('new Map().', 9), 'new Map()');
    assert.equal(expressionBefore('(await p).', 9), '(await p)');
  });

  it('completes members of an awaited value when it is already there, and never waits or calls for it', () => {
    const scope = {
      done: Promise.resolve({ alpha: 1, nested: { beta: 2 } }),
      text: Promise.resolve('text'),
      pending: new Promise(() => {}),
      failed: Promise.reject(new Error('no')),
      touched: false,
      touch: async () => {
        scope.touched = true;
        return { gamma: 1 };
      },
    };
    scope.failed.catch(() => {});
    (globalThis as Record<string, unknown>).awaitScope = scope;
    const complete = (line: string): string[] => completeLine(line, globalThis, undefined, propertyNamesWithoutSideEffects)[0];
    try {
      assert.deepEqual(complete('(await awaitScope.done).al'), ['alpha']);
      assert.deepEqual(complete('(await awaitScope.done).nested.be'), ['beta']);
      assert.deepEqual(complete('x = (await awaitScope.text).toUpp'), ['toUpperCase']);
      assert.deepEqual(complete('(await 5).toFix'), ['toFixed']);
      // `await Promise.resolve(x)` is `await x`.
      assert.deepEqual(complete('(await Promise.resolve({ alpha: 1 })).al'), ['alpha']);
      // A pending or rejected promise has no value to offer yet; a call that assigns is not run.
      assert.deepEqual(complete('(await awaitScope.pending).al'), []);
      assert.deepEqual(complete('(await awaitScope.failed).me'), []);
      assert.deepEqual(complete('(await awaitScope.touch()).ga'), []);
      assert.equal(scope.touched, false);
      // `await p.x` is `await (p.x)`: members of the promise, as Node offers them (it runs the call; balrog knows the type).
      assert.deepEqual(complete('await Promise.resolve().th'), ['then']);
      assert.deepEqual(complete('await fetch("http://localhost:9").fin'), ['finally']);
      // After what cannot continue a name, nothing (as Node): not every global.
      assert.deepEqual(complete('await Promise.resolve()'), []);
    } finally {
      delete (globalThis as Record<string, unknown>).awaitScope;
    }
  });

  it('completes module names after require(, import( and from', () => {
    assert.deepEqual(completeLine("require('node:fs/pro")[0], ['node:fs/promises']);
    assert.ok(completeLine("import('chil")[0].includes('child_process'));
    assert.ok(completeLine("import x from 'typescri")[0].includes('typescript'));
  });

  it('completes a name after a spread', () => {
    assert.deepEqual(completeLine('[...ite', { items: [] })[0], ['items']);
  });
});
