/**
 * The TUI in a real pseudo-terminal, attached by pid to a real service under
 * `balrog run`: `p` pauses it, a request stops at its `debugger;`, the user steps, opens a
 * variable, awaits a timer in the console while other requests are served,
 * and leaves; the paused request then completes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { balrogBin } from '../helpers/debugger-process.js';
import { freePort, httpGet, startTarget } from '../helpers/target-process.js';
import { keys, saveScreenshot, tuiFixturesDir, TuiTerminal } from './helpers/tui-terminal.js';

test('balrog attach --tui: break, step, open a variable, await while paused, leave', async () => {
  const inspectorPort = await freePort();
  // The fixture is this folder's (it logs); targets start in test/debugger/fixtures.
  const target = await startTarget([balrogBin, 'run'], '../tui/fixtures/service.js', {
    env: { NODE_OPTIONS: `--inspect-port=127.0.0.1:${inspectorPort}` },
  });
  const tui = new TuiTerminal(['attach', '--tui', '--port', String(inspectorPort), String(target.child.pid)], {
    cols: 120,
    rows: 40,
    cwd: tuiFixturesDir,
    env: { ...process.env, NO_COLOR: '1' },
  });
  try {
    // The status line comes first (drawn while ink loads), then the full screen.
    await tui.waitFor(/balrog debugger — running[\s\S]*Stack/);
    // p pauses the running service at the next JavaScript it runs: a request's.
    tui.press('p');
    const health = httpGet(target.port, '/health', 10_000);
    await tui.waitFor(/balrog debugger — paused at /);
    tui.press('c');
    await tui.waitFor(/balrog debugger — running/);
    assert.equal(await health, 'served 1');

    const order = httpGet(target.port, '/order', 20_000, { 'x-debug': '1' });
    let screen = await tui.waitFor(/paused at service\.js:13[\s\S]*Stack \[fiber\][\s\S]*▸ order: \{ id: 7, item: 'pizza' \}/);
    assert.match(screen, /^\s*>13 +if \(request\.headers\['x-debug'\]\) debugger;/m, 'the current line is marked');
    assert.match(screen, />ƒ#0 \(anonymous\) service\.js:13/);
    // The target's console.log (an attached target: Runtime.consoleAPICalled) in the console pane.
    assert.match(screen, /^< taking order 7: pizza$/m);

    tui.press('n');
    await tui.waitFor(/paused at service\.js:14[\s\S]*>14 +response\.end/);

    // To the variables pane, down to `order`, open it: its properties are fetched then.
    tui.press(keys.tab);
    await tui.waitFor(/▶ Stack/);
    tui.press(keys.tab);
    await tui.waitFor(/▶ Variables/);
    screen = await tui.screen();
    const rows = screen.split('\n').filter((line) => /[▸▾] |^\s+\S+: /.test(line.split('│ ').pop() ?? ''));
    const orderRow = rows.findIndex((line) => /▸ order:/.test(line));
    assert.ok(orderRow > 0, screen);
    tui.press(...Array.from({ length: orderRow }, () => keys.down), keys.enter);
    await tui.waitFor(/▾ order: [\s\S]*\n.*│ +id: 7\n.*│ +item: 'pizza'/);

    // A watch, evaluated now and at each pause.
    tui.press('w');
    await tui.waitFor(/▶ Console[\s\S]*\nwatch:/);
    tui.press('note.toUpperCase()', keys.enter);
    await tui.waitFor(/note\.toUpperCase\(\) = 'ORDER 7: PIZZA'/);

    // The console: await a timer in the paused handler while another request is served.
    tui.press(keys.tab);
    await tui.waitFor(/▶ Breakpoints/);
    tui.press('!');
    await tui.waitFor(/▶ Console[\s\S]*\ndebug>/);
    tui.press('await new Promise((r) => setTimeout(r, 1500, note.length))', keys.enter);
    await tui.waitFor(/waiting \d+\.\ds \(Ctrl\+C abandons\)/);
    assert.equal(await httpGet(target.port, '/health', 5000), 'served 3');
    await tui.waitFor(/» await new Promise[^\n]*\n.*\n?14\s*$/m);
    // Ctrl+C abandons an evaluation that would never end.
    tui.press('await new Promise(() => {})', keys.enter);
    await tui.waitFor(/waiting \d+\.\ds/);
    tui.press(keys.ctrlC);
    await tui.waitFor(/^Uncaught InterruptedError: evaluation abandoned \(Ctrl\+C\)/m);
    assert.doesNotMatch(tui.raw, /\x1b\[3[1-7]m/, 'NO_COLOR: no colors');
    await saveScreenshot('attach-service-120x40', await tui.screen());

    // Esc then q, apart: together they read as Meta+q.
    tui.press(keys.escape);
    await tui.waitFor(/▶ Source/);
    tui.press('q');
    assert.equal(await tui.exited, 0);
    assert.equal(await order, 'order 7: pizza');
    assert.equal(await httpGet(target.port, '/health', 5000), 'served 4');
  } finally {
    tui.kill();
    target.child.kill();
  }
});
