/** Tab completion (src/repl/complete.ts): what is offered, and that nothing a value does can make it fail. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeLine } from '../../src/repl/complete.js';

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
    const hostile = new Proxy({}, {
      ownKeys() { throw new Error('ownKeys'); },
      getPrototypeOf() { throw new Error('getPrototypeOf'); },
    });
    assert.deepEqual(completeLine('p.', { p: revocable.proxy }), [[], '']);
    assert.deepEqual(completeLine('p.x', { p: hostile }), [[], 'x']);
  });

  it('never offers every global after a member dot it cannot resolve', () => {
    assert.deepEqual(completeLine('f().'), [[], '']);
    assert.deepEqual(completeLine('x = 1.'), [[], '']);
  });

  it('completes a name after a spread', () => {
    assert.deepEqual(completeLine('[...ite', { items: [] })[0], ['items']);
  });
});
