// Every balrog/sync function refuses to run outside a fiber with the core's
// NotInFiberError, naming the function that was called.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotInFiberError } from '../../src/core/errors.js';
import { spawn, sync } from '../../src/core/index.js';
import { exec, execFile, fetch, fs, sleep, SyncPool, syncify } from '../../src/sync/index.js';

const calls: Array<[string, () => unknown]> = [
  ['fetch()', () => fetch('http://127.0.0.1:9/')],
  ['fs.readFile()', () => fs.readFile('/etc/hostname', 'utf8')],
  ['fs.writeFile()', () => fs.writeFile('/tmp/never-written', 'x')],
  ['sleep()', () => sleep(1)],
  ['exec()', () => exec('true')],
  ['execFile()', () => execFile('true')],
  ['query()', () => new SyncPool('postgres://127.0.0.1:9/none').query('select 1')],
  ['transaction()', () => new SyncPool('postgres://127.0.0.1:9/none').transaction(() => 1)],
  ['myClient.get()', () => sync(async () => 1, 'myClient.get()')()],
  // The deprecated earlier name of the same function.
  ['legacyClient.get()', () => syncify('legacyClient.get()', async () => 1)()],
];

for (const [what, call] of calls) {
  test(`${what} outside a fiber throws NotInFiberError naming it`, () => {
    assert.throws(call, (error: unknown) => {
      assert.ok(error instanceof NotInFiberError);
      assert.equal(error.code, 'ERR_BALROG_NOT_IN_FIBER');
      assert.equal(error.message, `${what} must run inside a fiber: wrap the call in spawn() or start the program with \`balrog run\``);
      return true;
    });
  });
}

test('sync(fn, what) starts no work outside a fiber, and in one waits as sync(fn) does', async () => {
  let started = 0;
  const get = sync(async (key: string) => {
    started++;
    return `value of ${key}`;
  }, 'store.get()');
  assert.throws(() => get('a'), NotInFiberError);
  assert.equal(started, 0);
  assert.equal(await spawn(() => get('b')), 'value of b');
  assert.equal(started, 1);
  assert.equal(get.name, 'storeget');
});
