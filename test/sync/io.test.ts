// balrog/sync against real I/O, in fibers: a local HTTP server, the file
// system, child processes and timers. The event loop keeps running while a
// fiber waits, which is what the concurrent cases check.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawn } from '../../src/core/index.js';
import { exec, execFile, fetch, fs, sleep } from '../../src/sync/index.js';

let server: http.Server;
let base: string;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'balrog-sync-'));
  server = http.createServer((req, res) => {
    if (req.url === '/json') {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-probe', 'yes');
      res.end(JSON.stringify({ hello: 'world' }));
    } else if (req.url === '/echo') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => res.end(`${req.method} ${body}`));
    } else {
      res.statusCode = 404;
      res.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('fetch returns a response whose body readers return values', async () => {
  const result = await spawn(() => {
    const res = fetch(`${base}/json`);
    const again = res.clone();
    const post = fetch(`${base}/echo`, { method: 'POST', body: 'payload' });
    const missing = fetch(`${base}/nope`);
    return {
      status: res.status,
      ok: res.ok,
      probe: res.headers.get('x-probe'),
      json: res.json(),
      text: again.text(),
      echo: post.text(),
      missing: [missing.status, missing.ok, missing.text()],
    };
  });
  assert.deepEqual(result, {
    status: 200,
    ok: true,
    probe: 'yes',
    json: { hello: 'world' },
    text: '{"hello":"world"}',
    echo: 'POST payload',
    missing: [404, false, 'not here'],
  });
});

test('a failed fetch throws the original error', async () => {
  await assert.rejects(
    spawn(() => fetch('http://127.0.0.1:9/')),
    (error: Error) => error instanceof TypeError && /fetch failed/.test(error.message),
  );
});

test('fs works like fs/promises, without promises', async () => {
  const result = await spawn(() => {
    const file = join(dir, 'a', 'note.txt');
    fs.mkdir(join(dir, 'a'), { recursive: true });
    fs.writeFile(file, 'line 1\n');
    fs.appendFile(file, 'line 2\n');
    const text = fs.readFile(file, 'utf8');
    const bytes = fs.readFile(file);
    const names = fs.readdir(join(dir, 'a'));
    const size = fs.stat(file).size;
    fs.rename(file, join(dir, 'a', 'moved.txt'));
    let missing = '';
    try {
      fs.readFile(file, 'utf8');
    } catch (error) {
      missing = (error as NodeJS.ErrnoException).code ?? '';
    }
    return { text, isBuffer: Buffer.isBuffer(bytes), names, size, missing, after: fs.readdir(join(dir, 'a')) };
  });
  assert.deepEqual(result, {
    text: 'line 1\nline 2\n',
    isBuffer: true,
    names: ['note.txt'],
    size: 14,
    missing: 'ENOENT',
    after: ['moved.txt'],
  });
});

test('exec and execFile return the output, and throw with it on failure', async () => {
  const result = await spawn(() => {
    const shell = exec('echo "$GREETING" && echo oops >&2', { env: { ...process.env, GREETING: 'hi' } });
    const file = execFile(process.execPath, ['-e', 'console.log(process.argv[1])', 'arg with spaces']);
    let failure: { code?: number; stderr?: string } = {};
    try {
      exec('echo bad >&2; exit 3');
    } catch (error) {
      failure = error as { code?: number; stderr?: string };
    }
    return { shell, file, code: failure.code, stderr: failure.stderr };
  });
  assert.deepEqual(result, {
    shell: { stdout: 'hi\n', stderr: 'oops\n' },
    file: { stdout: 'arg with spaces\n', stderr: '' },
    code: 3,
    stderr: 'bad\n',
  });
});

test('sleep blocks only its fiber: two fibers sleeping interleave with the event loop', async () => {
  const order: string[] = [];
  const a = spawn(() => {
    sleep(60);
    order.push('a');
  });
  const b = spawn(() => {
    sleep(10);
    order.push('b');
  });
  setTimeout(() => order.push('timer'), 30);
  await Promise.all([a, b]);
  assert.deepEqual(order, ['b', 'timer', 'a']);
});
