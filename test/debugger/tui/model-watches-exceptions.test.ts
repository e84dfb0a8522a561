/**
 * The TUI model against real targets (issue 13, item 5): watches keep their
 * last values, prefixed `(stale)`, once the target is gone; `e` cycles pause
 * on exceptions and says the new mode; a pause asked for is labelled as one.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { CdpClient } from '../../../src/debugger/cdp/client.js';
import { startChildTarget } from '../../../src/debugger/connect/child-target.js';
import { DebugSession } from '../../../src/debugger/engine/session.js';
import { TuiModel } from '../../../src/debugger/tui/model.js';
import { fixturesDir } from '../helpers/debugger-process.js';

/** Resolves once `check` holds for the model's state (checked at each change). */
function until(model: TuiModel, check: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out; state: ${JSON.stringify(model.getState().watches)}`)), 10_000);
    const done = (): void => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const unsubscribe = model.subscribe(() => check() && done());
    if (check()) done();
  });
}

test('watches keep their last value, marked stale, once the target has ended', async () => {
  const target = await startChildTarget(`${fixturesDir}steps.js`, [], {
    plainNode: true,
    stdout: new PassThrough(),
    stderr: new PassThrough(),
  });
  const session = await DebugSession.attach(await CdpClient.connect(target.url));
  const model = new TuiModel(session, { consoleEvents: false });
  try {
    model.addWatch('typeof total');
    await until(model, () => model.getState().watches[0]?.value === "'function'");
    await session.continue();
    await until(model, () => model.getState().status === 'exited');
    assert.deepEqual(model.getState().watches, [{ expression: 'typeof total', value: "(stale) 'function'" }]);
  } finally {
    model.dispose();
    await target.exited;
  }
});

test('e cycles pause on exceptions: uncaught, then all stops at a caught exception, then none', async () => {
  const target = await startChildTarget(`${fixturesDir}exceptions.js`, [], {
    plainNode: true,
    stdout: new PassThrough(),
    stderr: new PassThrough(),
  });
  const session = await DebugSession.attach(await CdpClient.connect(target.url));
  const model = new TuiModel(session, { consoleEvents: false });
  try {
    await model.cycleExceptionMode();
    assert.equal(session.exceptionMode, 'uncaught');
    await model.cycleExceptionMode();
    assert.equal(session.exceptionMode, 'all');
    const stop = await session.continue();
    assert.equal(stop.kind === 'paused' && stop.pause.exception, 'RangeError: bad 2', 'all: the caught exception stops');
    await model.cycleExceptionMode();
    assert.equal(session.exceptionMode, 'none');
    assert.deepEqual(
      model
        .getState()
        .console.filter((line) => line.text.startsWith('Pause on exceptions'))
        .map((line) => line.text),
      ['Pause on exceptions: uncaught', 'Pause on exceptions: all', 'Pause on exceptions: none'],
    );
    await session.detach();
  } finally {
    model.dispose();
    await target.exited;
  }
});

test('a pause asked for (p) is labelled as one, not as a step or a debugger statement', async () => {
  const target = await startChildTarget(`${fixturesDir}waits-forever.js`, [], {
    plainNode: true,
    stdout: new PassThrough(),
    stderr: new PassThrough(),
  });
  const session = await DebugSession.attach(await CdpClient.connect(target.url));
  const model = new TuiModel(session, { consoleEvents: false });
  try {
    await until(model, () => model.getState().status === 'paused');
    assert.match(model.getState().statusText, /\((start|debugger statement)\)$/);
    model.continue();
    await until(model, () => model.getState().status === 'running');
    model.pauseTarget();
    await until(model, () => model.getState().status === 'paused');
    assert.match(model.getState().statusText, /^paused at \S+ \(paused on request\)$/);
    model.stepOver();
    await until(model, () => model.getState().status === 'paused' && model.getState().statusText.endsWith('(step)'));
  } finally {
    model.dispose();
    target.child.kill('SIGKILL');
    await target.exited;
  }
});
