/**
 * `debugger;` statements in non-stop mode, against a real service under
 * `balrog run` (fixtures/non-stop-statements.js): one reached by a request's
 * fiber stops that fiber only, as a non-stop breakpoint does, while other
 * requests are answered; one reached outside a fiber (a timer) is reported,
 * never stopped; once the debugger has left, `debugger;` pauses as usual.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DebuggerProcess } from './helpers/debugger-process.js';
import { hasLiveEdit, withNonStopService } from './helpers/non-stop-service.js';
import { httpGet } from './helpers/target-process.js';

const FIXTURE = 'non-stop-statements.js';

// Skipped on Node 26 only: converting `debugger;` statements needs live edit, which V8 14 removed (the test
// below with BALROG_NON_STOP_CONDITION=1 checks what happens there, on every major).
test('a debugger; statement stops only the request that reaches it; a timer reaching one is reported; after .exit it pauses again', {
  skip: !hasLiveEdit && 'Node 26: no live edit (see docs/design/non-stop-debugging.md)',
}, async () => {
  await withNonStopService(
    FIXTURE,
    async ({ target, debuggerProcess, inspectorPort }) => {
      // Attached: the prompt is up once the statements are converted (`fibers` answers after that).
      debuggerProcess.send('fibers');
      await debuggerProcess.waitFor(/^No stopped fibers$/m);
      const first = httpGet(target.port, '/order/1', 30_000);
      await debuggerProcess.waitFor(/^fiber 1 stopped in non-stop-statements\.js:11 \(GET \/order\/1\)$/m);
      const second = httpGet(target.port, '/order/2', 30_000);
      await debuggerProcess.waitFor(/^fiber 2 stopped in non-stop-statements\.js:11 \(GET \/order\/2\)$/m);
      // The process runs: other requests are answered while both fibers are stopped.
      assert.match((await httpGet(target.port, '/health', 2000)) ?? 'no answer', /^served \d+$/);

      let mark = debuggerProcess.stdout.length;
      debuggerProcess.send('fibers', 'bt', 'list 0', 'locals', 'p order');
      await debuggerProcess.waitFor(/^\{ n: 1, item: 'pizza' \}$/m, 10_000, mark);
      const shown = debuggerProcess.stdout.slice(mark);
      assert.match(shown, /^\* 1 {2}non-stop-statements\.js:11 {2}GET \/order\/1$/m);
      assert.match(shown, /^ {2}2 {2}non-stop-statements\.js:11 {2}GET \/order\/2$/m);
      assert.match(shown, /^> #0 handleOrder non-stop-statements\.js:11:3$/m);
      // The listing is the program's own text.
      assert.match(shown, /^> 11 {3}debugger;$/m);
      assert.match(shown, /^order = \{ n: 1, item: 'pizza' \}$/m);

      // A timer (outside any fiber) reaching a `debugger;`: reported, and it went on.
      mark = debuggerProcess.stdout.length;
      assert.equal(await httpGet(target.port, '/later/5', 5000), 'scheduled');
      await debuggerProcess.waitFor(/^hit outside a fiber, not stopped: non-stop-statements\.js:17$/m, 10_000, mark);
      assert.equal(await httpGet(target.port, '/last', 5000), 'later 5');

      mark = debuggerProcess.stdout.length;
      debuggerProcess.send('c');
      await debuggerProcess.waitFor(/^fiber 1 continued; current fiber: 2$/m, 10_000, mark);
      assert.equal(await first, 'order 1: pizza');
      debuggerProcess.send('c');
      await debuggerProcess.waitFor(/^fiber 2 continued$/m, 10_000, mark);
      assert.equal(await second, 'order 2: pasta');
      assert.equal(await debuggerProcess.end('.exit'), 0, debuggerProcess.stderr);

      // The debugger left: the scripts have their `debugger;` back, and a stop-the-world debugger pauses at it.
      const plain = new DebuggerProcess(['attach', `127.0.0.1:${inspectorPort}`], { timeoutMs: 30_000 });
      try {
        plain.send('breakpoints');
        await plain.waitFor(/^No breakpoints$/m);
        const third = httpGet(target.port, '/order/3', 20_000);
        await plain.waitFor(/^break in non-stop-statements\.js:11$/m);
        mark = plain.stdout.length;
        plain.send("p handleOrder.toString().includes('balrog')");
        await plain.waitFor(/^false$/m, 10_000, mark);
        // Leaving resumes the process (in scripted mode `c` would wait for the next pause).
        assert.equal(await plain.end('.exit'), 0, plain.stderr);
        assert.equal(await third, 'order 3: pizza');
      } finally {
        plain.kill();
      }
    },
    { timeoutMs: 60_000 },
  );
});

// Skipped on Node 26 only: the statement it stops at must be converted, which needs live edit (V8 14 removed it).
test('a debugger killed with SIGKILL while a fiber is stopped at a debugger;: the request finishes; the next debugger pauses at it as usual', {
  skip: !hasLiveEdit && 'Node 26: no live edit (see docs/design/non-stop-debugging.md)',
}, async () => {
  await withNonStopService(FIXTURE, async ({ target, debuggerProcess, inspectorPort }) => {
    debuggerProcess.send('fibers');
    await debuggerProcess.waitFor(/^No stopped fibers$/m);
    const order = httpGet(target.port, '/order/11', 20_000);
    await debuggerProcess.waitFor(/^fiber 1 stopped in non-stop-statements\.js:11 \(GET \/order\/11\)$/m);
    debuggerProcess.kill();
    await debuggerProcess.exited;
    // The target's watchdog (every 250 ms) sees the debugger gone and lets the request finish.
    assert.equal(await order, 'order 11: pizza');
    // The statement's call is off: with no debugger, `debugger;` does nothing; with one, it pauses.
    assert.equal(await httpGet(target.port, '/order/13', 5000), 'order 13: pizza');
    const plain = new DebuggerProcess(['attach', `127.0.0.1:${inspectorPort}`], { timeoutMs: 30_000 });
    try {
      plain.send('breakpoints');
      await plain.waitFor(/^No breakpoints$/m);
      const next = httpGet(target.port, '/order/15', 20_000);
      await plain.waitFor(/^break in non-stop-statements\.js:11$/m);
      assert.equal(await plain.end('.exit'), 0, plain.stderr);
      assert.equal(await next, 'order 15: pizza');
    } finally {
      plain.kill();
    }
  });
});

test('a debugger; in a function that was running when non-stop mode began is a V8 pause: the whole process, said so', async () => {
  let slow: Promise<string | undefined> | undefined;
  await withNonStopService(
    FIXTURE,
    async ({ target, debuggerProcess }) => {
      debuggerProcess.send('fibers');
      await debuggerProcess.waitFor(/^No stopped fibers$/m);
      // handleSlow is on its fiber's stack, so V8 would not take the edit: its `debugger;` is V8's.
      assert.equal(await httpGet(target.port, '/go', 5000), 'went');
      await debuggerProcess.waitFor(/^break in non-stop-statements\.js:24$/m);
      await debuggerProcess.waitFor(/^\(the whole process is paused: /m);
      const mark = debuggerProcess.stdout.length;
      debuggerProcess.send('p n', 'c');
      await debuggerProcess.waitFor(/^the process runs$/m, 10_000, mark);
      assert.match(debuggerProcess.stdout.slice(mark), /^9$/m);
      assert.equal(await slow, 'slow 9');
      assert.equal(await debuggerProcess.end('.exit'), 0, debuggerProcess.stderr);
    },
    {
      beforeAttach: async (target) => {
        slow = httpGet(target.port, '/slow/9', 30_000);
        // The request is in handleSlow, waiting for /go, once the service answers another one.
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.match((await httpGet(target.port, '/health', 2000)) ?? 'no answer', /^served 2$/);
      },
    },
  );
});

test('without live edit (Node 26, or forced): a debugger; outside a fiber is resumed and reported; in a fiber it pauses the process', async () => {
  await withNonStopService(
    FIXTURE,
    async ({ target, debuggerProcess }) => {
      debuggerProcess.send('fibers');
      await debuggerProcess.waitFor(/^No stopped fibers$/m);
      assert.equal(await httpGet(target.port, '/later/6', 5000), 'scheduled');
      await debuggerProcess.waitFor(/^hit outside a fiber, not stopped: non-stop-statements\.js:17$/m);
      assert.equal(await httpGet(target.port, '/last', 5000), 'later 6');
      // Where V8 has no live edit, the first such pause says why `debugger;` is not converted.
      if (!hasLiveEdit) assert.match(debuggerProcess.stdout, /^warning: `debugger;` statements stay V8 pauses here/m);
      const order = httpGet(target.port, '/order/7', 20_000);
      await debuggerProcess.waitFor(/^break in non-stop-statements\.js:11$/m);
      await debuggerProcess.waitFor(/^\(the whole process is paused: /m);
      const mark = debuggerProcess.stdout.length;
      debuggerProcess.send('p order', 'c');
      await debuggerProcess.waitFor(/^the process runs$/m, 10_000, mark);
      assert.match(debuggerProcess.stdout.slice(mark), /^\{ n: 7, item: 'pizza' \}$/m);
      assert.equal(await order, 'order 7: pizza');
      assert.equal(await debuggerProcess.end('.exit'), 0, debuggerProcess.stderr);
    },
    { env: hasLiveEdit ? { BALROG_NON_STOP_CONDITION: '1' } : {} },
  );
});
