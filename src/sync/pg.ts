/**
 * A small PostgreSQL helper on `pg` for fibers: queries return rows, and
 * `transaction(fn)` runs `fn` between BEGIN and COMMIT (ROLLBACK if it throws)
 * on one pooled connection.
 */
import { createRequire } from 'node:module';
import type { Pool, PoolClient, PoolConfig, QueryResult, QueryResultRow } from 'pg';
import { assertInFiber } from './in-fiber.js';
import { wait } from '../core/index.js';

// Loaded on first use: importing balrog/sync for fetch() should not load pg.
let pgModule: typeof import('pg') | undefined;
function pg(): typeof import('pg') {
  pgModule ??= createRequire(import.meta.url)('pg') as typeof import('pg');
  return pgModule;
}

/** Something that runs queries: the pool, or a transaction's connection. */
export interface SyncQueryable {
  /** Runs `sql` with `$1`-style `params`; returns pg's result (`rows`, `rowCount`, ...). */
  query<Row extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): QueryResult<Row>;
}

class SyncConnection implements SyncQueryable {
  readonly #client: PoolClient;

  constructor(client: PoolClient) {
    this.#client = client;
  }

  query<Row extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): QueryResult<Row> {
    assertInFiber('query()');
    return wait(this.#client.query<Row>(sql, params));
  }
}

/** A `pg.Pool` whose calls block the fiber. */
export class SyncPool implements SyncQueryable {
  /** The underlying pg pool. */
  readonly pool: Pool;

  /** `config` is pg's PoolConfig, or a connection string. */
  constructor(config: PoolConfig | string = {}) {
    const Pool = pg().Pool;
    this.pool = new Pool(typeof config === 'string' ? { connectionString: config } : config);
  }

  query<Row extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): QueryResult<Row> {
    assertInFiber('query()');
    return wait(this.pool.query<Row>(sql, params));
  }

  /**
   * Runs `fn` in a transaction on one connection and returns its result.
   * Commits when `fn` returns, rolls back and rethrows when it throws.
   */
  transaction<T>(fn: (tx: SyncQueryable) => T): T {
    assertInFiber('transaction()');
    const client = wait(this.pool.connect());
    const tx = new SyncConnection(client);
    let failed = false;
    try {
      tx.query('BEGIN');
      const result = fn(tx);
      tx.query('COMMIT');
      return result;
    } catch (error) {
      failed = true;
      try {
        tx.query('ROLLBACK');
      } catch {
        // the connection is broken: release(true) below discards it; report the original error
      }
      throw error;
    } finally {
      client.release(failed ? true : undefined);
    }
  }

  /** Closes every connection. */
  end(): void {
    assertInFiber('end()');
    wait(this.pool.end());
  }
}
