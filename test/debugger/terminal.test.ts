/**
 * Interactive mode in a real pseudo-terminal: prompt, colors, the frame REPL
 * and its Ctrl+D, Ctrl+C at the prompt, Ctrl+D to leave.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDebugTerminal } from './helpers/debug-terminal.js';

test('interactive: prompt, colors, frame REPL, Ctrl+C and Ctrl+D', async () => {
  const env = { ...process.env };
  delete env.NO_COLOR;
  const { term, screen, plain, expect, exited, close } = startDebugTerminal(['--plain-node', 'steps.js'], env);
  try {
    await expect(/break in steps\.js:1[\s\S]*debug> $/);
    let mark = plain().length;
    term.write('list 2\r');
    await expect(/function add\(a, b\)[\s\S]*debug> $/, mark);
    assert.match(screen(), /\x1b\[35mfunction\x1b\[39m/, 'keywords are highlighted');
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
    close();
  }
});
