/**
 * The keys the help lists and the script picker, in `balrog debug --tui` in a
 * real 80x24 pseudo-terminal: `f` opens a loaded script found by a fuzzy
 * filter, `B` sets a conditional breakpoint there, `:` opens the console like
 * `!`, Space opens a variable like Enter, and the help names every key.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { keys, TuiTerminal, tuiFixturesDir } from './helpers/tui-terminal.js';

test('balrog debug --tui: open a script with the fuzzy picker, a conditional breakpoint there, : and Space', async () => {
  const tui = new TuiTerminal(['debug', '--tui', '--plain-node', 'main.js'], {
    cols: 80,
    rows: 24,
    cwd: join(tuiFixturesDir, 'shop'),
    env: { ...process.env, NO_COLOR: '1' },
  });
  try {
    await tui.waitFor(/paused at main\.js:\d+ [\s\S]*Source main\.js/);

    // The help lists every key, `:` and Space among them, and fits the terminal.
    tui.press('?');
    let screen = await tui.waitFor(/Help \(\? or Esc closes\)[\s\S]*q +leave: breakpoints removed/);
    assert.match(screen, /^! : +console: evaluate/m);
    assert.match(screen, /^Enter Space → ← +Variables: open/m);
    assert.match(screen, /^f +open a loaded script/m);
    tui.press(keys.escape);
    await tui.waitFor(/▶ Source main\.js/);

    // `f`, a fuzzy filter (`prc` is in `pricing.js`, not in `main.js`), Enter: the source pane shows it.
    tui.press('f');
    screen = await tui.waitFor(/Open a script[\s\S]*open: /);
    assert.match(screen, /pricing\.js/);
    assert.match(screen, /main\.js/);
    tui.press('prc');
    screen = await tui.waitFor(/open: prc/);
    assert.doesNotMatch(screen.split('open: prc')[0]!.split('Open a script')[1]!, /main\.js/, 'the filter leaves main.js out');
    tui.press(keys.enter);
    await tui.waitFor(/▶ Source pricing\.js[\s\S]*5 +const each = prices\[order\.item\];/);

    // `B` on `return each * order.count;` (line 6): a breakpoint with a condition, pending no more.
    tui.press(keys.down, keys.down, keys.down, keys.down, keys.down, 'B');
    await tui.waitFor(/condition: /);
    tui.press("order.item === 'salad'", keys.enter);
    await tui.waitFor(/#1 pricing\.js:6 if[\s\S]*Breakpoint 1 at pricing\.js:6 if order\.item === 'salad'/);

    tui.press('c');
    screen = await tui.waitFor(/paused at pricing\.js:6 \(breakpoint 1\)/);

    // `:` opens the console as `!` does.
    tui.press(':');
    await tui.waitFor(/▶ Console/);
    tui.press('order.count', keys.enter);
    await tui.waitFor(/» order\.count\n1/);
    tui.press(keys.escape);
    await tui.waitFor(/▶ Source/);

    // Space opens a variable as Enter does: Tab, Tab reaches Variables; `order` is the first local.
    tui.press(keys.tab);
    await tui.waitFor(/▶ Stack/);
    tui.press(keys.tab);
    await tui.waitFor(/▶ Variables/);
    tui.press(keys.down, ' ');
    await tui.waitFor(/▾ order: \{ item: 'salad'[\s\S]*count: 1\n/);

    tui.press('q');
    assert.equal(await tui.exited, 0);
    await tui.waitFor(/< total 31/);
  } finally {
    tui.kill();
  }
});
