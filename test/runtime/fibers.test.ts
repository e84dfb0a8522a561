// In-process checks of the runtime's fiber plumbing: the http/https 'request'
// patch and fiberize().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { inFiber, wait } from '../../src/core/index.js';
import { fiberize, runRequestsInFibers } from '../../src/runtime/index.js';

runRequestsInFibers();

for (const [name, create] of [
  ['http', () => http.createServer()],
  ['https', () => https.createServer({})],
] as const) {
  test(`${name}: each 'request' emit runs the listeners in a new fiber; other events do not`, async () => {
    const server = create();
    const seen: Array<[string, boolean]> = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.on('request', (req: string) => {
      seen.push([req, inFiber()]);
      wait(gate); // both requests are suspended at once
      seen.push([`${req} done`, inFiber()]);
    });
    server.on('listening', () => seen.push(['listening', inFiber()]));
    assert.equal(server.emit('request', 'a', {}), true);
    assert.equal(server.emit('request', 'b', {}), true);
    server.emit('listening');
    assert.deepEqual(seen, [
      ['a', true],
      ['b', true],
      ['listening', false],
    ]);
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(seen.slice(3), [
      ['a done', true],
      ['b done', true],
    ]);
  });
}

test('runRequestsInFibers is idempotent (one fiber per request, not nested)', async () => {
  runRequestsInFibers();
  const server = http.createServer();
  let calls = 0;
  server.on('request', () => calls++);
  server.emit('request', {}, {});
  assert.equal(calls, 1);
});

test('fiberize runs each call in a fiber and returns a promise of the result', async () => {
  const double = fiberize(function (this: { k: number }, n: number) {
    assert.ok(inFiber());
    return wait(Promise.resolve(n * this.k));
  });
  assert.equal(double.name, '');
  assert.deepEqual(await Promise.all([double.call({ k: 2 }, 3), double.call({ k: 10 }, 4)]), [6, 40]);
});

test('fiberize passes a failure on as a rejection', async () => {
  const fail = fiberize(function named() {
    wait(Promise.resolve());
    throw new Error('inside the fiber');
  });
  assert.equal(fail.name, 'named');
  await assert.rejects(fail(), /inside the fiber/);
});
