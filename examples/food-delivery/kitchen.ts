/**
 * A stand-in kitchen service: POST /orders answers 201 {"mins": N}, or 409
 * when an item is "unavailable". `balrog run dist/examples/food-delivery/kitchen.js`;
 * PORT (default 3001; 0 picks one) on 127.0.0.1.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { sync } from '../../src/core/index.js';

// Any promise-returning function becomes a blocking-looking one with sync().
const readBody = sync(text);

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/orders') {
    res.writeHead(404).end();
    return;
  }
  const order = JSON.parse(readBody(req)) as { id: number; items: string[] };
  res.setHeader('content-type', 'application/json');
  if (order.items.includes('unavailable')) {
    res.writeHead(409).end(JSON.stringify({ error: 'we are out of unavailable' }));
    return;
  }
  res.writeHead(201).end(JSON.stringify({ mins: 15 + 5 * order.items.length, order: order.id }));
});

server.listen(Number(process.env.PORT ?? 3001), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`kitchen listening on http://127.0.0.1:${port}`);
});
