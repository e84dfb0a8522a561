/**
 * The orders table. Plain sync-looking queries: under `balrog run` each call
 * blocks only the request's fiber while pg talks to PostgreSQL.
 */
import { SyncPool } from '../../src/sync/index.js';

export interface Order {
  id: number;
  customer: string;
  items: string[];
  status: 'new' | 'accepted' | 'rejected';
  mins: number | null;
}

/** Connects and makes sure the table exists (safe to run every start). */
export function openDatabase(url: string): SyncPool {
  const db = new SyncPool({ connectionString: url, max: 10 });
  db.query(`create table if not exists orders (
    id serial primary key,
    customer text not null,
    items jsonb not null,
    status text not null default 'new',
    mins integer,
    created_at timestamptz not null default now()
  )`);
  return db;
}

/** Inserts a new order and returns it with its id. */
export function saveOrder(db: SyncPool, customer: string, items: string[]): Order {
  return db.query<Order>('insert into orders (customer, items) values ($1, $2) returning id, customer, items, status, mins', [
    customer,
    JSON.stringify(items),
  ]).rows[0]!;
}

/** Records the kitchen's answer. */
export function markOrder(db: SyncPool, id: number, status: Order['status'], mins: number | null): void {
  db.query('update orders set status = $2, mins = $3 where id = $1', [id, status, mins]);
}

/** One order, or undefined. */
export function findOrder(db: SyncPool, id: number): Order | undefined {
  return db.query<Order>('select id, customer, items, status, mins from orders where id = $1', [id]).rows[0];
}
