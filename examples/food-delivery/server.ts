/**
 * The food-delivery service: `balrog run dist/examples/food-delivery/server.js`.
 *   DATABASE_URL  PostgreSQL URL (required; see docs/runtime.md)
 *   KITCHEN_URL   the kitchen service (default http://127.0.0.1:3001)
 *   PORT          HTTP and WebSocket port on 127.0.0.1 (default 3000; 0 picks one)
 * The top-level code runs in a fiber, so it connects to the database in order.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { acceptCustomers } from './customers.js';
import { openDatabase } from './db.js';
import { answerErrorsInJson } from './errors.js';
import { foodDelivery } from './orders.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('food-delivery: set DATABASE_URL (examples/food-delivery/start.sh does it all; see its README)');
  process.exit(2);
}
const kitchenUrl = process.env.KITCHEN_URL ?? 'http://127.0.0.1:3001';

const db = openDatabase(databaseUrl);
const app = express();
app.use(express.json());
app.post('/orders', foodDelivery(db, kitchenUrl));
app.use(answerErrorsInJson);

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`food-delivery listening on http://127.0.0.1:${port}`);
});
acceptCustomers(server, db);
