/**
 * Interactive mode in a real pseudo-terminal: prompt, colors, the frame REPL
 * and its Ctrl+D, Ctrl+C at the prompt, Ctrl+D to leave.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pty from 'node-pty';
import { balrogBin, fixturesDir } from './helpers/debugger-process.js';

test('interactive: prompt, colors, frame REPL, Ctrl+C and Ctrl+D', async () => {
  const env = { ...process.env };
  delete env.NO_COLOR;
  const term = pty.spawn(process.execPath, [balrogBin, 'debug', '--plain-node', 'steps.js'], {
    cwd: fixturesDir,
    cols: 120,
    rows: 40,
    env,
  });
  let screen = '';
  term.onData((data) => (screen += data));
  const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
  const killer = setTimeout(() => term.kill(), 20_000);
  const plain = () => screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  async function expect(pattern: RegExp, from = 0): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!pattern.test(plain().slice(from))) {
      assert.ok(Date.now() < deadline, `waiting for ${pattern}; screen:\n${plain()}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  try {
    await expect(/break in steps\.js:1[\s\S]*debug> $/);
    let mark = plain().length;
    term.write('list 2\r');
    await expect(/function add\(a, b\)[\s\S]*debug> $/, mark);
    assert.match(screen, /\x1b\[35mfunction\x1b\[39m/, 'keywords are highlighted');
    mark = plain().length;
    term.write('repl\r');
    await expect(/repl> $/, mark);
    term.write('[1, 2].map((x: number) => x * 21)\r');
    await expect(/\[ 21, 42 \][\s\S]*repl> $/, mark);
    mark = plain().length;
    term.write('\x04');
    await expect(/debug> $/, mark);
    mark = plain().length;
    term.write('\x03');
    await expect(/To leave, type \.exit or press Ctrl\+D[\s\S]*debug> $/, mark);
    term.write('\x04');
    assert.equal(await exited, 0);
    await expect(/< result 6/);
  } finally {
    clearTimeout(killer);
    term.kill();
  }
});
