/**
 * The full-screen debugger: the panes laid out for the terminal, the status
 * line, the footer, the help, and the keys. State lives in {@link TuiModel};
 * this component only keeps what is about the view (focus, cursors, input).
 */
import { Box, Text, useInput, type Key } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
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
  const [focus, setFocus] = useState<PaneId>('source');
  const [cursors, setCursors] = useState({ source: 0, stack: 0, variables: 0, watches: 0, breakpoints: 0 });
  const [line, setLine] = useState<LineState>(emptyLine);
  const [prompt, setPrompt] = useState<PromptKind>('eval');
  const [history, setHistory] = useState<string[]>([]);
  const [historyIndex, setHistoryIndex] = useState(0);
  const [lastSearch, setLastSearch] = useState('');
  const [help, setHelp] = useState(false);
  const [leaving, setLeaving] = useState(false);

  // The source cursor and the stack cursor follow each pause and frame change.
  useEffect(() => {
    setCursors((c) => ({ ...c, source: state.currentLine ?? 0, stack: state.selectedFrame, variables: state.loadedPause === 0 ? 0 : c.variables }));
  }, [state.currentLine, state.sourceUrl, state.selectedFrame, state.loadedPause]);

  const layout = computeLayout(columns, rows, { frames: state.frames.length, watches: state.watches.length, breakpoints: state.breakpoints.length });
  const move = (pane: keyof typeof cursors, delta: number, count: number): void =>
    setCursors((c) => ({ ...c, [pane]: Math.max(0, Math.min(count - 1, c[pane] + delta)) }));

  const leave = (): void => {
    if (leaving) return;
    setLeaving(true);
    model.leave().then(onLeave, onLeave);
  };

  const submit = (): void => {
    const text = line.text;
    setLine(emptyLine);
    if (prompt === 'eval') {
      if (text.trim()) setHistory((h) => (h[h.length - 1] === text ? h : [...h, text]));
      setHistoryIndex(history.length + 1);
      void model.evaluate(text);
      return;
    }
    if (prompt === 'watch') model.addWatch(text);
    else {
      const needle = text || lastSearch;
      setLastSearch(needle);
      const found = needle ? model.search(needle, cursors.source) : undefined;
      if (found !== undefined) setCursors((c) => ({ ...c, source: found }));
    }
    setPrompt('eval');
    setFocus(prompt === 'search' ? 'source' : 'watches');
  };

  const onConsoleKey = (input: string, key: Key): void => {
    if (key.escape) {
      setPrompt('eval');
      setLine(emptyLine);
      setFocus('source');
    } else if (key.return) submit();
    else if (key.tab) setFocus(key.shift ? 'breakpoints' : 'source');
    else if ((key.upArrow || key.downArrow) && prompt === 'eval') {
      const walked = walkHistory(history, Math.min(historyIndex, history.length), key.upArrow ? -1 : 1);
      if (walked) {
        setHistoryIndex(walked.index);
        setLine(walked.line);
      }
    } else setLine((current) => editLine(current, input, key));
  };

  const onPaneKey = (input: string, key: Key): void => {
    const step = key.pageDown ? 10 : key.pageUp ? -10 : key.downArrow ? 1 : key.upArrow ? -1 : 0;
    if (key.tab) {
      const index = paneOrder.indexOf(focus) + (key.shift ? -1 : 1);
      setFocus(paneOrder[(index + paneOrder.length) % paneOrder.length]!);
      return;
    }
    if (focus === 'source' && step) move('source', step, state.sourceLines.length);
    if (focus === 'stack' && step) {
      const target = Math.max(0, Math.min(state.frames.length - 1, cursors.stack + step));
      setCursors((c) => ({ ...c, stack: target }));
      model.selectFrame(target);
    }
    if (focus === 'variables') {
      if (step) move('variables', step, state.variables.length);
      const row = state.variables[cursors.variables];
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
        setCursors((c) => ({ ...c, source: bp.line! }));
        setFocus('source');
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
      case '?':
        return setHelp((shown) => !shown);
      case 'q':
        return leave();
      case '!':
      case ':':
        setPrompt('eval');
        return setFocus('console');
      case '/':
        setPrompt('search');
        return setFocus('console');
      case 'w':
        setPrompt('watch');
        return setFocus('console');
    }
  };

  useInput((input, key) => {
    if (key.ctrl && input === 'c') return model.interrupt();
    if (leaving) return;
    if (help && (key.escape || input === '?' || input === 'q')) return setHelp(false);
    if (focus === 'console') onConsoleKey(input, key);
    else onPaneKey(input, key);
  });

  const breakpointLines = new Set(state.breakpoints.filter((bp) => bp.url === state.sourceUrl && bp.line !== undefined).map((bp) => bp.line!));
  const status = leaving ? 'leaving: removing breakpoints, resuming the target…' : state.statusText;
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height}>
      <Line bold inverse={!colors} color={colors ? (state.status === 'paused' ? 'yellow' : state.status === 'exited' ? 'red' : 'green') : undefined}>
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
          <Box flexDirection="column" width={1} height={layout.mainHeight}>
            {Array.from({ length: layout.mainHeight }, (_, index) => (
              <Text key={index} dimColor>
                │
              </Text>
            ))}
          </Box>
          <Box flexDirection="column" width={layout.sideWidth}>
            <StackPane frames={state.frames} selected={state.selectedFrame} cursor={cursors.stack} inFiber={state.inFiber} width={layout.sideWidth} height={layout.stackHeight} focused={focus === 'stack'} colors={colors} />
            <VariablesPane rows={state.variables} cursor={cursors.variables} width={layout.sideWidth} height={layout.variablesHeight} focused={focus === 'variables'} colors={colors} />
            <ListPane title="Watches" items={state.watches.map((w) => `${w.expression} = ${w.value}`)} empty="(w adds one)" cursor={cursors.watches} width={layout.sideWidth} height={layout.watchesHeight} focused={focus === 'watches'} colors={colors} />
            <ListPane title="Breakpoints" items={state.breakpoints.map((bp) => `#${bp.id} ${bp.text}`)} empty="(b on a source line)" cursor={cursors.breakpoints} width={layout.sideWidth} height={layout.breakpointsHeight} focused={focus === 'breakpoints'} colors={colors} />
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
