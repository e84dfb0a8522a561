import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFixture } from './helpers/run-fixture.js';

const expected = {
  als: ['a', 'b', 'c'],
  alsRunInsideFiber: 'inner',
  runInAsyncScope: true,
  waitInsideListenerFiber: 'listener waited',
  nested: ['outer', 'inner', 'outer'],
  fiberResourcesDestroyed: '3/3',
  mainAfter: 'none',
};

for (const mode of ['without hooks', 'with async hooks enabled']) {
  test(`AsyncLocalStorage, executionAsyncId and the async-hooks stack survive waits (${mode})`, async () => {
    const result = await runFixture('async-context.mjs', mode === 'without hooks' ? [] : ['--with-hooks']);
    assert.equal(result.stderr, '');
    assert.equal(result.code, 0);
    const { emitterListener, ...rest } = JSON.parse(result.stdout);
    assert.equal(typeof emitterListener, 'number');
    assert.deepEqual(rest, expected);
  });
}
