/**
 * `.debug` in the terminal REPL (issue 18, IPython's `%debug`): after an input's uncaught error, a
 * post-mortem debug prompt at the frame it was thrown from, with the values of that moment;
 * through a real pseudo-terminal.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DEBUG_PROMPT, REPL_PROMPT, type ReplTerminal, withReplTerminal } from './repl-terminal.js';

const cwd = mkdtempSync(path.join(os.tmpdir(), 'balrog-repl-post-mortem-'));
after(() => rmSync(cwd, { recursive: true, force: true }));

const withTerminal = (body: (term: ReplTerminal) => Promise<void>, env: Record<string, string> = {}): Promise<void> =>
  withReplTerminal(cwd, body, env);

const THROWING = "function f(a){ const b = a*2; throw new Error('x'+b) }; f(21)";
const NOTHING = 'no error to debug: .debug opens a post-mortem prompt at the frame of the last uncaught error of an input';

describe('.debug: post-mortem after an uncaught error', () => {
  it('opens debug> at the throwing frame: bt, p with the values at the throw, up/down, list, locals; q returns', () =>
    withTerminal(async (term) => {
      // `.breakpoints` waits for the debugger's worker: errors are kept from then on.
      assert.equal(await term.run('.breakpoints'), 'No breakpoints');
      assert.equal(await term.run('.debug'), NOTHING);
      assert.match(await term.run(THROWING), /^Uncaught Error: x42\n {4}at f \(REPL1:1:\d+\)/);
      assert.equal(await term.run('.debug', DEBUG_PROMPT), `post-mortem at REPL1:1\nException: Error: x42\n> 1 ${THROWING}`);
      assert.equal(await term.debug('bt'), '> #0 f REPL1:1:31\n  #1 (anonymous) REPL1:1:57');
      assert.equal(await term.debug('p b'), '42');
      assert.equal(await term.debug('p a+b'), '63');
      assert.equal(await term.debug('a * 3'), '63');
      assert.equal(await term.debug('locals'), 'a = 21\nb = 42');
      assert.equal(await term.debug('up'), `> #1 (anonymous) REPL1:1:57\n> 1 ${THROWING}`);
      assert.equal(await term.debug('p typeof b'), "'undefined'");
      assert.equal(await term.debug('bt'), '  #0 f REPL1:1:31\n> #1 (anonymous) REPL1:1:57');
      assert.equal(await term.debug('up'), 'already at the outermost frame');
      assert.equal(await term.debug('down'), `> #0 f REPL1:1:31\n> 1 ${THROWING}`);
      assert.equal(await term.debug('list 1'), `> 1 ${THROWING}\n  2`);
      // The isolate runs: `await` waits while timers fire, with the frame's values.
      assert.equal(await term.debug('p await new Promise((r) => setTimeout(r, 20, b + 1))'), '43');
      assert.equal(await term.debug('p missing'), 'Uncaught ReferenceError: missing is not defined');
      // No live frame: stepping says so and stays.
      assert.equal(await term.debug('n'), '`n` needs a live frame; post-mortem has none (the input has ended): q goes back to the REPL');
      assert.equal(await term.run('q'), '');
      assert.equal(await term.run('1 + 1'), '2');
      // The same error again; `c` leaves as well.
      assert.match(await term.run('.debug', DEBUG_PROMPT), /^post-mortem at REPL1:1\n/);
      assert.equal(await term.debug('p b'), '42');
      assert.equal(await term.run('c'), '(post-mortem: the input has ended, nothing to continue; back to the REPL)');
    }));

  it('is about the last error; Ctrl+C abandons a waiting evaluation; Ctrl+D leaves', () =>
    withTerminal(async (term) => {
      await term.run('.breakpoints');
      await term.run("function g(n) { const seen = n; if (n > 1) throw new RangeError('too big: ' + n); return n }");
      assert.match(await term.run('g(5)'), /^Uncaught RangeError: too big: 5/);
      assert.match(await term.run('g(9)'), /^Uncaught RangeError: too big: 9/);
      // A caught error keeps no frames: `.debug` is still about g(9).
      assert.equal(await term.run('try { g(7) } catch { 0 }'), '0');
      assert.match(await term.run('.debug', DEBUG_PROMPT), /^post-mortem at REPL1:1\nException: RangeError: too big: 9\n/);
      assert.equal(await term.debug('p seen'), '9');
      assert.equal(await term.abandonWaitingEvaluation(), 'Uncaught InterruptedError: evaluation abandoned (Ctrl+C)');
      assert.equal(await term.debug('p seen * 2'), '18');
      term.write('\x04');
      await term.waitFor(REPL_PROMPT);
      assert.equal(await term.run('g(1)'), '1');
    }));

  it("leaves a throwing input's output as it is without the debugger", async () => {
    const outputs: string[] = [];
    for (const env of [{}, { BALROG_REPL_DEBUGGER: '0' }] as Record<string, string>[]) {
      await withTerminal(async (term) => {
        await term.run('.breakpoints');
        outputs.push(await term.run(THROWING));
        outputs.push(await term.run('await Promise.reject(new TypeError("no"))'));
        outputs.push(await term.run('null.x'));
      }, env);
    }
    assert.deepEqual(outputs.slice(0, 3), outputs.slice(3));
    assert.match(outputs[0]!, /^Uncaught Error: x42/);
  });

  it('after ten throws in one input it stops pausing at them until the input ends, and says so', () =>
    withTerminal(async (term) => {
      await term.run('.breakpoints');
      await term.run("function h(i) { const at = i; throw new Error('h' + i) }");
      assert.match(await term.run('for (let i = 0; i < 20; i++) { try { h(i) } catch {} }; h(99)'), /^Uncaught Error: h99/);
      assert.match(await term.run('.debug'), /^the frames of the last error were not kept: after 10 errors thrown in one input/);
      // The next input pauses at throws again.
      assert.match(await term.run('h(3)'), /^Uncaught Error: h3/);
      assert.match(await term.run('.debug', DEBUG_PROMPT), /^post-mortem at REPL1:1\nException: Error: h3\n/);
      assert.equal(await term.debug('p at'), '3');
      assert.equal(await term.run('q'), '');
    }));

  it('a stop while the post-mortem prompt is open leaves it for the live debug prompt', () =>
    withTerminal(async (term) => {
      await term.run('.breakpoints');
      await term.run('function later() { try { null.x } catch {} const live = 2; debugger }');
      assert.match(await term.run("(() => { const gone = 1; throw new Error('e') })()"), /^Uncaught Error: e/);
      await term.run('.debug', DEBUG_PROMPT);
      // A timer stops the program while `.debug` is open; the error it catches first changes nothing.
      term.write('p (setTimeout(later, 30), gone)\r');
      await term.waitFor('(post-mortem left: the program stopped)');
      assert.match(await term.waitFor(DEBUG_PROMPT), /break in REPL1:1\n/);
      assert.equal(await term.debug('p live'), '2');
      term.write('c\r');
      await term.waitFor(REPL_PROMPT);
      assert.equal(await term.run('3 * 3'), '9');
      assert.match(await term.run('.debug', DEBUG_PROMPT), /^post-mortem at REPL2:1\nException: Error: e\n/);
      assert.equal(await term.debug('p gone'), '1');
      assert.equal(await term.run('q'), '');
    }));

  it('says the debugger is off when it is', () =>
    withTerminal(
      async (term) => {
        assert.match(await term.run('null.x'), /^Uncaught TypeError/);
        assert.equal(await term.run('.debug'), 'the debugger is off: BALROG_REPL_DEBUGGER=0 turned it off');
      },
      { BALROG_REPL_DEBUGGER: '0' },
    ));
});
