/**
 * What the TUI keeps about the view, not the debuggee: which pane has the
 * focus, the cursors, the input line and what it is for, the help and the
 * script picker. The debuggee's state is the model's ({@link TuiState}).
 */
import { emptyLine, type LineState } from './line-editor.js';

/** The panes Tab moves between, in order (`fibers` only in non-stop mode: see {@link panesShown}). */
export const paneOrder = ['source', 'fibers', 'stack', 'variables', 'watches', 'breakpoints', 'console'] as const;
export type PaneId = (typeof paneOrder)[number];

/** The panes on the screen: the fibers pane is there in non-stop mode only. */
export function panesShown(nonStop: boolean): readonly PaneId[] {
  return nonStop ? paneOrder : paneOrder.filter((pane) => pane !== 'fibers');
}

/**
 * What the input line is for: an evaluation, a search, a watch, the script
 * picker's filter, or the condition of a breakpoint.
 */
export type PromptKind = 'eval' | 'search' | 'watch' | 'open' | 'condition';

/** The input line's prompt for each kind. */
export const prompts: Record<PromptKind, string> = {
  eval: 'debug> ',
  search: 'find: /',
  watch: 'watch: ',
  open: 'open: ',
  condition: 'condition: ',
};

/** The cursor of each pane that has one; `picker` is the script picker's. */
export interface Cursors {
  source: number;
  stack: number;
  variables: number;
  watches: number;
  breakpoints: number;
  fibers: number;
  picker: number;
}

export interface ViewState {
  focus: PaneId;
  cursors: Cursors;
  line: LineState;
  prompt: PromptKind;
  history: string[];
  historyIndex: number;
  lastSearch: string;
  help: boolean;
  leaving: boolean;
  /** The source line (0-based) a `condition` prompt sets a breakpoint on. */
  conditionLine: number;
  /** The pause and frame the cursors last followed. */
  follow: string;
}

export const initialView: ViewState = {
  focus: 'source',
  cursors: { source: 0, stack: 0, variables: 0, watches: 0, breakpoints: 0, fibers: 0, picker: 0 },
  line: emptyLine,
  prompt: 'eval',
  history: [],
  historyIndex: 0,
  lastSearch: '',
  help: false,
  leaving: false,
  conditionLine: 0,
  follow: '',
};
