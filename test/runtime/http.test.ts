// HTTP handlers in fibers, against real servers started with `balrog run`:
// a slow request does not hold up a fast one, each request keeps its own
// AsyncLocalStorage context, and errors behave as in plain Node.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runToEnd, startBalrog, type Started, stop } from './helpers/processes.js';

/** Fetches `path` and records when it finished, in order. */
async function timedText(base: string, path: string, finished: string[]) {
  const res = await fetch(base + path);
  const text = await res.text();
  finished.push(path);
  return { status: res.status, text };
}

/** Starts a 600 ms request, then, once it is in its handler, a fast one: their answers, and the order they finished in. */
async function slowThenFast(base: string) {
  const finished: string[] = [];
  const slow = timedText(base, '/slow?ms=600', finished);
  await new Promise((resolve) => setTimeout(resolve, 50)); // the slow one is in its handler first
  const fast = timedText(base, '/fast', finished);
  return { answers: await Promise.all([slow, fast]), finished };
}

/** Serves `entry` under `balrog run` for the enclosing describe block; `app.base` is its URL from `before` on. */
function serveUnderBalrog(entry: string): { base: string } {
  const app = { base: '' };
  let server: Started;
  before(async () => {
    server = startBalrog([entry]);
    app.base = `http://127.0.0.1:${(await server.waitFor(/listening (\d+)/))[1]}`;
  });
  after(() => stop(server));
  return app;
}

describe('plain http server under balrog run', () => {
  const app = serveUnderBalrog('server.mjs');

  test('handlers run in fibers', async () => {
    assert.deepEqual(await (await fetch(`${app.base}/fiber`)).json(), { inFiber: true });
  });

  test('a request blocked in sleep() does not hold up another one', async () => {
    const { answers, finished } = await slowThenFast(app.base);
    assert.deepEqual(answers, [
      { status: 200, text: 'slow' },
      { status: 200, text: 'fast' },
    ]);
    assert.deepEqual(finished, ['/fast', '/slow?ms=600']);
  });

  test('each request keeps its own AsyncLocalStorage store across waits', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => fetch(`${app.base}/als?id=r${i}&ms=${(i * 7) % 40}`).then((r) => r.json())),
    );
    for (const r of results as Array<{ sent: string; seen: string }>) assert.equal(r.seen, r.sent);
  });
});

describe('Express 5 under balrog run', () => {
  const app = serveUnderBalrog('express-app.cjs');

  test('sync-style routes interleave', async () => {
    const { finished } = await slowThenFast(app.base);
    assert.deepEqual(finished, ['/fast', '/slow?ms=600']);
  });

  test('a handler after asynchronous middleware (express.json) still runs in a fiber', async () => {
    const res = await fetch(`${app.base}/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 1 }),
    });
    assert.deepEqual(await res.json(), { got: { a: 1 } });
  });

  test('a route reads a file with balrog/sync fs', async () => {
    assert.deepEqual(await (await fetch(`${app.base}/file`)).json(), { probe: 'read through balrog/sync fs' });
  });

  test('a route that throws after a wait reaches the error handler', async () => {
    const res = await fetch(`${app.base}/throws`);
    assert.equal(res.status, 500);
    assert.equal(await res.text(), 'error: route failed');
  });

  test('an async route can block before its first await', async () => {
    assert.equal(await (await fetch(`${app.base}/async`)).text(), 'async ok');
  });
});

test('a request listener that throws is an uncaught exception, as in plain Node', async () => {
  const r = await runToEnd(startBalrog(['uncaught-handler.cjs']));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /caught: handler threw/);

  const crash = await runToEnd(startBalrog(['uncaught-handler.cjs', 'crash']));
  assert.equal(crash.code, 1);
  assert.match(crash.stderr, /Error: handler threw\n\s+at Server\.<anonymous> \(.*uncaught-handler\.cjs:11/);
});

describe('Koa 3 under balrog run', () => {
  const app = serveUnderBalrog('koa-app.mjs');

  test('a handler after an awaited middleware runs in a fiber, and the upstream finishes after it', async () => {
    const res = await fetch(`${app.base}/x?ms=5`);
    assert.deepEqual(await res.json(), { path: '/x', inFiber: true });
    assert.equal(res.headers.get('x-after'), 'yes');
  });

  test('slow and fast requests interleave', async () => {
    const { finished } = await slowThenFast(app.base);
    assert.deepEqual(finished, ['/fast', '/slow?ms=600']);
  });

  test("an error thrown after a wait becomes Koa's error response", async () => {
    const res = await fetch(`${app.base}/throws`);
    assert.equal(res.status, 418);
    assert.equal(await res.text(), 'teapot after a wait');
  });
});

describe('Fastify 5 under balrog run', () => {
  const app = serveUnderBalrog('fastify-app.cjs');

  test('a handler after the asynchronous body parser runs in a fiber', async () => {
    const res = await fetch(`${app.base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 1 }),
    });
    assert.deepEqual(await res.json(), { got: { a: 1 }, inFiber: true });
  });

  test('handlers that return values interleave', async () => {
    const finished: string[] = [];
    const slow = timedText(app.base, '/slow?ms=600', finished);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(await timedText(app.base, '/fast', finished), { status: 200, text: '{"path":"/fast"}' });
    assert.deepEqual(await slow, { status: 200, text: '{"path":"/slow"}' });
    assert.deepEqual(finished, ['/fast', '/slow?ms=600']);
  });
});
