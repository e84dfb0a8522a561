/**
 * Non-stop mode on a terminal (`balrog debug --non-stop` in a real
 * pseudo-terminal): a fiber that stops while the user sits at the prompt is
 * announced and the prompt comes back; it is inspected and continued there.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDebugTerminal } from './helpers/debug-terminal.js';
import { httpGet } from './helpers/target-process.js';

test('interactive non-stop: a stop is announced at the prompt, then p and c on that fiber', async () => {
  const { term, plain, expect, exited, close } = startDebugTerminal(['--non-stop', 'non-stop-service.js'], {
    ...process.env,
    NO_COLOR: '1',
  });
  try {
    await expect(/break in non-stop-service\.js:6[\s\S]*debug> $/);
    let mark = plain().length;
    term.write('b 10\r');
    await expect(/Breakpoint 1 at non-stop-service\.js:10[\s\S]*debug> $/, mark);
    mark = plain().length;
    term.write('c\r');
    await expect(/< listening (\d+)/, mark);
    const port = Number(/< listening (\d+)/.exec(plain().slice(mark))![1]);
    mark = plain().length;
    const order = httpGet(port, '/order/17', 15_000);
    await expect(/fiber 1 stopped in non-stop-service\.js:10 \(GET \/order\/17\)\s*> 10 {3}response\.end[\s\S]*debug> $/, mark);
    // The service answers while the prompt waits.
    assert.match((await httpGet(port, '/health', 2000)) ?? 'no answer', /^served \d+$/);
    mark = plain().length;
    term.write('p note\r');
    await expect(/'order 17: pizza'[\s\S]*debug> $/, mark);
    mark = plain().length;
    term.write('c\r');
    await expect(/fiber 1 continued[\s\S]*debug> $/, mark);
    assert.equal(await order, 'order 17: pizza');
    // `kill` ends the program (balrog debug would otherwise wait for it after .exit), then the debugger stays until .exit.
    mark = plain().length;
    term.write('kill\r');
    await expect(/debug> $/, mark);
    term.write('.exit\r');
    assert.equal(await exited, 0);
  } finally {
    close();
  }
});
