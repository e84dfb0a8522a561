/**
 * Pane sizes for a terminal of `width` x `height`: status line, source on the
 * left, stack / variables / watches / breakpoints on the right, console and
 * footer at the bottom. Works down to 80x24; smaller terminals get smaller panes.
 */

/** Sizes (columns, lines) of every part of the screen. */
export interface Layout {
  width: number;
  height: number;
  mainHeight: number;
  sourceWidth: number;
  sideWidth: number;
  stackHeight: number;
  variablesHeight: number;
  watchesHeight: number;
  breakpointsHeight: number;
  /** 0 outside non-stop mode (no fibers pane). */
  fibersHeight: number;
  consoleHeight: number;
}

const clamp = (value: number, low: number, high: number): number => Math.max(low, Math.min(high, value));

/** Sizes for the terminal and the current number of frames, watches and breakpoints. */
export function computeLayout(
  columns: number,
  rows: number,
  counts: { frames: number; watches: number; breakpoints: number; fibers?: number | undefined },
): Layout {
  const width = Math.max(40, columns);
  // One line short of the terminal: ink redraws a frame as tall as the
  // terminal by clearing it, which flickers.
  const height = Math.max(12, rows - 1);
  const consoleHeight = clamp(Math.floor(height * 0.3), 4, 14);
  const mainHeight = height - consoleHeight - 2;
  const sourceWidth = Math.floor(width * 0.55);
  const sideWidth = width - sourceWidth - 2;
  const stackHeight = clamp(counts.frames + 1, 3, Math.max(3, Math.floor(mainHeight * 0.3)));
  // Short terminals keep room for the variables: lists show fewer entries (they scroll).
  // With the fibers pane too (non-stop mode), watches and breakpoints take less still.
  const listMax = mainHeight >= 20 ? 4 : counts.fibers === undefined ? 3 : 2;
  const watchesHeight = clamp(counts.watches + 1, 2, listMax);
  const breakpointsHeight = clamp(counts.breakpoints + 1, 2, listMax);
  const fibersHeight = counts.fibers === undefined ? 0 : clamp(counts.fibers + 1, 2, Math.max(3, listMax));
  const variablesHeight = Math.max(2, mainHeight - stackHeight - watchesHeight - breakpointsHeight - fibersHeight);
  return {
    width,
    height,
    mainHeight,
    sourceWidth,
    sideWidth,
    stackHeight,
    variablesHeight,
    watchesHeight,
    breakpointsHeight,
    fibersHeight,
    consoleHeight,
  };
}
