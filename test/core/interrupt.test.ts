import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFixture } from './helpers/run-fixture.js';

function interruptWhenReady(mode: string) {
  let sent = false;
  return runFixture('interrupt.mjs', [mode], {
    onStdout: (text, child) => {
      if (!sent && text.includes('READY')) {
        sent = true;
        setTimeout(() => child.kill('SIGINT'), 50);
      }
    },
  });
}

for (const mode of ['busy', 'busy-after-wait']) {
  test(`Ctrl+C stops a fiber in a busy loop (${mode}) with InterruptedError, and the process goes on`, async () => {
    const result = await interruptWhenReady(mode);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /READY\nInterruptedError: Interrupted: the fiber was stopped by Ctrl\+C\nstate kept\n/);
    assert.doesNotMatch(result.stdout, /listener called/);
  });
}

test('Ctrl+C stops a busy fiber that got the isolate from another fiber of its batch, and the rest of the batch runs', async () => {
  const result = await interruptWhenReady('busy-in-batch');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /READY\nfirst: done\nsecond: InterruptedError\nthird: done\n/);
});

test('Ctrl+C while no fiber runs reaches process.on("SIGINT") listeners', async () => {
  const result = await interruptWhenReady('idle-listener');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /listener called/);
});

test('Ctrl+C while no fiber runs and nobody listens ends the process as Node would', async () => {
  const result = await interruptWhenReady('idle-no-listener');
  assert.equal(result.signal, 'SIGINT');
});
