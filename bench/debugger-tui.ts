/**
 * `balrog debug --tui` benchmarks, in this process with the real engine, the
 * real ink app and a real `node --inspect-brk` target (a frame with 200
 * variables, paused in a loop):
 * - pause event to fully rendered screen (source, stack, all 200 variables
 *   fetched and drawn), at 120x40;
 * - heap of the UI process after 1,000 steps, against after 100 (the pause
 *   data of one frame is all it should keep);
 * - first frame after attach, through the real CLI (bench/debugger-tui-start.ts).
 */
// First: React and ink read the environment when they load (see interactive-env.ts).
import '../src/debugger/tui/interactive-env.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { EventEmitter } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { render } from 'ink';
import { createElement } from 'react';
import { CdpClient } from '../src/debugger/cdp/client.js';
import { startChildTarget } from '../src/debugger/connect/child-target.js';
import { DebugSession } from '../src/debugger/engine/session.js';
import { App } from '../src/debugger/tui/app.js';
import { TuiModel } from '../src/debugger/tui/model.js';
import { measureFirstFrame } from './debugger-tui-start.js';
import type { BenchSection } from './section.js';

const VARIABLES = 200;
const RENDER_SAMPLES = 30;
const STEPS = 1000;

/** A frame with 200 locals of mixed kinds; `debugger;` at each call. */
function targetSource(): string {
  const kinds = [
    (i: number) => `${i}`,
    (i: number) => `'text ${i}'`,
    (i: number) => `{ id: ${i}, name: 'item ${i}', tags: ['a', 'b'] }`,
    (i: number) => `[${i}, ${i + 1}, ${i + 2}]`,
  ];
  const locals = Array.from({ length: VARIABLES }, (_, i) => `  const v${i} = ${kinds[i % kinds.length]!(i)};`).join('\n');
  return (
    `function frame(round) {\n${locals}\n  debugger;\n  let acc = round;\n  acc += v0;\n  acc += 1;\n  return acc;\n}\n` +
    'for (let round = 0; ; round++) frame(round);\n'
  );
}

/** A stream ink takes for a 120x40 terminal; it counts the frames written. */
class Screen extends Writable {
  columns = 120;
  rows = 40;
  isTTY = true;
  writes = 0;
  override _write(_chunk: unknown, _encoding: string, done: () => void): void {
    this.writes++;
    this.emit('wrote');
    done();
  }
}

/** Keyboard stand-in: ink wants a TTY stdin to read keys from. */
class Keyboard extends EventEmitter {
  isTTY = true;
  setRawMode(): void {}
  setEncoding(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read(): null {
    return null;
  }
}

export async function run(): Promise<BenchSection> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const dir = mkdtempSync(join(tmpdir(), 'balrog-tui-bench-'));
  const script = join(dir, 'frame.js');
  writeFileSync(script, targetSource());
  const target = await startChildTarget(script, [], { plainNode: true, stdout: new PassThrough(), stderr: new PassThrough() });
  const session = await DebugSession.attach(await CdpClient.connect(target.url));
  const screen = new Screen();
  let pausedAt = 0;
  session.on('paused', () => (pausedAt = performance.now()));
  const model = new TuiModel(session);
  // Subscribed before the app, so this runs before React's own (synchronous)
  // re-render for the same update, and the write it waits for is that render's.
  let onLoaded: (() => void) | undefined;
  let loadedSeen = 0;
  model.subscribe(() => {
    const loaded = model.getState().loadedPause;
    if (loaded === loadedSeen) return;
    loadedSeen = loaded;
    const waiter = onLoaded;
    onLoaded = undefined;
    waiter?.();
  });
  // Resolves when ink has drawn a frame (its output is written right after)
  // of a state with everything of the next pause loaded. (React may draw
  // within the model's update, before or after other subscribers hear of it.)
  let onDrawn: (() => void) | undefined;
  const nextFullRender = (): Promise<number> =>
    new Promise((resolve) => {
      const before = model.getState().loadedPause;
      onDrawn = () => {
        if (model.getState().loadedPause === before) return;
        onDrawn = undefined;
        resolve(performance.now() - pausedAt);
      };
    });
  const nextLoaded = (): Promise<void> =>
    new Promise((resolve) => {
      onLoaded = resolve;
    });
  const app = render(createElement(App, { model, columns: 120, rows: 40, colors: true, onLeave: () => {} }), {
    stdout: screen as unknown as NodeJS.WriteStream,
    stdin: new Keyboard() as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 30,
    onRender: () => onDrawn?.(),
  });
  try {
    await session.continue();
    const renders: number[] = [];
    for (let i = 0; i < RENDER_SAMPLES; i++) {
      const rendered = nextFullRender();
      model.continue();
      renders.push(await rendered);
    }
    const variablesShown = model.getState().variables.filter((row) => /^v\d+$/.test(row.name)).length;

    // Steps as fast as the pauses load, as a user holding `n` would: ink
    // draws what it can at 30 frames a second.
    const heapAfter = async (steps: number): Promise<number> => {
      for (let i = 0; i < steps; i++) {
        const loaded = nextLoaded();
        model.stepOver();
        await loaded;
      }
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const stepsStarted = performance.now();
    const warm = await heapAfter(100);
    const after = await heapAfter(STEPS - 100);
    const stepSeconds = (performance.now() - stepsStarted) / 1000;
    const growth = (after - warm) / 2 ** 20;
    const sorted = [...renders].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const p90 = sorted[Math.floor(sorted.length * 0.9)]!;
    const firstFrame = await measureFirstFrame();
    return {
      title: 'Debugger TUI (balrog debug --tui, in process, 120x40; first frame through the CLI)',
      rows: [
        ...firstFrame,
        {
          name: `pause event to fully rendered screen, ${VARIABLES} variables in the frame (median)`,
          value:
            `${median.toFixed(1)} ms (p90 ${p90.toFixed(1)}, min ${sorted[0]!.toFixed(1)}, ` +
            `n=${renders.length}; ${variablesShown} variables loaded)`,
          target: '< 50 ms',
          ok: median < 50 && variablesShown === VARIABLES,
        },
        {
          name: `UI heap after ${STEPS} steps (each pause: 200 variables fetched and drawn)`,
          value: `${(after / 2 ** 20).toFixed(1)} MiB; ${growth >= 0 ? '+' : ''}${growth.toFixed(2)} MiB from step 100 to step ${STEPS}`,
          target: '< 2 MiB growth',
          ok: growth < 2,
        },
      ],
      notes: [
        'ink draws at most 30 frames a second (as `balrog debug --tui` does), ' +
          'so a render can wait up to 33 ms for its slot; the time includes that wait.',
        'Not included: the time from a step command to its `Debugger.paused` event (2-3 ms: see the debugger section).',
        `${STEPS} steps took ${(stepSeconds).toFixed(1)} s in all.`,
        `Frames written to the screen during the run: ${screen.writes}.`,
        'First frame: `balrog attach --tui` in a 120x40 pseudo-terminal against a running `node --inspect` target, ' +
          'from the CLI\'s "Attached to process" line (the session attached). The first frame is the status line ' +
          '(src/debugger/tui/first-frame.ts), drawn at once; the full screen follows when ink and React are loaded, ' +
          'which starts when the CLI does.',
      ],
    };
  } finally {
    app.unmount();
    model.dispose();
    await session.detach().catch(() => undefined);
    target.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
