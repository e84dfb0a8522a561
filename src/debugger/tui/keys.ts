/**
 * The TUI's keys, as one table: each binding's keys, its help text, its
 * footer word and what it does. The footer, the `?` help and the dispatch
 * all read this table (as the line mode's `help` and commands read
 * frontend/commands.ts), so the help cannot drift from the behaviour.
 */
import type { Key } from 'ink';
import { consoleKey } from './console-input.js';
import { emptyLine } from './line-editor.js';
import type { TuiModel, TuiState } from './model.js';
import { panesShown, type Cursors, type ViewState } from './view-state.js';

/** What a key's action can reach: the model, the state drawn, and the view. */
export interface KeyContext {
  model: TuiModel;
  state: TuiState;
  /** The view as the previous key left it (several keys can arrive in one chunk, before a render). */
  view(): ViewState;
  update(patch: Partial<ViewState>): void;
  /** `q`: leave once (the session detaches, then the TUI closes). */
  leave(): void;
}

/** One key binding. */
export interface KeyBinding {
  /** The keys, as {@link keyName} names them and the help shows them. */
  keys: readonly string[];
  /** Short word for the footer; absent when the binding is only in the help. */
  footer?: string;
  help: string;
  /** True for a key that works while the console has the focus too. */
  anywhere?: boolean;
  run(context: KeyContext, name: string): void;
}

/** The name of a key press, as the table spells keys: `c`, `Ctrl+C`, `Shift+Tab`, `Enter`, `↑`, `Space`. */
export function keyName(input: string, key: Key): string {
  if (key.ctrl && input === 'c') return 'Ctrl+C';
  if (key.tab) return key.shift ? 'Shift+Tab' : 'Tab';
  if (key.return) return 'Enter';
  if (key.escape) return 'Esc';
  if (key.upArrow) return '↑';
  if (key.downArrow) return '↓';
  if (key.leftArrow) return '←';
  if (key.rightArrow) return '→';
  if (key.pageUp) return 'PgUp';
  if (key.pageDown) return 'PgDn';
  if (input === ' ') return 'Space';
  return input;
}

const setCursor = (context: KeyContext, pane: keyof Cursors, value: number): void =>
  context.update({ cursors: { ...context.view().cursors, [pane]: value } });

/** Moves a pane's cursor by `delta`, within its `count` rows. */
const move = (context: KeyContext, pane: keyof Cursors, delta: number, count: number): number => {
  const target = Math.max(0, Math.min(count - 1, context.view().cursors[pane] + delta));
  setCursor(context, pane, target);
  return target;
};

const steps: Record<string, number> = { '↑': -1, '↓': 1, PgUp: -10, PgDn: 10 };

/** Opens the input line for `prompt` in the console. */
const ask = (context: KeyContext, prompt: ViewState['prompt'], patch: Partial<ViewState> = {}): void =>
  context.update({ prompt, focus: 'console', line: emptyLine, ...patch });

export const keyTable: readonly KeyBinding[] = [
  {
    keys: ['c'],
    footer: 'cont',
    help: 'continue until the next pause (non-stop mode: the current fiber goes on)',
    run: ({ model }) => model.continue(),
  },
  {
    keys: ['n'],
    footer: 'next',
    help: 'step over (non-stop mode: the current fiber; the process pauses)',
    run: ({ model }) => model.stepOver(),
  },
  { keys: ['s'], footer: 'into', help: 'step into', run: ({ model }) => model.stepInto() },
  { keys: ['o'], footer: 'out', help: 'step out', run: ({ model }) => model.stepOut() },
  { keys: ['p'], footer: 'pause', help: 'pause the running target (the whole process)', run: ({ model }) => model.pauseTarget() },
  {
    keys: ['N', 't', 'C'],
    help: 'non-stop mode (a breakpoint stops one fiber): N on / off, t next stopped fiber, C continue them all',
    run: ({ model }, name) => {
      if (name === 'N') void model.toggleNonStop();
      else if (name === 't') model.nextFiber();
      else void model.continueAll();
    },
  },
  {
    keys: ['Ctrl+C'],
    anywhere: true,
    help: 'abandon the evaluation that waits, or pause the running target',
    run: ({ model }) => model.interrupt(),
  },
  {
    keys: ['b'],
    footer: 'bp',
    help: 'toggle a breakpoint on the source cursor line',
    run: (context) => void context.model.toggleBreakpoint(context.view().cursors.source),
  },
  {
    keys: ['B'],
    help: 'set a breakpoint with a condition (asked for) on the source cursor line',
    run: (context) => ask(context, 'condition', { conditionLine: context.view().cursors.source }),
  },
  { keys: ['e'], help: 'pause on exceptions: none → uncaught → all → none', run: ({ model }) => void model.cycleExceptionMode() },
  {
    keys: ['f'],
    footer: 'file',
    help: 'open a loaded script: type part of its path (fuzzy), ↑ ↓ choose, Enter opens',
    run: (context) => ask(context, 'open', { cursors: { ...context.view().cursors, picker: 0 } }),
  },
  {
    keys: ['Tab', 'Shift+Tab'],
    help: 'next / previous pane',
    run: (context, name) => {
      const panes = panesShown(context.state.nonStop);
      const index = panes.indexOf(context.view().focus) + (name === 'Tab' ? 1 : -1);
      context.update({ focus: panes[(index + panes.length) % panes.length]! });
    },
  },
  {
    keys: ['↑', '↓', 'PgUp', 'PgDn'],
    help: 'move the cursor; in Stack it selects the frame (source and variables follow)',
    run: (context, name) => {
      const { state, model } = context;
      const step = steps[name]!;
      const focus = context.view().focus;
      if (focus === 'source') move(context, 'source', step, state.sourceLines.length);
      else if (focus === 'stack') model.selectFrame(move(context, 'stack', step, state.frames.length));
      else if (focus === 'variables') move(context, 'variables', step, state.variables.length);
      else if (focus === 'watches') move(context, 'watches', step, state.watches.length);
      else if (focus === 'breakpoints') move(context, 'breakpoints', step, state.breakpoints.length);
      else if (focus === 'fibers') move(context, 'fibers', step, state.fibers.length);
    },
  },
  {
    keys: ['Enter', 'Space', '→', '←'],
    help: 'Variables: open / close an object (→ opens, ← closes); Breakpoints: show its line; Fibers: make it current',
    run: (context, name) => {
      const { state, model } = context;
      const { focus, cursors } = context.view();
      const fiber = state.fibers[cursors.fibers];
      if (focus === 'fibers' && fiber && (name === 'Enter' || name === 'Space')) model.selectFiber(fiber.id);
      if (focus === 'variables') {
        const row = state.variables[cursors.variables];
        if (row) model.toggleVariable(row.id, name === '→' ? true : name === '←' ? false : undefined);
      }
      const bp = state.breakpoints[cursors.breakpoints];
      if (focus === 'breakpoints' && name === 'Enter' && bp?.line !== undefined && bp.url === state.sourceUrl) {
        context.update({ cursors: { ...cursors, source: bp.line }, focus: 'source' });
      }
    },
  },
  {
    keys: ['/'],
    footer: 'find',
    help: 'search in the source (an empty search repeats the last one)',
    run: (context) => ask(context, 'search'),
  },
  {
    keys: ['!', ':'],
    footer: 'eval',
    help: 'console: evaluate in the selected frame (TS, await); Esc leaves; ↑ ↓ history',
    run: (context) => ask(context, 'eval'),
  },
  { keys: ['w'], help: 'add a watch expression', run: (context) => ask(context, 'watch') },
  {
    keys: ['d'],
    help: 'Watches / Breakpoints: remove the selected one',
    run: (context) => {
      const { state, model } = context;
      const { focus, cursors } = context.view();
      if (focus === 'watches' && state.watches.length > 0) model.removeWatch(Math.min(cursors.watches, state.watches.length - 1));
      const bp = state.breakpoints[cursors.breakpoints];
      if (focus === 'breakpoints' && bp) void model.removeBreakpoint(bp.id, bp.nonStop);
    },
  },
  {
    keys: ['?'],
    footer: 'help',
    help: 'show / hide this help (Esc closes it too)',
    run: (context) => context.update({ help: !context.view().help }),
  },
  { keys: ['q'], footer: 'quit', help: 'leave: breakpoints removed, the target resumed', run: (context) => context.leave() },
];

/** Handles one key press: the table's keys, or the console's line editing while it has the focus. */
export function handleKey(context: KeyContext, input: string, key: Key): void {
  const name = keyName(input, key);
  const binding = keyTable.find((candidate) => candidate.keys.includes(name));
  if (binding?.anywhere) return binding.run(context, name);
  const view = context.view();
  if (view.leaving) return;
  if (view.help && (name === 'Esc' || name === 'q')) return context.update({ help: false });
  if (view.focus === 'console') return consoleKey(context, input, key);
  binding?.run(context, name);
}

/** The footer line: `c cont  n next ...`, cut to `width`. */
export function footerText(width: number): string {
  const keys = keyTable.filter((binding) => binding.footer);
  const text = keys.map((binding) => `${binding.keys[0]} ${binding.footer}`).join('  ');
  if (text.length <= width) return text;
  // Tight terminals: single spaces first, then cut.
  return keys
    .map((binding) => `${binding.keys[0]}:${binding.footer}`)
    .join(' ')
    .slice(0, width);
}

/** The help lines: keys aligned. */
export function helpLines(): string[] {
  const labels = keyTable.map((binding) => binding.keys.join(' '));
  const width = Math.max(...labels.map((label) => label.length));
  return keyTable.map((binding, index) => `${labels[index]!.padEnd(width)}  ${binding.help}`);
}
