/**
 * `npm test`: runs every compiled `*.test.js` under dist/test with Node's test
 * runner. It lists the files itself because `node --test <dir>` works only on
 * Node 20 and glob arguments only on Node >= 21.
 *
 * `npm test -- core repl` runs only the folders named.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
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
const args = ['--test', '--test-concurrency=1', '--test-timeout=120000', ...files];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
