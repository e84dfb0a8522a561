// The compat runner's verdict (npm run compat): a test that passes under plain
// node must pass under balrog; one that fails plain is reported, not held
// against balrog; one that never reports under balrog is a regression.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compare, record, type Results } from './compat/results.js';

function results(entries: Array<[string, 'pass' | 'fail' | 'skip']>): Results {
  const r: Results = new Map();
  for (const [name, status] of entries) record(r, 'test/a.test.js', name, status);
  return r;
}

test('same names in one file are told apart by their order', () => {
  const r = results([
    ['works', 'pass'],
    ['works', 'fail'],
    ['works', 'pass'],
  ]);
  assert.deepEqual([...r.keys()], ['test/a.test.js › works', 'test/a.test.js › works #2', 'test/a.test.js › works #3']);
});

test('pass plain, fail or missing under balrog: regressions; fail plain: reported apart', () => {
  const plain = results([
    ['a', 'pass'],
    ['b', 'pass'],
    ['c', 'pass'],
    ['d', 'fail'],
    ['e', 'fail'],
    ['f', 'skip'],
  ]);
  const balrog = results([
    ['a', 'pass'],
    ['b', 'fail'],
    ['d', 'pass'],
    ['e', 'fail'],
    ['f', 'skip'],
  ]);
  assert.deepEqual(compare(plain, balrog), {
    tests: 6,
    passPlain: 3,
    passBalrog: 2,
    regressions: ['test/a.test.js › b (under balrog: fail)', 'test/a.test.js › c (under balrog: not reported)'],
    failPlain: ['test/a.test.js › d', 'test/a.test.js › e'],
    passOnlyUnderBalrog: ['test/a.test.js › d'],
  });
});

test('identical results: no regression', () => {
  const plain = results([
    ['a', 'pass'],
    ['b', 'skip'],
  ]);
  assert.deepEqual(compare(plain, new Map(plain)).regressions, []);
});
