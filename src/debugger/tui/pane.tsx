/**
 * A pane: a one-line title bar (inverse when the pane has the focus) over a
 * fixed number of content lines, each cut to the pane's width so that the
 * layout never wraps and the screen keeps its shape at any size.
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';

/** Props of {@link Pane}. */
export interface PaneProps {
  title: string;
  width: number;
  height: number;
  focused: boolean;
  colors: boolean;
  children: ReactNode;
}

/** A titled pane of `height` lines (the title included). */
export function Pane({ title, width, height, focused, colors, children }: PaneProps) {
  const bar = `${focused ? '▶' : ' '} ${title}`.padEnd(width).slice(0, width);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text inverse={focused} bold color={colors && !focused ? 'cyan' : undefined} wrap="truncate">
        {bar}
      </Text>
      <Box flexDirection="column" width={width} height={Math.max(0, height - 1)} overflow="hidden">
        {children}
      </Box>
    </Box>
  );
}

/** One content line, cut at the pane's width. */
export function Line({
  children,
  color,
  dim,
  bold,
  inverse,
}: {
  children: ReactNode;
  color?: string | undefined;
  dim?: boolean;
  bold?: boolean;
  inverse?: boolean;
}) {
  return (
    <Text wrap="truncate" color={color} dimColor={dim} bold={bold} inverse={inverse}>
      {children}
    </Text>
  );
}

/** The first index of a window of `size` rows that keeps `cursor` in view, near the middle. */
export function scrollTop(cursor: number, size: number, total: number): number {
  if (total <= size) return 0;
  const top = cursor - Math.floor(size / 2);
  return Math.max(0, Math.min(top, total - size));
}
