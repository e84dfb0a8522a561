/**
 * The panes under the status line while no help or picker covers them:
 * source on the left; stack, variables, watches and breakpoints on the right.
 */
import { Box, Text } from 'ink';
import { useMemo } from 'react';
import type { Layout } from './layout.js';
import { ListPane } from './list-pane.js';
import type { TuiState } from './model.js';
import { SourcePane } from './source-pane.js';
import { StackPane } from './stack-pane.js';
import { VariablesPane } from './variables-pane.js';
import type { Cursors, PaneId } from './view-state.js';

/** Props of {@link MainPanes}. */
export interface MainPanesProps {
  state: TuiState;
  layout: Layout;
  focus: PaneId;
  cursors: Cursors;
  colors: boolean;
}

export function MainPanes({ state, layout, focus, cursors, colors }: MainPanesProps) {
  const breakpointLines = useMemo(
    () => new Set(state.breakpoints.filter((bp) => bp.url === state.sourceUrl && bp.line !== undefined).map((bp) => bp.line!)),
    [state.breakpoints, state.sourceUrl],
  );
  const watchItems = useMemo(() => state.watches.map((w) => `${w.expression} = ${w.value}`), [state.watches]);
  const breakpointItems = useMemo(() => state.breakpoints.map((bp) => `#${bp.id} ${bp.text}`), [state.breakpoints]);
  const fiberItems = useMemo(
    () =>
      state.fibers.map(
        (fiber) => `${fiber.current ? '*' : ' '} ${fiber.id}  ${fiber.location}${fiber.request ? `  ${fiber.request}` : ''}`,
      ),
    [state.fibers],
  );
  return (
    <Box flexDirection="row" height={layout.mainHeight}>
      <SourcePane
        path={state.sourcePath}
        lines={state.sourceLines}
        currentLine={state.currentLine}
        cursor={cursors.source}
        breakpointLines={breakpointLines}
        width={layout.sourceWidth}
        height={layout.mainHeight}
        focused={focus === 'source'}
        colors={colors}
      />
      <Box flexDirection="column" width={2} height={layout.mainHeight}>
        {Array.from({ length: layout.mainHeight }, (_, index) => (
          <Text key={index} dimColor>
            {'│ '}
          </Text>
        ))}
      </Box>
      <Box flexDirection="column" width={layout.sideWidth}>
        {state.nonStop ? (
          <ListPane
            title="Fibers (non-stop)"
            items={fiberItems}
            empty="(none stopped)"
            cursor={cursors.fibers}
            width={layout.sideWidth}
            height={layout.fibersHeight}
            focused={focus === 'fibers'}
            colors={colors}
          />
        ) : null}
        <StackPane
          frames={state.frames}
          selected={state.selectedFrame}
          cursor={cursors.stack}
          inFiber={state.inFiber}
          empty={state.status === 'exited' ? '(the target is gone)' : '(running)'}
          width={layout.sideWidth}
          height={layout.stackHeight}
          focused={focus === 'stack'}
          colors={colors}
        />
        <VariablesPane
          rows={state.variables}
          cursor={cursors.variables}
          width={layout.sideWidth}
          height={layout.variablesHeight}
          focused={focus === 'variables'}
          colors={colors}
        />
        <ListPane
          title="Watches"
          items={watchItems}
          empty="(w adds one)"
          cursor={cursors.watches}
          width={layout.sideWidth}
          height={layout.watchesHeight}
          focused={focus === 'watches'}
          colors={colors}
        />
        <ListPane
          title="Breakpoints"
          items={breakpointItems}
          empty="(b on a source line)"
          cursor={cursors.breakpoints}
          width={layout.sideWidth}
          height={layout.breakpointsHeight}
          focused={focus === 'breakpoints'}
          colors={colors}
        />
      </Box>
    </Box>
  );
}
