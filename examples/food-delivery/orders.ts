/**
 * POST /orders, the RFC's `food_delivery` view, as plain sequential code: save
 * the order, ask the kitchen, tell the customer, answer. No async/await; each
 * I/O call blocks only this request's fiber.
 */
import type { Request, Response } from 'express';
import { fetch, type SyncPool, type SyncResponse } from '../../src/sync/index.js';
import { customerSocket, sendText } from './customers.js';
import { markOrder, saveOrder, type Order } from './db.js';

/** What a client posts. */
interface OrderRequest {
  customer: string;
  items: string[];
}

class BadOrder extends Error {}

function prepareOrder(req: Request): OrderRequest {
  const body = req.body as Partial<OrderRequest> | undefined;
  if (typeof body?.customer !== 'string' || body.customer === '') {
    throw new BadOrder('"customer" must be a non-empty string');
  }
  if (!Array.isArray(body.items) || body.items.length === 0 || !body.items.every((i) => typeof i === 'string')) {
    throw new BadOrder('"items" must be a non-empty array of strings');
  }
  return { customer: body.customer, items: body.items };
}

function readJson(resp: SyncResponse): unknown {
  const text = resp.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function kitchenError(res: Response, db: SyncPool, order: Order, detail: unknown): void {
  markOrder(db, order.id, 'rejected', null);
  res.status(502).json({ error: `the kitchen could not take order #${order.id}`, kitchen: detail });
}

/** Builds the POST /orders handler for a database and a kitchen service. */
export function foodDelivery(db: SyncPool, kitchenUrl: string) {
  return (req: Request, res: Response): void => {
    let wanted: OrderRequest;
    try {
      wanted = prepareOrder(req);
    } catch (error) {
      if (!(error instanceof BadOrder)) throw error;
      res.status(400).json({ error: error.message });
      return;
    }
    const order = saveOrder(db, wanted.customer, wanted.items);
    let resp: SyncResponse;
    try {
      resp = fetch(`${kitchenUrl}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(order),
      });
    } catch (error) {
      kitchenError(res, db, order, `unreachable: ${(error as Error).message}`);
      return;
    }
    const when = readJson(resp) as { mins?: unknown };
    if (resp.status === 201 && typeof when?.mins === 'number') {
      markOrder(db, order.id, 'accepted', when.mins);
      const ws = customerSocket(order.customer);
      if (ws) sendText(ws, `Order #${order.id} will be delivered in ${when.mins} minutes.`);
      res.status(201).json(when);
      return;
    }
    kitchenError(res, db, order, { status: resp.status, body: when });
  };
}
