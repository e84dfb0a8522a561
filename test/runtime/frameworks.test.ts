// Express 5, Koa 3 and Fastify 5 behave under balrog exactly as under plain
// node: each fixture prints what its requests got (bodies, statuses, Fastify's
// logs, what onRoute hooks saw) and ends with where each handler ran. The
// answers must be the same line for line; under balrog every handler must
// also have run in a fiber, including the ones a framework calls after an
// asynchronous step (body parsers, awaited middleware, fastify.inject()).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerPath, runToEnd, startBalrog, startNode } from './helpers/processes.js';

type Fibers = Array<[string, boolean | null]>;

/** The fixture's answer lines, and the handlers' [where, inFiber] list from its last line. */
function transcript(stdout: string): { answers: string[]; fibers: Fibers } {
  const lines = stdout.trim().split('\n');
  const last = JSON.parse(lines.pop()!) as { fibers: Fibers };
  return { answers: lines, fibers: last.fibers };
}

async function plainAndBalrog(fixture: string) {
  const plainRun = await runToEnd(startNode([fixture]));
  assert.equal(plainRun.code, 0, plainRun.stderr);
  const registerRun = await runToEnd(startNode(['--require', registerPath, fixture]));
  assert.equal(registerRun.code, 0, registerRun.stderr);
  const plain = transcript(plainRun.stdout);
  const underBalrog = transcript(registerRun.stdout);
  assert.deepEqual(underBalrog.answers, plain.answers);
  assert.deepEqual(
    underBalrog.fibers,
    plain.fibers.map(([where]) => [where, true]),
    'every handler runs in a fiber under balrog',
  );
  return plain.answers.map((line) => JSON.parse(line) as Record<string, unknown>);
}

test("Fastify: handlers keep their shape through inject() and HTTP; onRoute sees the user's handler", async () => {
  const answers = await plainAndBalrog('fastify-shapes.cjs');
  const body = (via: string, url: string) => answers.find((a) => a.via === via && a.url === url)?.body;
  for (const via of ['inject', 'http']) {
    // A sync handler that answers from a callback is not cut short by an empty reply.
    assert.equal(body(via, '/later'), '{"later":{"a":1}}');
    assert.equal(body(via, '/waits'), '{"waited":{"b":2}}');
    assert.equal(body(via, '/on-send'), 'seen by onSend 4');
    assert.equal(body(via, '/shared-2'), '{"url":"/shared-2"}');
    assert.equal(body(via, '/parsed'), '{"body":"custom body","asyncIdIsParsers":true}');
  }
  const onRoute = answers.find((a) => 'onRoute' in a)?.onRoute;
  assert.deepEqual(onRoute, [
    ['/shared-1', true, 2],
    ['/shared-1', true, 2],
    ['/shared-2', true, 2],
    ['/shared-2', true, 2],
  ]);
  const logs = answers.find((a) => 'logs' in a)?.logs as Array<[number, string]>;
  assert.ok(!logs.some(([, msg]) => /already sent/.test(msg) && !/hijack/.test(msg)), JSON.stringify(logs));
});

test('Express: param callbacks after express.json() run in fibers; a handler on two routes, a frozen one', async () => {
  const answers = await plainAndBalrog('express-shapes.cjs');
  assert.deepEqual(
    answers.map((a) => a.status),
    [200, 200, 500, 200, 200, 200],
  );
});

test('Koa: the same middleware in two apps, a frozen middleware', async () => {
  const answers = await plainAndBalrog('koa-shapes.mjs');
  assert.deepEqual(
    answers.map((a) => [a.app, a.status, a.header]),
    [
      ['first', 200, 'first'],
      ['first', 418, null],
      ['second', 200, 'second'],
      ['second', 418, null],
    ],
  );
});

test('balrog run gives the same Fastify answers as node -r balrog/register', async () => {
  const viaRegister = await runToEnd(startNode(['--require', registerPath, 'fastify-shapes.cjs']));
  const viaRun = await runToEnd(startBalrog(['fastify-shapes.cjs']));
  assert.equal(viaRun.code, 0, viaRun.stderr);
  assert.deepEqual(transcript(viaRun.stdout), transcript(viaRegister.stdout));
});
