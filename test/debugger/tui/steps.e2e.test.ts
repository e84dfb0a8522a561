/**
 * `balrog debug --tui` of a plain script in a real 80x24 pseudo-terminal:
 * a breakpoint toggled on the cursor line, continue to it, select a caller
 * frame (source and variables follow), evaluate, the help, search, a resize, and the
 * program's output, which goes to the console pane and, after leaving, to
 * the terminal.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys, saveScreenshot, TuiTerminal } from './helpers/tui-terminal.js';

test('balrog debug --tui: breakpoint on the cursor line, frames, console, help, resize, leave', async () => {
  const env = { ...process.env };
  delete env.NO_COLOR;
  const tui = new TuiTerminal(['debug', '--tui', '--plain-node', 'steps.js'], { cols: 80, rows: 24, env });
  try {
    await tui.waitFor(/paused at steps\.js:1 [\s\S]*> 1 \/\/ A plain ES module/);
    // Source cursor starts on the current line; two down is `const sum = a + b;`.
    tui.press(keys.down, keys.down, 'b');
    await tui.waitFor(/●› 3 {3}const sum = a \+ b;[\s\S]*#1 steps\.js:3/);
    assert.match(tui.raw, /\x1b\[3\dm/, 'colors when NO_COLOR is not set');

    tui.press('c');
    let screen = await tui.waitFor(/paused at steps\.js:3 \(breakpoint 1\)[\s\S]*Stack \[no fiber\][\s\S]*> +#0 add steps\.js:3/);
    assert.match(screen, /#1 total steps\.js:10/);
    assert.match(screen, /a: 0/);

    // The caller frame: the source moves to line 10 and the variables to `total`'s.
    tui.press(keys.tab);
    await tui.waitFor(/▶ Stack/);
    tui.press(keys.down);
    screen = await tui.waitFor(/>10 {5}acc = add\(acc, i\);[\s\S]*count: 4/);

    tui.press('!');
    await tui.waitFor(/▶ Console/);
    tui.press('count * 10 as number', keys.enter);
    await tui.waitFor(/» count \* 10 as number\n40/);
    tui.press('await Promise.resolve(2)', keys.enter);
    await tui.waitFor(/Uncaught NotInFiberError: cannot wait here/);
    await saveScreenshot('debug-steps-80x24', await tui.screen());

    tui.press(keys.escape);
    await tui.waitFor(/▶ Source/);
    tui.press('?');
    await tui.waitFor(/Help \(\? or Esc closes\)[\s\S]*toggle a breakpoint on the source cursor line/);
    tui.press('?');
    await tui.waitFor(/▶ Source/);

    // Search: the cursor goes to the next line that contains the text.
    tui.press('/');
    await tui.waitFor(/find: \//);
    tui.press('return acc', keys.enter);
    await tui.waitFor(/›12 {3}return acc;/);

    tui.resize(110, 30);
    screen = await tui.waitFor(/c cont {2}n next {2}s into[\s\S]*q quit/);
    assert.equal(
      screen.split('\n').filter((line) => /balrog debugger/.test(line)).length,
      1,
      `one status line after the resize:\n${screen}`,
    );

    tui.press('q');
    assert.equal(await tui.exited, 0);
    // Breakpoint removed and the program resumed: it finishes and prints, now to the terminal.
    await tui.waitFor(/< result 6/);
  } finally {
    tui.kill();
  }
});
