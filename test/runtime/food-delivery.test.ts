// The example app end to end: `balrog run` of the food-delivery service and of
// its kitchen, real PostgreSQL, a real WebSocket client; and start.sh as its
// README tells a newcomer to run it (from the example's folder, stopped with
// Ctrl+C, a fresh database each run).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { WebSocket } from 'ws';
import { repoRoot, runToEnd, startBalrog, startCommand, type Started, stop } from './helpers/processes.js';

const example = join(repoRoot, 'dist/examples/food-delivery');

/** A WebSocket client that queues what it receives. */
class Customer {
  readonly socket: WebSocket;
  private readonly inbox: string[] = [];
  private waiting: ((text: string) => void) | undefined;
  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (data) => {
      const text = String(data);
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(text);
      } else this.inbox.push(text);
    });
  }
  next(): Promise<string> {
    const queued = this.inbox.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no WebSocket message within 10 s')), 10_000);
      this.waiting = (text) => {
        clearTimeout(timer);
        resolve(text);
      };
    });
  }
}

describe('examples/food-delivery', () => {
  let databaseUrl: string;
  let kitchen: Started;
  let service: Started;
  let base: string;
  let customer: Customer;
  let client: pg.Client;

  before(async () => {
    const script = join(repoRoot, 'test/runtime/helpers/postgres.sh');
    const serverUrl = execFileSync('sh', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    // An empty database of its own (start.sh uses food_delivery): the first order is #1.
    const fresh = await runToEnd(startBalrog([join(example, 'fresh-database.js'), serverUrl, 'food_delivery_test']));
    assert.equal(fresh.code, 0, fresh.stderr);
    databaseUrl = fresh.stdout.trim();
    assert.match(databaseUrl, /\/food_delivery_test$/);
    kitchen = startBalrog([join(example, 'kitchen.js')], { PORT: '0' });
    const kitchenUrl = (await kitchen.waitFor(/kitchen listening on (\S+)\n/))[1]!;
    service = startBalrog([join(example, 'server.js')], {
      PORT: '0',
      DATABASE_URL: databaseUrl,
      KITCHEN_URL: kitchenUrl,
    });
    base = (await service.waitFor(/food-delivery listening on (\S+)\n/))[1]!;
    customer = new Customer(`${base.replace('http', 'ws')}/ws?customer=alice`);
    assert.equal(await customer.next(), 'Hello alice');
    client = new pg.Client(databaseUrl);
    await client.connect();
  });
  after(async () => {
    customer?.socket.close();
    await client?.end();
    await stop(service);
    await stop(kitchen);
  });

  const order = (body: unknown) =>
    fetch(`${base}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const row = async (id: number) => (await client.query('select customer, items, status, mins from orders where id = $1', [id])).rows[0];

  test('an order is saved, sent to the kitchen, pushed to the customer, and answered', async () => {
    const res = await order({ customer: 'alice', items: ['pizza', 'salad'] });
    assert.equal(res.status, 201);
    const when = (await res.json()) as { mins: number; order: number };
    assert.deepEqual(when, { mins: 25, order: 1 });
    assert.equal(await customer.next(), `Order #${when.order} will be delivered in 25 minutes.`);
    assert.deepEqual(await row(when.order), { customer: 'alice', items: ['pizza', 'salad'], status: 'accepted', mins: 25 });
  });

  test('a WebSocket message is handled in a fiber that queries the database', async () => {
    const res = await order({ customer: 'alice', items: ['soup'] });
    const { order: id } = (await res.json()) as { order: number };
    await customer.next(); // the delivery message
    customer.socket.send(`status ${id}`);
    assert.deepEqual(JSON.parse(await customer.next()), {
      id,
      customer: 'alice',
      items: ['soup'],
      status: 'accepted',
      mins: 20,
    });
  });

  test('a kitchen refusal is a 502 that says so, and the order is marked rejected', async () => {
    const res = await order({ customer: 'bob', items: ['unavailable'] });
    assert.equal(res.status, 502);
    const body = (await res.json()) as { error: string; kitchen: { status: number } };
    assert.match(body.error, /^the kitchen could not take order #(\d+)$/);
    assert.equal(body.kitchen.status, 409);
    const id = Number(/#(\d+)/.exec(body.error)![1]);
    assert.equal((await row(id)).status, 'rejected');
  });

  test('a bad order is a 400 with the fix', async () => {
    const res = await order({ customer: 'carol', items: [] });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { error: '"items" must be a non-empty array of strings' });
  });

  test('malformed JSON is a JSON 400 that says so, not an HTML page', async () => {
    const res = await fetch(`${base}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"customer": "erin", ',
    });
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.match(((await res.json()) as { error: string }).error, /^the body is not valid JSON \(.+\)$/);
  });

  test('concurrent orders are all served', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => order({ customer: `c${i}`, items: ['x'] }).then((r) => r.status)),
    );
    assert.deepEqual(answers, Array(20).fill(201));
  });

  test('an unreachable kitchen is a 502', async () => {
    await stop(kitchen);
    const res = await order({ customer: 'dave', items: ['pizza'] });
    assert.equal(res.status, 502);
    assert.match(((await res.json()) as { kitchen: string }).kitchen, /^unreachable: fetch failed/);
  });
});

/** A TCP port that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

describe('examples/food-delivery/start.sh, as its README says', () => {
  const folder = join(repoRoot, 'examples/food-delivery');

  /** `sh start.sh` in the example's folder; resolves once the service listens. */
  async function start(port: number, kitchenPort: number): Promise<Started> {
    const run = startCommand('sh', ['start.sh'], { PORT: String(port), KITCHEN_PORT: String(kitchenPort) }, folder);
    await run.waitFor(/food-delivery listening on http:\/\/127\.0\.0\.1:\d+\n/, 'stdout', 60_000);
    return run;
  }
  const order = (port: number, customer: string) =>
    fetch(`http://127.0.0.1:${port}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer, items: ['pizza'] }),
    }).then((r) => r.json());

  test('runs from its folder, starts at order #1 each run, and Ctrl+C stops both services', async () => {
    const [port, kitchenPort] = [await freePort(), await freePort()];
    for (const run of [1, 2]) {
      const started = await start(port, kitchenPort);
      try {
        assert.deepEqual(await order(port, 'alice'), { mins: 20, order: 1 }, `run ${run}`);
        assert.deepEqual(await order(port, 'bob'), { mins: 20, order: 2 }, `run ${run}`);
        process.kill(started.child.pid!, 'SIGINT'); // what Ctrl+C sends it
        const ended = await runToEnd(started);
        assert.equal(ended.code, 130, ended.stderr);
        assert.match(ended.stderr, /press Ctrl\+C to stop both/);
        assert.match(ended.stderr, /stopping the kitchen and the service/);
        for (const p of [port, kitchenPort]) {
          await assert.rejects(fetch(`http://127.0.0.1:${p}/`), `port ${p} is closed after Ctrl+C`);
        }
      } finally {
        await stop(started);
      }
    }
  });
});
