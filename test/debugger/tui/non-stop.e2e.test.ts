/**
 * Non-stop mode in the TUI (issue 19), in a real pseudo-terminal attached to
 * a real service under `balrog run`: a breakpoint set on a line of a script
 * opened with the picker stops two requests, each its own fiber, while
 * /health is served; the fibers pane lists them with their requests, `t`
 * switches the current one, the console evaluates (and awaits) in it, `c`
 * lets one go, `n` steps the other with the whole process paused (the status
 * line says so), `C` lets everything go; `N` turns non-stop mode off and on
 * again, and the breakpoint carries over.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { balrogBin } from '../helpers/debugger-process.js';
import { freePort, httpGet, startTarget } from '../helpers/target-process.js';
import { keys, saveScreenshot, TuiTerminal } from './helpers/tui-terminal.js';

/** Node 26 (V8 14) has no live edit, which a second stopped fiber needs (see docs/design/non-stop-debugging.md). */
const hasLiveEdit = Number(process.versions.node.split('.')[0]) < 26;

// Skipped on Node 26 only: two fibers stopped at once need live edit, which V8 14 removed.
test('balrog attach --tui --non-stop: two requests stopped, inspected, switched, continued; N toggles the mode', {
  skip: !hasLiveEdit && 'Node 26: no live edit (two stopped fibers need it; see docs/design/non-stop-debugging.md)',
}, async () => {
  const inspectorPort = await freePort();
  const target = await startTarget([balrogBin, 'run', `--inspect=127.0.0.1:${inspectorPort}`], 'non-stop-service.js');
  const tui = new TuiTerminal(['attach', '--tui', '--non-stop', `127.0.0.1:${inspectorPort}`], {
    cols: 120,
    rows: 40,
    timeoutMs: 110_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  try {
    await tui.waitFor(/balrog debugger — running, non-stop: no fiber stopped[\s\S]*Fibers \(non-stop\)[\s\S]*\(none stopped\)/, 30_000);

    // Open the service's script with the picker; a breakpoint on line 10 (the cursor starts at line 1).
    tui.press('f');
    await tui.waitFor(/Open a script/);
    tui.press('non-stop-service');
    await tui.waitFor(/Open a script[^\n]*\n[^\n]*non-stop-service\.js/);
    tui.press(keys.enter);
    await tui.waitFor(/Source non-stop-service\.js/);
    tui.press(...Array.from({ length: 9 }, () => keys.down));
    await tui.waitFor(/›10 +response\.end/);
    tui.press('b');
    await tui.waitFor(/^Breakpoint 1 at non-stop-service\.js:10 \(non-stop\)$/m);

    // Two requests stop, one after the other; the service goes on serving.
    const first = httpGet(target.port, '/order/1', 60_000);
    await tui.waitFor(/^fiber 1 stopped in non-stop-service\.js:10 \(GET \/order\/1\)$/m);
    const second = httpGet(target.port, '/order/2', 60_000);
    let screen = await tui.waitFor(/^fiber 2 stopped in non-stop-service\.js:10 \(GET \/order\/2\)$/m);
    assert.match(
      (await httpGet(target.port, '/health', 5000)) ?? 'no answer',
      /^served \d+$/,
      'the service answers while two fibers are stopped',
    );
    const bothListed = /\* 1 +non-stop-service\.js:10 +GET \/order\/1[^\n]*\n[^\n]*│ {3}2 +non-stop-service\.js:10 +GET \/order\/2/;
    const statusLine =
      /balrog debugger — non-stop: fiber 1 stopped at non-stop-service\.js:10 \(GET \/order\/1\); 2 stopped; the process runs/;
    // The Fibers pane, the status line and the fiber's locals are drawn by separate renders (seen on
    // Node 22: the pane listed both fibers one frame before the status line said so): wait for the last.
    await tui.waitFor(bothListed);
    await tui.waitFor(statusLine);
    screen = await tui.waitFor(/│ +note: 'order 1: pizza'/);
    assert.match(screen, bothListed);
    assert.match(screen, statusLine);
    assert.match(screen, /^[ ●]>10 +response\.end/m, "the current fiber's line is marked");
    assert.match(screen, /Stack \[fiber\][\s\S]*>ƒ#0 handleOrder non-stop-service\.js:10/);
    assert.match(screen, /│ +note: 'order 1: pizza'/, "the fiber's locals");

    // The console evaluates in the current fiber; await parks that fiber only.
    tui.press('!');
    await tui.waitFor(/▶ Console[\s\S]*\ndebug>/);
    tui.press('note', keys.enter);
    await tui.waitFor(/^» note\n'order 1: pizza'$/m);
    tui.press('await new Promise((r) => setTimeout(r, 50, n * 10))', keys.enter);
    await tui.waitFor(/^» await new Promise[^\n]*\n10$/m);
    tui.press(keys.escape);
    await tui.waitFor(/▶ Source/);

    // t: the next stopped fiber is the current one.
    tui.press('t');
    screen = await tui.waitFor(/balrog debugger — non-stop: fiber 2 stopped at non-stop-service\.js:10 \(GET \/order\/2\)/);
    assert.match(screen, /│ {3}1 +non-stop-service\.js:10 +GET \/order\/1[^\n]*\n[^\n]*│ \* 2 +non-stop-service\.js:10 +GET \/order\/2/);
    tui.press('!');
    await tui.waitFor(/▶ Console/);
    tui.press('note', keys.enter);
    await tui.waitFor(/^» note\n'order 2: pasta'$/m);
    tui.press(keys.escape);
    await tui.waitFor(/▶ Source/);

    // c: this fiber goes on (its request completes); fiber 1 is current again.
    tui.press('c');
    await tui.waitFor(/^fiber 2 continued; current fiber: 1$/m);
    assert.equal(await second, 'order 2: pasta');
    await tui.waitFor(/balrog debugger — non-stop: fiber 1 stopped at [^\n]*; 1 stopped; the process runs/);

    // n: the current fiber steps; V8 steps only with the whole process paused, and the status line says so.
    tui.press('n');
    screen = await tui.waitFor(
      /balrog debugger — paused at non-stop-service\.js:11 \(step\) — non-stop: the whole process is paused[\s\S]*^ >11 \}/m,
    );
    await saveScreenshot('tui-non-stop-120x40', screen);
    // C: everything goes on.
    tui.press('C');
    await tui.waitFor(/^0 stopped fibers continued; the process runs$/m);
    assert.equal(await first, 'order 1: pizza');
    await tui.waitFor(/balrog debugger — running, non-stop: no fiber stopped/);

    // N: non-stop mode off (the breakpoint becomes a whole-process one), and on again.
    tui.press('N');
    screen = await tui.waitFor(/^Non-stop mode: off/m);
    await tui.waitFor(/balrog debugger — running \(p pauses\)/);
    assert.doesNotMatch(await tui.screen(), /Fibers \(non-stop\)/, 'no fibers pane outside non-stop mode');
    assert.match(await tui.screen(), /#1 non-stop-service\.js:10$/m);
    tui.press('N');
    await tui.waitFor(/^Non-stop mode: on/m);
    await tui.waitFor(/#2 non-stop-service\.js:10$/m);
    const third = httpGet(target.port, '/order/3', 60_000);
    await tui.waitFor(/^fiber 3 stopped in non-stop-service\.js:10 \(GET \/order\/3\)$/m);
    assert.match((await httpGet(target.port, '/health', 5000)) ?? 'no answer', /^served \d+$/);

    // q: the stopped fiber goes on, the breakpoint leaves the code.
    tui.press('q');
    assert.equal(await tui.exited, 0);
    assert.equal(await third, 'order 3: pizza');
    assert.equal(await httpGet(target.port, '/order/4', 5000), 'order 4: pasta', 'the line stops nothing after the debugger left');
  } finally {
    tui.kill();
    target.child.kill();
  }
});
