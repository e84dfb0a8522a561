/**
 * The call stack: `>` on the selected frame, `[fiber]` in the title when the
 * paused thread runs in a fiber (every frame of the stack then can `await`),
 * `[no fiber]` when it does not.
 */
import { memo } from 'react';
import { Line, Pane, scrollTop } from './pane.js';
import type { FrameRow } from './model.js';

/** Props of {@link StackPane}. */
export interface StackPaneProps {
  frames: readonly FrameRow[];
  selected: number;
  cursor: number;
  inFiber: boolean | undefined;
  /** Shown when there are no frames: why (`(running)`, `(the target is gone)`). */
  empty: string;
  width: number;
  height: number;
  focused: boolean;
  colors: boolean;
}

/** Redrawn only when its props change: a pause changes few panes. */
export const StackPane = memo(function StackPane({
  frames,
  selected,
  cursor,
  inFiber,
  empty,
  width,
  height,
  focused,
  colors,
}: StackPaneProps) {
  const rows = Math.max(0, height - 1);
  const top = scrollTop(cursor, rows, frames.length);
  const mark = inFiber === undefined ? '' : inFiber ? ' [fiber]' : ' [no fiber]';
  return (
    <Pane title={`Stack${mark}`} width={width} height={height} focused={focused} colors={colors}>
      {frames.length === 0 ? <Line dim>{empty}</Line> : null}
      {frames.slice(top, top + rows).map((frame) => (
        <Line
          key={frame.index}
          inverse={focused && frame.index === cursor}
          bold={frame.index === selected}
          color={colors && frame.index === selected ? 'cyan' : undefined}
        >
          {`${frame.index === selected ? '>' : ' '}${inFiber ? 'ƒ' : ' '}#${frame.index} ${frame.functionName} ${frame.location}`}
        </Line>
      ))}
    </Pane>
  );
});
