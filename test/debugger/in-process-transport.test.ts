/**
 * The in-process CDP transport (src/debugger/cdp/in-process-transport.ts):
 * a CdpClient in a worker thread on this process's main-thread inspector.
 * Replies, protocol errors (as CdpError with the protocol's code), events,
 * and the refusal on the main thread itself.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { BalrogError } from '../../src/core/errors.js';
import { InProcessSocket } from '../../src/debugger/cdp/in-process-transport.js';

const transport = new URL('../../src/debugger/cdp/in-process-transport.js', import.meta.url).href;
const client = new URL('../../src/debugger/cdp/client.js', import.meta.url).href;

/** Runs `body` (the text of an async function of `connect` and `CdpError`) in a worker; resolves with what it returns. */
function inWorker(body: string): Promise<unknown> {
  const source = `
    import { parentPort } from 'node:worker_threads';
    import { connectToMainThread } from ${JSON.stringify(transport)};
    import { CdpError } from ${JSON.stringify(client)};
    parentPort.on('message', () => {});
    const run = async (connect, CdpError) => { ${body} };
    run(connectToMainThread, CdpError).then(
      (value) => parentPort.postMessage({ value }),
      (error) => parentPort.postMessage({ error: String(error && error.stack || error) }),
    );`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`));
    worker.once('message', (message: { value?: unknown; error?: string }) => {
      void worker.terminate();
      if (message.error) reject(new Error(message.error));
      else resolve(message.value);
    });
    worker.once('error', reject);
  });
}

test('a client in a worker evaluates in the main thread, gets protocol errors with their code, and events', async () => {
  (globalThis as Record<string, unknown>).markOfMainThread = 'main';
  try {
    const result = await inWorker(`
      const client = connect();
      const { result } = await client.send('Runtime.evaluate', { expression: 'globalThis.markOfMainThread + 1', returnByValue: true });
      let failure;
      try {
        await client.send('Debugger.getScriptSource', { scriptId: 'no-such-script' });
      } catch (error) {
        failure = error instanceof CdpError ? { code: error.cdpCode, method: error.method } : String(error);
      }
      let unknown;
      try {
        await client.send('Runtime.noSuchMethod', {});
      } catch (error) {
        unknown = { code: error.cdpCode, message: error.cdpMessage };
      }
      const parsed = new Promise((resolve) => client.onEvent('Debugger.scriptParsed', resolve));
      await client.send('Debugger.enable', {});
      const first = await parsed;
      await client.close();
      return { value: result.value, failure, unknown, sawScript: typeof first.scriptId === 'string', closed: client.closed };
    `);
    assert.deepEqual(result, {
      value: 'main1',
      failure: { code: -32000, method: 'Debugger.getScriptSource' },
      // The protocol's own code and message, taken back apart from Node's `Inspector error <code>: <message>`.
      unknown: { code: -32601, message: "'Runtime.noSuchMethod' wasn't found" },
      sawScript: true,
      closed: true,
    });
  } finally {
    delete (globalThis as Record<string, unknown>).markOfMainThread;
  }
});

test('the main thread cannot debug itself this way: a clear error', () => {
  assert.throws(
    () => new InProcessSocket(),
    (error: unknown) =>
      error instanceof BalrogError && /runs in a worker thread/.test(error.message) && error.code === 'ERR_BALROG_DEBUG_TARGET',
  );
});
