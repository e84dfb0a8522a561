/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-address.js: a target started with
 * `--inspect=0`, reached by the `host:port` its banner prints; `sb("alive.js",
 * 3)` and the next break marks line 3. Difference: scripted mode needs `c` to
 * wait for the break (node inspect's test waits for the output instead).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { runScripted } from '../helpers/debugger-process.js';
import { conformanceFixtures } from './run-inspect.js';

test('node inspect parity: test-debugger-address', async () => {
  const target = spawn(process.execPath, ['--inspect=0', 'alive.js'], { cwd: conformanceFixtures, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const { host, port } = await new Promise<{ host: string; port: string }>((resolve, reject) => {
      let stderr = '';
      target.once('exit', () => reject(new Error(`the target exited: ${stderr}`)));
      target.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /Debugger listening on ws:\/\/\[?(.+?)\]?:(\d+)\//.exec(stderr);
        if (match) resolve({ host: match[1]!, port: match[2]! });
      });
    });
    const { code, stdout, stderr } = await runScripted([`attach`, `${host || '127.0.0.1'}:${port}`], ['sb("alive.js", 3)', 'c', '.exit'], {
      cwd: conformanceFixtures,
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^break in alive\.js:3\n> 3 {3}\+\+x;$/m, 'marks the 3rd line');
  } finally {
    target.kill();
  }
});
