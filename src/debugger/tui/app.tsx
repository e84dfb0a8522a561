/**
 * The full-screen debugger: the panes laid out for the terminal, the status
 * line, the footer, the help, and the keys. State lives in {@link TuiModel};
 * this component only keeps what is about the view (focus, cursors, input).
 */
import { Box, useInput } from 'ink';
import { useReducer, useRef, useSyncExternalStore } from 'react';
import { ConsolePane } from './console-pane.js';
import { MainPanes } from './main-panes.js';
import { footerText, handleKey, helpLines } from './keys.js';
import { computeLayout } from './layout.js';
import { ListPane } from './list-pane.js';
import type { TuiModel } from './model.js';
import { Line, Pane } from './pane.js';
import { initialView, prompts, type ViewState } from './view-state.js';

/** Props of {@link App}. */
export interface AppProps {
  model: TuiModel;
  columns: number;
  rows: number;
  colors: boolean;
  /** Called once the user left (`q`): the session is detached by then. */
  onLeave: () => void;
}

const statusColor = { paused: 'yellow', stopped: 'magenta', exited: 'red', running: 'green' } as const;

export function App({ model, columns, rows, colors, onLeave }: AppProps) {
  const state = useSyncExternalStore(model.subscribe, model.getState);
  // View state lives in a ref: several keys can arrive in one input chunk,
  // and each must see what the one before it did, before React re-renders.
  const view = useRef<ViewState>(initialView);
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const update = (patch: Partial<ViewState>): void => {
    view.current = { ...view.current, ...patch };
    rerender();
  };

  // The source and stack cursors follow each pause and frame change, in the
  // same render (an effect would draw one frame with the old cursor first).
  const follow = `${state.loadedPause}:${state.sourceUrl}:${state.selectedFrame}:${state.currentLine}`;
  if (view.current.follow !== follow) {
    view.current = {
      ...view.current,
      follow,
      cursors: { ...view.current.cursors, source: state.currentLine ?? view.current.cursors.source, stack: state.selectedFrame },
    };
  }

  const layout = computeLayout(columns, rows, {
    frames: state.frames.length,
    watches: state.watches.length,
    breakpoints: state.breakpoints.length,
    fibers: state.nonStop ? state.fibers.length : undefined,
  });

  const leave = (): void => {
    if (view.current.leaving) return;
    update({ leaving: true });
    model.leave().then(onLeave, onLeave);
  };
  useInput((input, key) => handleKey({ model, state, view: () => view.current, update, leave }, input, key));

  const { focus, cursors, line, prompt, help, leaving } = view.current;
  const status = leaving ? 'leaving: removing breakpoints, resuming the target…' : state.statusText;
  const picking = prompt === 'open' && focus === 'console';
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height}>
      <Line bold inverse={!colors} color={colors ? statusColor[state.status] : undefined}>
        {` balrog debugger — ${status}`.padEnd(layout.width)}
      </Line>
      {help ? (
        // The help takes the console's lines too: every key fits an 80x24 terminal.
        <Pane title="Help (? or Esc closes)" width={layout.width} height={layout.mainHeight + layout.consoleHeight} focused colors={colors}>
          {helpLines().map((text) => (
            <Line key={text}>{text}</Line>
          ))}
        </Pane>
      ) : (
        <>
          {picking ? (
            <ListPane
              title="Open a script (type to filter; ↑ ↓ choose; Enter opens; Esc cancels)"
              items={model.scriptChoices(line.text).map((choice) => choice.path)}
              empty="(no loaded script matches)"
              cursor={cursors.picker}
              width={layout.width}
              height={layout.mainHeight}
              focused
              colors={colors}
            />
          ) : (
            <MainPanes state={state} layout={layout} focus={focus} cursors={cursors} colors={colors} />
          )}
          <ConsolePane
            lines={state.console}
            prompt={prompts[prompt]}
            input={line.text}
            cursor={line.cursor}
            evaluating={state.evaluating}
            width={layout.width}
            height={layout.consoleHeight}
            focused={focus === 'console'}
            colors={colors}
          />
        </>
      )}
      <Line dim={!colors} color={colors ? 'gray' : undefined}>
        {footerText(layout.width)}
      </Line>
    </Box>
  );
}
