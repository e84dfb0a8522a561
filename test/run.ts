/**
 * `npm test`: runs every compiled `*.test.js` under dist/test with Node's test
 * runner, one file at a time, each in a process of its own (runner/run-files.ts):
 * the runner lists the files itself because `node --test <dir>` works only on
 * Node 20 and glob arguments only on Node >= 21, and runs them itself so that it
 * can end every process a file leaves behind.
 *
 * `npm test -- core repl` runs only the folders named.
 * BALROG_TEST_TIMEOUT (ms, default 120000) is the limit per file;
 * BALROG_TEST_ROOT runs the files under another folder (the runner's own test).
 */
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFiles } from './runner/run-files.js';

const root = process.env.BALROG_TEST_ROOT ? resolve(process.env.BALROG_TEST_ROOT) : fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);

function collect(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : collect(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

const files = collect(root)
  .filter((file) => only.length === 0 || only.some((name) => relative(root, file).startsWith(name)))
  .sort();
if (files.length === 0) {
  console.error(`no test files found for ${only.join(' ') || 'dist/test'}: run \`npm run build\` first`);
  process.exit(1);
}
// A test that waits for an event that never comes fails after two minutes instead of hanging CI.
const timeoutMs = Number(process.env.BALROG_TEST_TIMEOUT) || 120_000;
process.exitCode = await runFiles(files, { timeoutMs, graceMs: 2000 });
