/**
 * The TUI model marks watches stale once the target is gone (issue 13,
 * item 5): the last values stay readable, prefixed `(stale)`.
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
  const target = await startChildTarget(`${fixturesDir}steps.js`, [], { plainNode: true, stdout: new PassThrough(), stderr: new PassThrough() });
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
