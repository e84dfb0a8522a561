/**
 * The source around the current line: line numbers, `>` on the line the
 * selected frame is at, `●` on breakpoint lines, the cursor (where `b`
 * toggles a breakpoint) in inverse and marked `›`, light syntax highlighting.
 */
import { memo } from 'react';
import { Text } from 'ink';
import { Line, Pane, scrollTop } from './pane.js';
import { highlightSegments } from './highlight-segments.js';

/** Props of {@link SourcePane}. */
export interface SourcePaneProps {
  path: string;
  lines: readonly string[];
  currentLine: number | undefined;
  cursor: number;
  breakpointLines: ReadonlySet<number>;
  width: number;
  height: number;
  focused: boolean;
  colors: boolean;
}

/** Redrawn only when its props change: a pause changes few panes. */
export const SourcePane = memo(function SourcePane({
  path,
  lines,
  currentLine,
  cursor,
  breakpointLines,
  width,
  height,
  focused,
  colors,
}: SourcePaneProps) {
  const rows = Math.max(0, height - 1);
  const top = scrollTop(cursor, rows, lines.length);
  const numberWidth = String(Math.min(lines.length, top + rows)).length;
  const shown = lines.slice(top, top + rows);
  return (
    <Pane title={path ? `Source ${path}` : 'Source'} width={width} height={height} focused={focused} colors={colors}>
      {shown.map((text, offset) => {
        const number = top + offset;
        const isCurrent = number === currentLine;
        const isCursor = focused && number === cursor;
        // The cursor shows as text too (`›`), for terminals without inverse video.
        const marker = isCurrent ? '>' : isCursor ? '›' : ' ';
        const gutter = `${breakpointLines.has(number) ? '●' : ' '}${marker}${String(number + 1).padStart(numberWidth)} `;
        const body = text.replace(/\t/g, '  ').slice(0, Math.max(0, width - gutter.length));
        return (
          <Line key={number} inverse={isCursor}>
            <Text color={colors ? (breakpointLines.has(number) ? 'red' : isCurrent ? 'cyan' : 'gray') : undefined} bold={isCurrent}>
              {gutter}
            </Text>
            {colors && !isCursor ? (
              highlightSegments(body).map((segment, index) => (
                <Text key={index} color={segment.color} bold={isCurrent}>
                  {segment.text}
                </Text>
              ))
            ) : (
              <Text bold={isCurrent}>{body}</Text>
            )}
          </Line>
        );
      })}
    </Pane>
  );
});
