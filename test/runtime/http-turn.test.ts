// Requests start in the turn's run queue under `balrog run` (src/runtime/http-fibers.ts):
// a client that pipelines, half-closes or sends garbage must get the same bytes,
// and the handler see the same events in the same order, as under plain node; and
// responses written by the turn's fibers, held until its drain ends, arrive as they would.
// Each case runs against both, and plain node's output is the reference.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startBalrog, startNode, type Started, stop } from './helpers/processes.js';

/** Writes `chunks` to a new connection (each in its own write, with a pause between), optionally half-closes; resolves with all bytes read until the server closes or `idleMs` passes. */
function exchange(port: number, chunks: string[], halfClose: boolean, idleMs = 400): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let idle: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearTimeout(idle);
      socket.destroy();
      resolve(received);
    };
    const rearm = (): void => {
      clearTimeout(idle);
      idle = setTimeout(finish, idleMs);
    };
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      received += data;
      rearm();
    });
    socket.on('close', finish);
    socket.on('error', reject);
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        socket.write(chunk);
        await new Promise((r) => setTimeout(r, 20));
      }
      if (halfClose) socket.end();
      rearm();
    });
  });
}

/** Resolves once the server's output has not grown for 100 ms. */
async function settled(server: Started): Promise<void> {
  for (let length = -1; length !== server.stdout().length; ) {
    length = server.stdout().length;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const get = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

const cases: Array<{ name: string; chunks: string[]; halfClose: boolean }> = [
  { name: 'a request, then the client half-closes at once', chunks: [get('/a')], halfClose: true },
  { name: 'two requests pipelined in one write, then half-close', chunks: [get('/a') + get('/b')], halfClose: true },
  {
    name: 'a request and a malformed one pipelined in one write (the 400 comes after the first answer)',
    chunks: [`${get('/a')}NOT HTTP AT ALL\r\n\r\n`],
    halfClose: false,
  },
  {
    name: 'three requests pipelined on a kept-alive connection, then garbage in a later write',
    chunks: [get('/a') + get('/b') + get('/c'), 'GARBAGE\r\n\r\n'],
    halfClose: false,
  },
  {
    name: 'a handler that ends its response and destroys the socket at once (the response arrives first)',
    chunks: [get('/destroy')],
    halfClose: false,
  },
  // No half-close: the client's end would race the second part (Node's server ends the socket at the client's end).
  { name: 'a response written in two parts, 20 ms apart', chunks: [get('/stream')], halfClose: false },
  {
    name: 'a response with connection: close, with a request pipelined behind it (not answered)',
    chunks: [get('/close') + get('/b')],
    halfClose: false,
  },
  {
    name: 'a POST with its body in the same write',
    chunks: [`POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello`],
    halfClose: true,
  },
];

describe('raw HTTP clients get what plain node gives them', () => {
  const servers: Record<'node' | 'balrog', { started?: Started; port: number }> = {
    node: { port: 0 },
    balrog: { port: 0 },
  };
  before(async () => {
    servers.node.started = startNode(['raw-http.cjs']);
    servers.balrog.started = startBalrog(['raw-http.cjs']);
    for (const server of Object.values(servers)) server.port = Number((await server.started!.waitFor(/listening (\d+)/))[1]);
  });
  after(async () => {
    await stop(servers.node.started);
    await stop(servers.balrog.started);
  });

  for (const { name, chunks, halfClose } of cases) {
    test(name, async () => {
      const logLength = (server: { started?: Started }): number => server.started!.stdout().length;
      const from = { node: logLength(servers.node), balrog: logLength(servers.balrog) };
      const reference = await exchange(servers.node.port, chunks, halfClose);
      const got = await exchange(servers.balrog.port, chunks, halfClose);
      assert.ok(reference.length > 0, 'plain node answered');
      assert.equal(got, reference);
      // The log reaches this process through a pipe (two, under balrog run), maybe after the client saw the socket close.
      await Promise.all([settled(servers.node.started!), settled(servers.balrog.started!)]);
      const log = (server: 'node' | 'balrog'): string => servers[server].started!.stdout().slice(from[server]);
      assert.equal(log('balrog'), log('node'));
    });
  }
});

test('a handler that answers and calls process.exit() at once: the answer arrives, as under plain node', async () => {
  const answers: string[] = [];
  for (const started of [startNode(['exit-after-response.cjs']), startBalrog(['exit-after-response.cjs'])]) {
    try {
      const port = Number((await started.waitFor(/listening (\d+)/))[1]);
      answers.push(await exchange(port, [get('/shutdown')], false));
    } finally {
      await stop(started);
    }
  }
  assert.match(answers[0]!, /bye \/shutdown$/);
  assert.equal(answers[1], answers[0]);
});
