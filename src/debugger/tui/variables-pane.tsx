/**
 * Scopes and variables as a tree: `▸` closed, `▾` open (objects open
 * lazily, fetched on first opening), `name: summary` per line.
 */
import { memo } from 'react';
import { Text } from 'ink';
import { Line, Pane, scrollTop } from './pane.js';
import type { VariableRow } from './variable-tree.js';

/** Props of {@link VariablesPane}. */
export interface VariablesPaneProps {
  rows: readonly VariableRow[];
  cursor: number;
  width: number;
  height: number;
  focused: boolean;
  colors: boolean;
}

/** Redrawn only when its props change: a pause changes few panes. */
export const VariablesPane = memo(function VariablesPane({ rows, cursor, width, height, focused, colors }: VariablesPaneProps) {
  const size = Math.max(0, height - 1);
  const top = scrollTop(cursor, size, rows.length);
  return (
    <Pane title="Variables" width={width} height={height} focused={focused} colors={colors}>
      {rows.length === 0 ? <Line dim>(none)</Line> : null}
      {rows.slice(top, top + size).map((row, offset) => {
        const marker = row.expandable ? (row.expanded ? '▾' : '▸') : ' ';
        const indent = '  '.repeat(row.depth);
        const isScope = row.depth === 0;
        return (
          <Line key={row.id} inverse={focused && top + offset === cursor}>
            <Text bold={isScope} color={colors && isScope ? 'yellow' : undefined}>{`${indent}${marker} ${row.name}`}</Text>
            {row.summary ? <Text color={colors ? 'green' : undefined}>{isScope ? ` ${row.summary}` : `: ${row.summary}`}</Text> : null}
          </Line>
        );
      })}
    </Pane>
  );
});
