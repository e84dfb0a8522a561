/**
 * A kernel whose stderr reader is gone must not loop reporting the failed
 * write of its own error report (seen: an orphaned kernel spinning for an hour).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('../../../test/kernel/fixtures/broken-pipe.mjs', import.meta.url));

/** Runs the fixture, closes its stderr's read end, and returns how many errors it reported. */
function reportsWithClosedStderr(mode: 'ignore' | 'plain'): Promise<number> {
  const child = spawn(process.execPath, [fixture, mode], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.destroy();
  child.stdin.write('go\n');
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve(Number(out.trim())));
  });
}

test('with broken pipes ignored, a report to a closed stderr is made once, not in a loop', async () => {
  assert.equal(await reportsWithClosedStderr('ignore'), 1);
});

test('without it, the same process reports its own failed report again and again (the bug)', async () => {
  assert.ok((await reportsWithClosedStderr('plain')) > 10);
});
