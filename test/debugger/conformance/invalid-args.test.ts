/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-invalid-args.js: no arguments print the
 * usage and exit with 1; an address nothing listens on says the connection
 * failed and exits with 1; a port another process holds is refused with 1
 * and no "report this bug". Differences: the messages are balrog's
 * (`no inspector answered for localhost:914`, `127.0.0.1:<port> is in use`
 * at once rather than node inspect's wait for the port to be free); node
 * inspect's `--port=<port> <script>` is `balrog debug --port=<port>`.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { runScripted } from '../helpers/debugger-process.js';
import { conformanceFixtures } from './run-inspect.js';

test('node inspect parity: test-debugger-invalid-args', async () => {
  for (const command of ['debug', 'attach']) {
    const bare = await runScripted([command], []);
    assert.equal(bare.code, 1, command);
    assert.match(bare.stderr, new RegExp(`^Usage: balrog ${command}`, 'm'), `${command}: prints usage info`);
  }

  const unreachable = await runScripted(['attach', 'localhost:914'], []);
  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr, /no inspector answered for localhost:914/, 'tells the user that the connection failed');

  const blocker = createServer((socket) => socket.end());
  const port = await new Promise<number>((resolve, reject) => {
    blocker.on('error', reject);
    blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port));
  });
  try {
    const busy = await runScripted(['debug', '--plain-node', `--port=${port}`, 'three-lines.js'], [], { cwd: conformanceFixtures });
    assert.equal(busy.code, 1);
    assert.doesNotMatch(busy.stderr, /report this bug/, 'omits message about reporting this as a bug');
    assert.ok(busy.stderr.includes(`127.0.0.1:${port} is in use`), `tells the user that the port was not available: ${busy.stderr}`);
  } finally {
    blocker.close();
  }
});
