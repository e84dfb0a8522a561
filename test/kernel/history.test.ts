import assert from 'node:assert/strict';
import { test } from 'node:test';
import { globToRegExp, History } from '../../src/kernel/history.js';

function sample(): History {
  const history = new History();
  ['let a = 1', 'a + 1', 'console.log(a)', 'a + 1'].forEach((code, i) => {
    history.add(i + 1, code);
  });
  history.setOutput(2, '2');
  return history;
}

test('tail returns the last n inputs as [session, line, input]', () => {
  assert.deepEqual(sample().query({ hist_access_type: 'tail', n: 2 }), [
    [1, 3, 'console.log(a)'],
    [1, 4, 'a + 1'],
  ]);
});

test('output=true pairs each input with its text result', () => {
  assert.deepEqual(sample().query({ hist_access_type: 'tail', n: 3, output: true })[0], [1, 2, ['a + 1', '2']]);
});

test('range selects [start, stop) of this session and nothing of others', () => {
  assert.deepEqual(sample().query({ hist_access_type: 'range', session: 1, start: 2, stop: 3 }), [[1, 2, 'a + 1']]);
  assert.deepEqual(sample().query({ hist_access_type: 'range', session: 0, start: 4 }), [[1, 4, 'a + 1']]);
  assert.deepEqual(sample().query({ hist_access_type: 'range', session: 7, start: 1 }), []);
});

test('search takes a glob; unique keeps the newest of duplicates; n keeps the last n', () => {
  const history = sample();
  assert.equal(history.query({ hist_access_type: 'search', pattern: 'a*' }).length, 2);
  assert.equal(history.query({ hist_access_type: 'search', pattern: '*a*' }).length, 4);
  assert.deepEqual(history.query({ hist_access_type: 'search', pattern: 'a + ?', unique: true }), [[1, 4, 'a + 1']]);
  assert.deepEqual(history.query({ hist_access_type: 'search', pattern: '*', n: 1 }), [[1, 4, 'a + 1']]);
  assert.ok(globToRegExp('console.log(*)').test('console.log(a)'));
  assert.ok(!globToRegExp('a').test('ab'));
});
