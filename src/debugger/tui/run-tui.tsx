/**
 * Starts the full-screen debugger on a session: the terminal's alternate
 * screen, ink rendering at the terminal's size (re-laid out on resize), and
 * back to the normal screen when the user leaves. Load it through `index.ts`.
 */
import chalk from 'chalk';
import { render } from 'ink';
import { useEffect, useState } from 'react';
import type { DebugSession } from '../engine/session.js';
import { App } from './app.js';
import { restoreEnv } from './interactive-env.js';
import { TuiModel } from './model.js';

/** Options of {@link runTui}. */
export interface TuiOptions {
  colors: boolean;
  /**
   * False when the program's output reaches the model another way (a
   * launched entry's stdout and stderr): then console API events are not
   * shown, or each line would show twice.
   */
  consoleEvents: boolean;
  /** Called with the model before the first render (to connect program output). */
  onModel?: (model: TuiModel) => void;
}

/** Runs the TUI until the user leaves; returns the exit code. */
export async function runTui(session: DebugSession, options: TuiOptions): Promise<number> {
  restoreEnv();
  // ink styles through chalk's default instance, whose level was guessed at
  // load (0 under CI, say). This is a terminal: styles on. Colors are the
  // components' choice (`colors`), so NO_COLOR keeps bold and inverse only.
  chalk.level = Math.max(chalk.level, 1) as typeof chalk.level;
  const stdout = process.stdout;
  const model = new TuiModel(session, { consoleEvents: options.consoleEvents });
  options.onModel?.(model);
  stdout.write('\x1b[?1049h\x1b[H');
  let leave: () => void = () => {};
  const left = new Promise<void>((resolve) => (leave = resolve));
  const instance = render(<Sized model={model} colors={options.colors} onLeave={() => leave()} />, {
    exitOnCtrlC: false,
    patchConsole: true,
    maxFps: 30,
  });
  try {
    await left;
  } finally {
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    model.dispose();
    stdout.write('\x1b[?1049l');
  }
  return 0;
}

const size = (): { columns: number; rows: number } => ({ columns: process.stdout.columns || 80, rows: process.stdout.rows || 24 });

/** The app at the terminal's current size. */
function Sized({ model, colors, onLeave }: { model: TuiModel; colors: boolean; onLeave: () => void }) {
  const [{ columns, rows }, setSize] = useState(size);
  useEffect(() => {
    const onResize = (): void => setSize(size());
    process.stdout.on('resize', onResize);
    return () => void process.stdout.off('resize', onResize);
  }, []);
  return <App model={model} columns={columns} rows={rows} colors={colors} onLeave={onLeave} />;
}
