/**
 * `debugger;` statements and the TUI's non-stop toggle (`N`), in a real
 * pseudo-terminal attached to a real service under `balrog run`: with
 * non-stop mode turned on, a request reaching a `debugger;` stops only its
 * fiber; turned off, the script has its `debugger;` back and it pauses the
 * process as usual.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { balrogBin } from '../helpers/debugger-process.js';
import { hasLiveEdit } from '../helpers/non-stop-service.js';
import { freePort, httpGet, startTarget } from '../helpers/target-process.js';
import { TuiTerminal } from './helpers/tui-terminal.js';

// Skipped on Node 26 only: converting `debugger;` statements needs live edit, which V8 14 removed
// (test/debugger/non-stop-statements.test.ts checks what happens there).
test('N on: a debugger; stops only its request; N off: it pauses the process again', {
  skip: !hasLiveEdit && 'Node 26: no live edit (see docs/design/non-stop-debugging.md)',
}, async () => {
  const inspectorPort = await freePort();
  const target = await startTarget([balrogBin, 'run', `--inspect=127.0.0.1:${inspectorPort}`], 'non-stop-statements.js');
  const tui = new TuiTerminal(['attach', '--tui', `127.0.0.1:${inspectorPort}`], {
    cols: 120,
    rows: 40,
    timeoutMs: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  try {
    // Attached (the status line gets its `(p pauses)` a render later on some majors: not waited for).
    await tui.waitFor(/balrog debugger — running[\s\S]*debug> /, 30_000);
    tui.press('N');
    await tui.waitFor(/^Non-stop mode: on/m);
    await tui.waitFor(/balrog debugger — running, non-stop: no fiber stopped/);

    const order = httpGet(target.port, '/order/1', 30_000);
    await tui.waitFor(/^fiber 1 stopped in non-stop-statements\.js:11 \(GET \/order\/1\)$/m);
    await tui.waitFor(
      /balrog debugger — non-stop: fiber 1 stopped at non-stop-statements\.js:11 \(GET \/order\/1\); 1 stopped; the process runs/,
    );
    assert.match((await httpGet(target.port, '/health', 5000)) ?? 'no answer', /^served \d+$/);
    tui.press('c');
    await tui.waitFor(/^fiber 1 continued$/m);
    assert.equal(await order, 'order 1: pizza');

    tui.press('N');
    await tui.waitFor(/^Non-stop mode: off/m);
    await tui.waitFor(/balrog debugger — running \(p pauses\)/);
    const again = httpGet(target.port, '/order/3', 30_000);
    // A stop-the-world pause: the status line says nothing of non-stop mode.
    await tui.waitFor(/^ balrog debugger — paused at non-stop-statements\.js:11 \(debugger statement\) *$/m);
    // q: the debugger leaves, the process runs on.
    tui.press('q');
    assert.equal(await tui.exited, 0);
    assert.equal(await again, 'order 3: pizza');
  } finally {
    tui.kill();
    target.child.kill();
  }
});
