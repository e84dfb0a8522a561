/**
 * The TUI's state and actions over one {@link DebugSession}: what the panes
 * show (a plain, immutable snapshot for React's `useSyncExternalStore`) and
 * what the keys do. It holds no debugger logic of its own: running,
 * stepping, breakpoints and evaluation are the engine's.
 */
import { BalrogError } from '../../core/errors.js';
import { describeBreakpoint } from '../engine/breakpoints.js';
import { displayPath, formatPosition } from '../engine/locations.js';
import type { DebugSession, PauseInfo, SessionEvents, Stop } from '../engine/session.js';
import { fuzzyFilter } from './fuzzy.js';
import {
  childNodes,
  findNode,
  openIds,
  pendingFetches,
  scopeNodes,
  visibleRows,
  type VariableNode,
  type VariableRow,
} from './variable-tree.js';

/** One line of the console pane. */
export interface ConsoleLine {
  kind: 'input' | 'result' | 'error' | 'output' | 'info';
  text: string;
}

/** A frame as the stack pane shows it. */
export interface FrameRow {
  index: number;
  functionName: string;
  location: string;
}

/** A breakpoint as the breakpoints pane shows it. */
export interface BreakpointRow {
  id: number;
  text: string;
  /** Source URL and 0-based line where it resolved, when it did. */
  url: string | undefined;
  line: number | undefined;
}

/** Everything the panes draw. */
export interface TuiState {
  status: 'running' | 'paused' | 'exited';
  /** One line about the pause or the run (`paused at service.js:11 (debugger statement)`). */
  statusText: string;
  frames: FrameRow[];
  selectedFrame: number;
  /** Whether the paused thread runs in a fiber (await works); undefined while unknown. */
  inFiber: boolean | undefined;
  sourceUrl: string | undefined;
  sourcePath: string;
  sourceLines: readonly string[];
  /** 0-based line of the selected frame in the source shown, when that source is the frame's. */
  currentLine: number | undefined;
  variables: VariableRow[];
  watches: { expression: string; value: string }[];
  breakpoints: BreakpointRow[];
  console: ConsoleLine[];
  /** The evaluation in flight: its input and when it started (ms, performance.now()). */
  evaluating: { input: string; since: number } | undefined;
  /** Bumped when everything for the current pause is loaded (the benchmark waits for it). */
  loadedPause: number;
}

/** How long a pause may take to load before it is shown without its data. */
const EARLY_SHOW_MS = 150;

/** How long after a resume "running" is shown, unless the target paused again. */
const RUNNING_SHOW_MS = 100;

/** Most console lines kept: older ones scroll away for good. */
export const CONSOLE_LIMIT = 500;

const emptyState: TuiState = {
  status: 'running',
  statusText: 'running',
  frames: [],
  selectedFrame: 0,
  inFiber: undefined,
  sourceUrl: undefined,
  sourcePath: '',
  sourceLines: [],
  currentLine: undefined,
  variables: [],
  watches: [],
  breakpoints: [],
  console: [],
  evaluating: undefined,
  loadedPause: 0,
};

/** Holds the TUI state for one session and turns user actions into engine calls. */
export class TuiModel {
  private state: TuiState = emptyState;
  private readonly listeners = new Set<() => void>();
  private tree: VariableNode[] = [];
  private pause: PauseInfo | undefined;
  /** Bumped at each pause and frame change, so late replies for an older one are dropped. */
  private generation = 0;
  private readonly sources = new Map<string, readonly string[]>();
  private readonly detachers: Array<() => void> = [];
  private runningTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly session: DebugSession,
    options: { consoleEvents: boolean } = { consoleEvents: true },
  ) {
    const on = <E extends keyof SessionEvents>(event: E, listener: (...args: SessionEvents[E]) => void): void => {
      // Typed by the caller's event name; EventEmitter's typing cannot follow a generic one.
      session.on(event, listener as never);
      this.detachers.push(() => session.off(event, listener as never));
    };
    on('paused', (pause) => void this.onPaused(pause));
    on('resumed', () => this.onResumed());
    on('exited', (reason) => {
      // The last values stay readable, marked as what they are now: history.
      const watches = this.state.watches.map((watch) => ({ ...watch, value: staleValue(watch.value) }));
      this.set({ status: 'exited', statusText: `${reason}: q to leave`, frames: [], variables: [], currentLine: undefined, watches });
      this.log('info', reason);
    });
    on('warning', (message) => this.log('info', `warning: ${message}`));
    if (options.consoleEvents) on('console', (event) => this.output(event.text, event.type === 'error'));
    this.refreshBreakpoints();
    if (session.exited !== undefined) this.set({ status: 'exited', statusText: `${session.exited}: q to leave` });
    else if (session.paused) void this.onPaused(session.paused);
  }

  /** The current snapshot (a new object after each change). */
  readonly getState = (): TuiState => this.state;

  /** Calls `listener` after each change; returns the unsubscribe function. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** True once {@link dispose} ran (the TUI is leaving): output must go elsewhere. */
  disposed = false;

  /** Stops listening to the session. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.runningTimer);
    for (const detach of this.detachers.splice(0)) detach();
  }

  /** Program output (a launched entry's stdout and stderr, or console calls), one entry per line. */
  output(text: string, isError = false): void {
    for (const line of text.replace(/\n$/, '').split('\n')) this.log(isError ? 'error' : 'output', line);
  }

  // Run control: each returns at once; the pause (or exit) arrives as an event.
  continue(): void {
    this.runCommand(() => this.session.continue());
  }

  stepOver(): void {
    this.runCommand(() => this.session.stepOver());
  }

  stepInto(): void {
    this.runCommand(() => this.session.stepInto());
  }

  stepOut(): void {
    this.runCommand(() => this.session.stepOut());
  }

  pauseTarget(): void {
    if (!this.targetRunning()) return;
    this.session.pause().catch((error: unknown) => this.fail(error));
  }

  /** Selects frame `index`; source, variables and watches follow. */
  selectFrame(index: number): void {
    if (!this.pause || index < 0 || index >= this.pause.frames.frames.length) return;
    this.pause.frames.select(index);
    void this.loadFrame(this.pause, true);
  }

  /** Opens or closes a variable; opening fetches its properties the first time. */
  toggleVariable(id: string, open?: boolean): void {
    const node = findNode(this.tree, id);
    if (!node?.objectId) return;
    node.expanded = open ?? !node.expanded;
    this.set({ variables: visibleRows(this.tree) });
    if (node.expanded && !node.children) void this.fetchChildren(this.generation);
  }

  /** `e`: pause on exceptions: none → uncaught → all → none; says the new mode in the console. */
  async cycleExceptionMode(): Promise<void> {
    const next = { none: 'uncaught', uncaught: 'all', all: 'none' } as const;
    const mode = next[this.session.exceptionMode];
    try {
      await this.session.setExceptionMode(mode);
      this.log('info', `Pause on exceptions: ${mode}`);
    } catch (error) {
      this.fail(error);
    }
  }

  /** The program's loaded scripts whose path matches `query` (fuzzy), best first: the script picker's choices. */
  scriptChoices(query: string): Array<{ url: string; path: string }> {
    const scripts = new Map<string, string>();
    for (const script of this.session.loadedScripts()) scripts.set(script.url, displayPath(script.url));
    const choices = [...scripts].map(([url, path]) => ({ url, path }));
    return fuzzyFilter(query, choices, (choice) => choice.path);
  }

  /**
   * Shows the script at `url` in the source pane (to read it and set
   * breakpoints there); the next pause shows its frame's source again.
   */
  async openScript(url: string): Promise<void> {
    try {
      const lines = await this.sourceLines(url);
      const frame = this.pause?.frames.selected;
      this.set({
        sourceUrl: url,
        sourcePath: displayPath(url),
        sourceLines: lines,
        currentLine: frame?.position.url === url ? frame.position.line : undefined,
      });
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * Sets a breakpoint with `condition` on `line` (0-based) of the shown
   * source, in place of the one there; an empty condition sets a plain one.
   */
  async setConditionalBreakpoint(line: number, condition: string): Promise<void> {
    const url = this.state.sourceUrl;
    if (url === undefined) return;
    const file = displayPath(url);
    try {
      const existing = this.session.findBreakpoint(file, line + 1);
      if (existing) await this.session.removeBreakpoint(existing.id);
      const bp = await this.session.setBreakpoint({
        kind: 'line',
        file,
        line: line + 1,
        ...(condition.trim() ? { condition: condition.trim() } : {}),
      });
      this.log('info', `Breakpoint ${bp.id} at ${describeBreakpoint(bp)}`);
    } catch (error) {
      this.fail(error);
    }
    this.refreshBreakpoints();
  }

  /** Sets a breakpoint on `line` (0-based) of the shown source, or removes the one there. */
  async toggleBreakpoint(line: number): Promise<void> {
    const url = this.state.sourceUrl;
    if (url === undefined) return;
    // The breakpoint manager matches files by path suffix: the path as shown (relative to the working directory) is one.
    const file = displayPath(url);
    const existing = this.session.findBreakpoint(file, line + 1);
    try {
      if (existing) {
        await this.session.removeBreakpoint(existing.id);
        this.log('info', `Cleared breakpoint ${existing.id}`);
      } else {
        const bp = await this.session.setBreakpoint({ kind: 'line', file, line: line + 1 });
        this.log('info', `Breakpoint ${bp.id} at ${describeBreakpoint(bp)}`);
      }
    } catch (error) {
      this.fail(error);
    }
    this.refreshBreakpoints();
  }

  async removeBreakpoint(id: number): Promise<void> {
    try {
      await this.session.removeBreakpoint(id);
    } catch (error) {
      this.fail(error);
    }
    this.refreshBreakpoints();
  }

  addWatch(expression: string): void {
    if (!expression.trim()) return;
    this.session.watch(expression.trim());
    void this.refreshWatches(this.generation);
  }

  removeWatch(index: number): void {
    try {
      this.session.unwatch(String(index));
    } catch (error) {
      this.fail(error);
    }
    void this.refreshWatches(this.generation);
  }

  /** Evaluates console input in the selected frame (REPL syntax: TS, await, implicit await). */
  async evaluate(input: string): Promise<void> {
    if (!input.trim()) return;
    if (this.state.evaluating) {
      this.log('info', 'an evaluation is still running: Ctrl+C abandons it');
      return;
    }
    this.log('input', input);
    this.set({ evaluating: { input, since: performance.now() } });
    try {
      const result = await this.session.evaluate(input);
      if (!result.undefined || !result.ok) this.log(result.ok ? 'result' : 'error', result.text);
    } catch (error) {
      this.fail(error);
    } finally {
      this.set({ evaluating: undefined });
    }
    // The evaluation may have changed what the frame shows.
    if (this.pause && this.session.paused === this.pause) void this.loadFrame(this.pause, false);
  }

  /** Ctrl+C: abandons the evaluation in flight, or pauses a running target. */
  interrupt(): void {
    if (this.state.evaluating) {
      if (!this.session.abandon()) {
        this.log('info', 'cannot interrupt: the target is not a local process; the evaluation goes on until its promise settles');
      }
      return;
    }
    if (this.targetRunning()) this.pauseTarget();
    else this.log('info', 'press q to leave');
  }

  /** Leaves: breakpoints removed, the target resumed, the connection closed. */
  async leave(): Promise<void> {
    this.dispose();
    // The inspector takes no command while an evaluation waits: end it first.
    if (this.session.evaluating) this.session.abandon();
    await this.session.detach();
  }

  /** Lines of the shown source whose text contains `text` (case-insensitive), from `after` on, wrapping. */
  search(text: string, after: number): number | undefined {
    const needle = text.toLowerCase();
    const lines = this.state.sourceLines;
    for (let offset = 1; offset <= lines.length; offset++) {
      const line = (after + offset) % lines.length;
      if (lines[line]!.toLowerCase().includes(needle)) return line;
    }
    return undefined;
  }

  private runCommand(command: () => Promise<Stop>): void {
    if (!this.session.paused) {
      this.log('info', this.targetRunning() ? 'the target is running: p pauses it' : 'the target is gone: q leaves');
      return;
    }
    command().catch((error: unknown) => this.fail(error));
  }

  private targetRunning(): boolean {
    return !this.session.paused && this.session.exited === undefined;
  }

  /**
   * The running state is shown only if no pause follows soon: a step resumes
   * and pauses again within milliseconds, and drawing "running" in between
   * would flicker and hold the next frame back (ink draws at most 30 a second).
   */
  private onResumed(): void {
    this.generation++;
    this.pause = undefined;
    this.tree = [];
    clearTimeout(this.runningTimer);
    this.runningTimer = setTimeout(() => {
      if (!this.targetRunning()) return;
      this.set({
        status: 'running',
        statusText: 'running (p pauses)',
        frames: [],
        variables: [],
        currentLine: undefined,
        inFiber: undefined,
      });
    }, RUNNING_SHOW_MS);
  }

  private async onPaused(pause: PauseInfo): Promise<void> {
    clearTimeout(this.runningTimer);
    this.pause = pause;
    const frame = pause.frames.selected;
    const what = pause.exception
      ? `${pause.reason === 'promiseRejection' ? 'unhandled rejection' : 'exception'}: ${pause.exception}`
      : reasonText(pause);
    await this.loadFrame(pause, true, {
      status: 'paused',
      statusText: `paused at ${formatPosition(frame.position)} (${what})`,
      frames: pause.frames.frames.map((f) => ({
        index: f.index,
        functionName: f.functionName,
        location: `${formatPosition(f.position)}:${f.position.column + 1}`,
      })),
    });
  }

  /**
   * Loads source, scopes, watches and the fiber mark of the selected frame of
   * `pause`, all at once, and shows them (with `pausePatch`) in one update:
   * each update is a screen redraw. A slow target gets the pause shown
   * first, after {@link EARLY_SHOW_MS}.
   */
  private async loadFrame(pause: PauseInfo, fresh: boolean, pausePatch: Partial<TuiState> = {}): Promise<void> {
    const generation = ++this.generation;
    const frame = pause.frames.selected;
    const early = setTimeout(() => {
      if (generation === this.generation) this.set({ ...pausePatch, inFiber: undefined });
    }, EARLY_SHOW_MS);
    try {
      // Reloading the same frame (after an evaluation) keeps what was open.
      const open = fresh ? undefined : openIds(this.tree);
      this.tree = scopeNodes(this.session.scopes(), open);
      const [lines, inFiber, watches] = await Promise.all([
        this.sourceLines(frame.position.url),
        this.session.inFiber().catch(() => false),
        this.evaluateWatches(),
        this.loadChildren(generation, open),
      ]);
      if (generation !== this.generation) return;
      this.set({
        ...pausePatch,
        selectedFrame: frame.index,
        sourceUrl: frame.position.url,
        sourcePath: displayPath(frame.position.url),
        sourceLines: lines,
        currentLine: frame.position.line,
        variables: visibleRows(this.tree),
        watches,
        inFiber,
        loadedPause: this.state.loadedPause + 1,
      });
    } catch (error) {
      if (generation === this.generation && this.session.exited === undefined) this.fail(error);
    } finally {
      clearTimeout(early);
    }
  }

  /** Fetches the children of every open node that has none yet, level by level. */
  private async loadChildren(generation: number, open?: ReadonlySet<string>): Promise<void> {
    for (
      let pending = pendingFetches(this.tree);
      pending.length > 0 && generation === this.generation;
      pending = pendingFetches(this.tree)
    ) {
      await Promise.all(
        pending.map(async (node) => {
          try {
            node.children = childNodes(node, await this.session.children(node.objectId!), open);
          } catch (error) {
            node.error = (error as Error).message;
          }
        }),
      );
    }
  }

  private async fetchChildren(generation: number): Promise<void> {
    await this.loadChildren(generation);
    if (generation === this.generation) this.set({ variables: visibleRows(this.tree) });
  }

  private async evaluateWatches(): Promise<TuiState['watches']> {
    return Promise.all(
      this.session.watches.map(async (expression) => {
        let value: string;
        if (this.session.exited !== undefined)
          value = staleValue(this.state.watches.find((watch) => watch.expression === expression)?.value ?? '');
        else if (!this.session.paused) value = '(not paused)';
        else {
          try {
            value = (await this.session.evaluate(expression)).text;
          } catch (error) {
            value = `(${(error as Error).message})`;
          }
        }
        return { expression, value: value.replace(/\s*\n\s*/g, ' ') };
      }),
    );
  }

  private async refreshWatches(generation: number): Promise<void> {
    const watches = await this.evaluateWatches();
    if (generation === this.generation || !this.session.paused) this.set({ watches });
  }

  private refreshBreakpoints(): void {
    this.set({
      breakpoints: this.session.listBreakpoints().map((bp) => {
        const at = bp.locations[0];
        return { id: bp.id, text: describeBreakpoint(bp), url: at?.url, line: at?.line };
      }),
    });
  }

  private async sourceLines(url: string): Promise<readonly string[]> {
    const cached = this.sources.get(url);
    if (cached) return cached;
    const text = await this.session.sourceText(url);
    const lines = text === undefined ? [`(no source for ${displayPath(url)})`] : text.split(/\r?\n/);
    this.sources.set(url, lines);
    return lines;
  }

  private fail(error: unknown): void {
    if (error instanceof BalrogError) this.log('error', error.message);
    else this.log('error', String((error as Error)?.stack ?? error));
  }

  private log(kind: ConsoleLine['kind'], text: string): void {
    const console = [...this.state.console, ...text.split('\n').map((line) => ({ kind, text: line }))];
    this.set({ console: console.length > CONSOLE_LIMIT ? console.slice(-CONSOLE_LIMIT) : console });
  }

  private set(patch: Partial<TuiState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

function reasonText(pause: PauseInfo): string {
  if (pause.hit.length > 0) return `breakpoint ${pause.hit.map((bp) => bp.id).join(', ')}`;
  if (pause.requested === 'pause') return 'paused on request';
  if (pause.requested === 'step') return 'step';
  if (pause.requested === 'start' || pause.reason === 'Break on start') return 'start';
  if (pause.reason === 'other') return 'debugger statement';
  return pause.reason;
}

/** A watch's value once the target is gone: its last value, marked stale (once). */
function staleValue(value: string): string {
  if (value.startsWith('(stale) ')) return value;
  return value ? `(stale) ${value}` : '(stale: the target is gone)';
}
