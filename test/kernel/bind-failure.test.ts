/**
 * A port of the connection file already in use: the kernel says which
 * channel and address, and exits with 1 (before, it stayed alive serving
 * nothing, and Jupyter waited for its kernel_info_reply until it gave up).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../bin/balrog.js', import.meta.url));

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function portOf(server: Server): number {
  return (server.address() as { port: number }).port;
}

async function freePort(): Promise<number> {
  const server = await listen();
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function runKernel(connectionFile: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'kernel', '--connection-file', connectionFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

for (const channel of ['shell', 'iopub', 'stdin'] as const) {
  test(`the ${channel} port in use: a clear error naming it, and exit 1`, async () => {
    const busy = await listen();
    try {
      const ports: Record<string, number> = {};
      for (const name of ['shell', 'iopub', 'stdin', 'control', 'hb']) {
        ports[`${name}_port`] = name === channel ? portOf(busy) : await freePort();
      }
      const file = join(mkdtempSync(join(tmpdir(), 'balrog-bind-')), 'kernel.json');
      writeFileSync(file, JSON.stringify({ transport: 'tcp', ip: '127.0.0.1', key: 'k', signature_scheme: 'hmac-sha256', ...ports }));
      const { code, stderr } = await runKernel(file);
      assert.equal(code, 1, stderr);
      assert.match(
        stderr,
        new RegExp(`cannot listen on tcp://127\\.0\\.0\\.1:${portOf(busy)} for the ${channel} channel: Address already in use`),
      );
    } finally {
      busy.close();
    }
  });
}
