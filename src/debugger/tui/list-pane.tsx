/**
 * A pane that lists short entries with a cursor: breakpoints and watches.
 */
import { memo } from 'react';
import { Line, Pane, scrollTop } from './pane.js';

/** Props of {@link ListPane}. */
export interface ListPaneProps {
  title: string;
  items: readonly string[];
  /** Shown when there are no items (says how to add one). */
  empty: string;
  cursor: number;
  width: number;
  height: number;
  focused: boolean;
  colors: boolean;
}

/** Redrawn only when its props change: a pause changes few panes. */
export const ListPane = memo(function ListPane({ title, items, empty, cursor, width, height, focused, colors }: ListPaneProps) {
  const size = Math.max(0, height - 1);
  const top = scrollTop(cursor, size, items.length);
  return (
    <Pane title={title} width={width} height={height} focused={focused} colors={colors}>
      {items.length === 0 ? <Line dim>{empty}</Line> : null}
      {items.slice(top, top + size).map((item, offset) => (
        <Line key={top + offset} inverse={focused && top + offset === cursor}>
          {item}
        </Line>
      ))}
    </Pane>
  );
});
