/**
 * Ported from Node.js (MIT licence, Copyright Node.js contributors),
 * test/sequential/test-debugger-low-level.js: the inspector's own methods at
 * the prompt. `scripts` gives three-lines.js's script id (`* <id>: ...`, the
 * star on the paused frame's script), and `Debugger.getScriptSource({ scriptId
 * })` prints the inspector's answer, with the script's source. Difference:
 * `scripts` shows paths relative to the working directory (Node's test
 * expects a directory before the file name).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DebuggerProcess } from '../helpers/debugger-process.js';
import { conformanceFixtures } from './run-inspect.js';

test('node inspect parity: test-debugger-low-level', async () => {
  const cli = new DebuggerProcess(['debug', '--plain-node', 'three-lines.js'], { cwd: conformanceFixtures });
  try {
    cli.send('scripts');
    const [, scriptId] = await cli.waitFor(/^\* (\d+): three-lines\.js$/m);
    cli.send(`Debugger.getScriptSource({ scriptId: '${scriptId}' })`);
    await cli.waitFor(/scriptSource:[ \n]*'(?:\(function \(|let x = 1)/);
    assert.match(cli.stdout, /let x = 1;/);
    // Not a domain of the inspector: evaluated as code, in the target.
    cli.send('Math.max(1, 2)');
    await cli.waitFor(/^2$/m);
    assert.equal(await cli.end('.exit'), 0, cli.stderr);
  } finally {
    cli.kill();
  }
});
