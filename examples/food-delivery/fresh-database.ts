/**
 * Makes an empty database for the example, so that every run starts from
 * order #1: `balrog run dist/examples/food-delivery/fresh-database.js <server-url> [name]`
 * drops the database `name` (default food_delivery) if it exists, creates it,
 * and prints its URL. <server-url> is any database on the server, e.g. what
 * test/runtime/helpers/postgres.sh prints. Top-level code in a fiber: plain
 * sequential calls.
 */
import { SyncPool } from '../../src/sync/index.js';

const [serverUrl, name = 'food_delivery'] = process.argv.slice(2);
if (!serverUrl || !/^[a-z_][a-z0-9_]*$/.test(name)) {
  console.error('usage: balrog run fresh-database.js <postgres-url> [name: lowercase letters, digits, _]');
  process.exit(2);
}

const admin = new SyncPool({ connectionString: serverUrl, max: 1 });
try {
  // FORCE: a service still connected from an earlier run must not block the reset.
  admin.query(`drop database if exists ${name} with (force)`);
  admin.query(`create database ${name}`);
} finally {
  admin.end();
}
const url = new URL(serverUrl);
url.pathname = `/${name}`;
console.log(url.href);
