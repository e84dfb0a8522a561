// The PostgreSQL helper against a real server (test/runtime/helpers/postgres.sh).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawn } from '../../src/core/index.js';
import { SyncPool } from '../../src/sync/index.js';

const script = fileURLToPath(new URL('../../../test/runtime/helpers/postgres.sh', import.meta.url));
let db: SyncPool;
const table = `sync_test_${process.pid}`;

before(() => {
  const url = execFileSync('sh', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  db = new SyncPool({ connectionString: url, max: 4 });
});
after(async () => {
  await spawn(() => {
    db.query(`drop table if exists ${table}`);
    db.end();
  });
});

test('query returns rows, with parameters', async () => {
  const rows = await spawn(() => {
    db.query(`create table ${table} (id serial primary key, name text not null)`);
    db.query(`insert into ${table} (name) values ($1), ($2)`, ['ada', 'grace']);
    return db.query<{ name: string }>(`select name from ${table} order by id`).rows;
  });
  assert.deepEqual(rows, [{ name: 'ada' }, { name: 'grace' }]);
});

test('transaction commits on return and rolls back on throw', async () => {
  const result = await spawn(() => {
    const id = db.transaction((tx) => {
      return tx.query<{ id: number }>(`insert into ${table} (name) values ('kept') returning id`).rows[0]!.id;
    });
    let message = '';
    try {
      db.transaction((tx) => {
        tx.query(`insert into ${table} (name) values ('dropped')`);
        throw new Error('changed my mind');
      });
    } catch (error) {
      message = (error as Error).message;
    }
    const names = db.query<{ name: string }>(`select name from ${table} where name in ('kept', 'dropped')`).rows;
    return { id: typeof id, message, names };
  });
  assert.deepEqual(result, { id: 'number', message: 'changed my mind', names: [{ name: 'kept' }] });
});

test("a SQL error throws pg's error", async () => {
  await assert.rejects(
    spawn(() => db.query('select * from no_such_table_here')),
    (error: { code?: string }) => error.code === '42P01',
  );
});

test('queries in different fibers run concurrently', async () => {
  const order: string[] = [];
  await Promise.all([
    spawn(() => {
      db.query('select pg_sleep(0.3)');
      order.push('slow');
    }),
    spawn(() => {
      db.query('select 1');
      order.push('fast');
    }),
  ]);
  assert.deepEqual(order, ['fast', 'slow']);
});
