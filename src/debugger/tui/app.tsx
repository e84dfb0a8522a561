/**
 * The full-screen debugger: the panes laid out for the terminal, the status
 * line, the footer, the help, and the keys. State lives in {@link TuiModel};
 * this component only keeps what is about the view (focus, cursors, input).
 */
import { Box, Text, useInput, type Key } from 'ink';
import { useMemo, useReducer, useRef, useSyncExternalStore } from 'react';
import { ConsolePane } from './console-pane.js';
import { footerText, helpLines } from './keys.js';
import { computeLayout } from './layout.js';
import { editLine, emptyLine, walkHistory, type LineState } from './line-editor.js';
import { ListPane } from './list-pane.js';
import type { TuiModel } from './model.js';
import { Line, Pane } from './pane.js';
import { SourcePane } from './source-pane.js';
import { StackPane } from './stack-pane.js';
import { VariablesPane } from './variables-pane.js';

/** The panes Tab moves between, in order. */
export const paneOrder = ['source', 'stack', 'variables', 'watches', 'breakpoints', 'console'] as const;
export type PaneId = (typeof paneOrder)[number];

/** What the input line is for. */
type PromptKind = 'eval' | 'search' | 'watch';
const prompts: Record<PromptKind, string> = { eval: 'debug> ', search: 'find: /', watch: 'watch: ' };

interface Cursors {
  source: number;
  stack: number;
  variables: number;
  watches: number;
  breakpoints: number;
}

/** What is about the view, not the debuggee: focus, cursors, the input line. */
interface ViewState {
  focus: PaneId;
  cursors: Cursors;
  line: LineState;
  prompt: PromptKind;
  history: string[];
  historyIndex: number;
  lastSearch: string;
  help: boolean;
  leaving: boolean;
  /** The pause and frame the cursors last followed. */
  follow: string;
}

const initialView: ViewState = {
  focus: 'source',
  cursors: { source: 0, stack: 0, variables: 0, watches: 0, breakpoints: 0 },
  line: emptyLine,
  prompt: 'eval',
  history: [],
  historyIndex: 0,
  lastSearch: '',
  help: false,
  leaving: false,
  follow: '',
};

/** A plain key press (text), for the text of a pasted chunk. */
const noKey = {} as Key;

/** Props of {@link App}. */
export interface AppProps {
  model: TuiModel;
  columns: number;
  rows: number;
  colors: boolean;
  /** Called once the user left (`q`): the session is detached by then. */
  onLeave: () => void;
}

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
  const setCursor = (pane: keyof Cursors, value: number): void => update({ cursors: { ...view.current.cursors, [pane]: value } });

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
  });
  const move = (pane: keyof Cursors, delta: number, count: number): void =>
    setCursor(pane, Math.max(0, Math.min(count - 1, view.current.cursors[pane] + delta)));

  const leave = (): void => {
    if (view.current.leaving) return;
    update({ leaving: true });
    model.leave().then(onLeave, onLeave);
  };

  const submit = (): void => {
    const { line, prompt, history, lastSearch, cursors } = view.current;
    const text = line.text;
    if (prompt === 'eval') {
      const kept = text.trim() && history[history.length - 1] !== text ? [...history, text] : history;
      update({ line: emptyLine, history: kept, historyIndex: kept.length });
      void model.evaluate(text);
      return;
    }
    if (prompt === 'watch') model.addWatch(text);
    const needle = text || lastSearch;
    const found = prompt === 'search' && needle ? model.search(needle, cursors.source) : undefined;
    update({
      line: emptyLine,
      prompt: 'eval',
      focus: prompt === 'search' ? 'source' : 'watches',
      lastSearch: prompt === 'search' ? needle : lastSearch,
      cursors: found === undefined ? cursors : { ...cursors, source: found },
    });
  };

  const onConsoleKey = (input: string, key: Key): void => {
    // Typed-ahead or pasted text arrives as one chunk: each line in it is submitted in turn.
    if (input.length > 1 && /[\r\n]/.test(input) && !key.ctrl && !key.meta) {
      const parts = input.split(/\r\n|\r|\n/);
      parts.forEach((part, index) => {
        if (part) update({ line: editLine(view.current.line, part, noKey) });
        if (index < parts.length - 1) submit();
      });
      return;
    }
    const { line, prompt, history, historyIndex } = view.current;
    if (key.escape) update({ prompt: 'eval', line: emptyLine, focus: 'source' });
    else if (key.return) submit();
    else if (key.tab) update({ focus: key.shift ? 'breakpoints' : 'source' });
    else if ((key.upArrow || key.downArrow) && prompt === 'eval') {
      const walked = walkHistory(history, Math.min(historyIndex, history.length), key.upArrow ? -1 : 1);
      if (walked) update({ historyIndex: walked.index, line: walked.line });
    } else {
      const edited = editLine(line, input, key);
      if (edited !== line) update({ line: edited });
    }
  };

  const onPaneKey = (input: string, key: Key): void => {
    const { focus, cursors } = view.current;
    const step = key.pageDown ? 10 : key.pageUp ? -10 : key.downArrow ? 1 : key.upArrow ? -1 : 0;
    if (key.tab) {
      const index = paneOrder.indexOf(focus) + (key.shift ? -1 : 1);
      update({ focus: paneOrder[(index + paneOrder.length) % paneOrder.length]! });
      return;
    }
    if (focus === 'source' && step) move('source', step, state.sourceLines.length);
    if (focus === 'stack' && step) {
      const target = Math.max(0, Math.min(state.frames.length - 1, cursors.stack + step));
      setCursor('stack', target);
      model.selectFrame(target);
    }
    if (focus === 'variables') {
      if (step) move('variables', step, state.variables.length);
      const row = state.variables[view.current.cursors.variables];
      if (row && (key.return || key.rightArrow || input === ' ')) model.toggleVariable(row.id, key.rightArrow ? true : undefined);
      if (row && key.leftArrow) model.toggleVariable(row.id, false);
    }
    if (focus === 'watches') {
      if (step) move('watches', step, state.watches.length);
      if (input === 'd' && state.watches.length > 0) model.removeWatch(Math.min(cursors.watches, state.watches.length - 1));
    }
    if (focus === 'breakpoints') {
      if (step) move('breakpoints', step, state.breakpoints.length);
      const bp = state.breakpoints[cursors.breakpoints];
      if (bp && input === 'd') void model.removeBreakpoint(bp.id);
      if (bp && key.return && bp.url === state.sourceUrl && bp.line !== undefined) {
        update({ cursors: { ...cursors, source: bp.line! }, focus: 'source' });
      }
    }
    switch (input) {
      case 'c':
        return model.continue();
      case 'n':
        return model.stepOver();
      case 's':
        return model.stepInto();
      case 'o':
        return model.stepOut();
      case 'p':
        return model.pauseTarget();
      case 'b':
        void model.toggleBreakpoint(cursors.source);
        return;
      case 'e':
        void model.cycleExceptionMode();
        return;
      case '?':
        return update({ help: !view.current.help });
      case 'q':
        return leave();
      case '!':
      case ':':
        return update({ prompt: 'eval', focus: 'console' });
      case '/':
        return update({ prompt: 'search', focus: 'console' });
      case 'w':
        return update({ prompt: 'watch', focus: 'console' });
    }
  };

  useInput((input, key) => {
    if (key.ctrl && input === 'c') return model.interrupt();
    if (view.current.leaving) return;
    if (view.current.help && (key.escape || input === '?' || input === 'q')) return update({ help: false });
    if (view.current.focus === 'console') onConsoleKey(input, key);
    else onPaneKey(input, key);
  });

  const { focus, cursors, line, prompt, help, leaving } = view.current;
  const breakpointLines = useMemo(
    () => new Set(state.breakpoints.filter((bp) => bp.url === state.sourceUrl && bp.line !== undefined).map((bp) => bp.line!)),
    [state.breakpoints, state.sourceUrl],
  );
  const watchItems = useMemo(() => state.watches.map((w) => `${w.expression} = ${w.value}`), [state.watches]);
  const breakpointItems = useMemo(() => state.breakpoints.map((bp) => `#${bp.id} ${bp.text}`), [state.breakpoints]);
  const status = leaving ? 'leaving: removing breakpoints, resuming the target…' : state.statusText;
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height}>
      <Line
        bold
        inverse={!colors}
        color={colors ? (state.status === 'paused' ? 'yellow' : state.status === 'exited' ? 'red' : 'green') : undefined}
      >
        {` balrog debugger — ${status}`.padEnd(layout.width)}
      </Line>
      {help ? (
        <Pane title="Help (? or Esc closes)" width={layout.width} height={layout.mainHeight} focused colors={colors}>
          {helpLines().map((text) => (
            <Line key={text}>{text}</Line>
          ))}
        </Pane>
      ) : (
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
      <Line dim={!colors} color={colors ? 'gray' : undefined}>
        {footerText(layout.width)}
      </Line>
    </Box>
  );
}
