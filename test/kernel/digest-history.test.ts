import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIGEST_HISTORY_SIZE, DigestHistory } from '../../src/kernel/digest-history.js';

test('remembers signatures and refuses a repeat', () => {
  const history = new DigestHistory();
  assert.equal(history.remember('a'), true);
  assert.equal(history.remember('b'), true);
  assert.equal(history.remember('a'), false);
  assert.equal(history.count, 2);
});

test("holds jupyter_client's 2**16 signatures by default", () => {
  assert.equal(new DigestHistory().size, DIGEST_HISTORY_SIZE);
  assert.equal(DIGEST_HISTORY_SIZE, 65536);
});

test('past its size, the oldest tenth is forgotten and the newest are still refused', () => {
  const history = new DigestHistory(100);
  for (let i = 0; i <= 100; i++) assert.equal(history.remember(`s${i}`), true);
  assert.equal(history.count, 91);
  assert.equal(history.remember('s0'), true, 'the oldest was forgotten');
  assert.equal(history.remember('s100'), false, 'the newest is still refused');
  assert.equal(history.remember('s50'), false);
});
