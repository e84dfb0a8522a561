/**
 * The script picker's fuzzy match: letters in order anywhere in the path,
 * file names and word starts first, shorter paths first among equals.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzzyFilter, fuzzyScore } from '../../../src/debugger/tui/fuzzy.js';

const paths = ['src/service.js', 'src/services/orders.js', 'lib/serialize.js', 'test/service.test.js', 'node_modules/express/index.js'];
const pick = (query: string) => fuzzyFilter(query, paths, (path) => path);

test('a subsequence matches, case-insensitively; anything else does not', () => {
  assert.notEqual(fuzzyScore('svcjs', 'src/service.js'), undefined);
  assert.notEqual(fuzzyScore('SERVICE', 'src/service.js'), undefined);
  assert.equal(fuzzyScore('xyz', 'src/service.js'), undefined);
  assert.equal(fuzzyScore('sj.', 'src/service.js'), undefined, 'the order counts');
  assert.equal(fuzzyScore('', 'anything'), 0);
});

test('the best matches first: the file name, letters in a row, shorter paths', () => {
  assert.deepEqual(pick('service'), ['src/service.js', 'test/service.test.js', 'src/services/orders.js']);
  assert.equal(pick('orders')[0], 'src/services/orders.js');
  assert.equal(pick('ser')[0], 'src/service.js');
  assert.deepEqual(pick('expidx'), ['node_modules/express/index.js']);
  assert.deepEqual(
    pick(''),
    [...paths].sort((a, b) => a.length - b.length),
  );
});
