/**
 * The TUI's state and actions over one {@link DebugSession}: what the panes
 * show (a plain, immutable snapshot for React's `useSyncExternalStore`) and
 * what the keys do. It holds no debugger logic of its own: running,
 * stepping, breakpoints and evaluation are the engine's.
 */
import { BalrogError } from '../../core/errors.js';
import { describeBreakpoint } from '../engine/breakpoints.js';
import { displayPath, formatPosition } from '../engine/locations.js';
import { describeNonStop, type NonStopController, type StepKind, type StoppedFiber } from '../engine/non-stop/controller.js';
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
  /** A non-stop breakpoint (its numbers are apart from the whole-process ones). */
  nonStop: boolean;
  text: string;
  /** Source URL and 0-based line where it resolved, when it did. */
  url: string | undefined;
  line: number | undefined;
}

/** A stopped fiber as the fibers pane shows it (non-stop mode). */
export interface FiberRow {
  id: number;
  /** `service.js:10` */
  location: string;
  /** `GET /order/1`, when a frame holds the HTTP request. */
  request: string | undefined;
  current: boolean;
}

/** Everything the panes draw. */
export interface TuiState {
  /** `stopped`: the process runs and the panes show a stopped fiber (non-stop mode). */
  status: 'running' | 'paused' | 'stopped' | 'exited';
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
  /** Non-stop mode is on: a breakpoint stops only the fiber that reaches it. */
  nonStop: boolean;
  /** The stopped fibers, oldest first (non-stop mode). */
  fibers: FiberRow[];
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
  nonStop: false,
  fibers: [],
};

/** Said in the status line whenever the whole process is paused in non-stop mode. */
const WHOLE_PROCESS = 'non-stop: the whole process is paused; c lets it run';

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
  /** Stops following the non-stop controller's events. */
  private unfollowNonStop: (() => void) | undefined;
  /** The stopped fiber the panes show (non-stop mode, the process running). */
  private fiber: StoppedFiber | undefined;

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
    if (session.nonStop) this.followNonStop(session.nonStop);
    this.refreshBreakpoints();
    if (session.exited !== undefined) this.set({ status: 'exited', statusText: `${session.exited}: q to leave` });
    else if (session.paused) void this.onPaused(session.paused);
    else if (session.nonStop) this.showRunning();
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
    this.unfollowNonStop?.();
  }

  /** Program output (a launched entry's stdout and stderr, or console calls), one entry per line. */
  output(text: string, isError = false): void {
    for (const line of text.replace(/\n$/, '').split('\n')) this.log(isError ? 'error' : 'output', line);
  }

  // Run control: each returns at once; the pause (or exit) arrives as an event.
  // In non-stop mode, while the process runs, they act on the current stopped fiber.
  continue(): void {
    const controller = this.session.nonStop;
    if (controller && !this.session.paused && this.session.exited === undefined) {
      void this.continueFiber(controller);
      return;
    }
    this.runCommand(() => this.session.continue());
  }

  /** `C`: every stopped fiber goes on, and the process if it is paused (non-stop mode). */
  async continueAll(): Promise<void> {
    const controller = this.session.nonStop;
    if (!controller) {
      this.log('info', 'C continues every stopped fiber in non-stop mode (N turns it on); c continues');
      return;
    }
    try {
      const count = await controller.continueAll();
      const paused = this.session.paused !== undefined;
      if (paused) await this.session.resume();
      this.log('info', `${count} stopped fiber${count === 1 ? '' : 's'} continued${paused ? '; the process runs' : ''}`);
    } catch (error) {
      this.fail(error);
    }
    this.afterFibersChanged();
  }

  stepOver(): void {
    this.step('over', () => this.session.stepOver());
  }

  stepInto(): void {
    this.step('into', () => this.session.stepInto());
  }

  stepOut(): void {
    this.step('out', () => this.session.stepOut());
  }

  /**
   * `N`: non-stop mode on or off. The line breakpoints carry over (a
   * function's breakpoint stays a whole-process one); turning it off is
   * refused while fibers are stopped.
   */
  async toggleNonStop(): Promise<void> {
    if (this.state.evaluating || this.session.evaluating) {
      this.log('info', 'an evaluation is running: Ctrl+C abandons it');
      return;
    }
    if (this.session.exited !== undefined) return;
    try {
      if (this.session.nonStop) {
        const breakpoints = await this.session.disableNonStop();
        this.unfollowNonStop?.();
        this.unfollowNonStop = undefined;
        this.fiber = undefined;
        for (const bp of breakpoints) {
          await this.session
            .setBreakpoint({ kind: 'line', file: bp.file, line: bp.line, ...(bp.condition ? { condition: bp.condition } : {}) })
            .catch((error: unknown) => this.fail(error));
        }
        this.log('info', 'Non-stop mode: off (a breakpoint pauses the whole process)');
      } else {
        const controller = await this.session.enableNonStop();
        this.followNonStop(controller);
        for (const bp of this.session.listBreakpoints()) {
          if (bp.spec.kind !== 'line') {
            this.log('info', `breakpoint ${bp.id} (${describeBreakpoint(bp)}) is on a function: it still pauses the whole process`);
            continue;
          }
          const { file, line, condition } = bp.spec;
          await this.session.removeBreakpoint(bp.id);
          await controller.setBreakpoint(file, line, condition).catch((error: unknown) => this.fail(error));
        }
        this.log('info', 'Non-stop mode: on (a breakpoint stops only the fiber, the request, that reaches it; t switches fibers)');
      }
    } catch (error) {
      this.fail(error);
    }
    this.refreshBreakpoints();
    this.afterFibersChanged();
  }

  /** `t`: the next stopped fiber becomes the current one (non-stop mode). */
  nextFiber(): void {
    const fibers = this.session.nonStop?.fibers() ?? [];
    if (fibers.length === 0) {
      this.log('info', this.session.nonStop ? 'no fiber is stopped' : 'no fibers: N turns non-stop mode on');
      return;
    }
    const at = fibers.findIndex((fiber) => fiber.id === this.session.nonStop?.current?.id);
    this.selectFiber(fibers[(at + 1) % fibers.length]!.id);
  }

  /** Makes stopped fiber `id` the current one; the panes show it (unless the whole process is paused). */
  selectFiber(id: number): void {
    const controller = this.session.nonStop;
    if (!controller) return;
    try {
      controller.select(id);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.afterFibersChanged();
  }

  pauseTarget(): void {
    if (!this.targetRunning()) return;
    this.session.pause().catch((error: unknown) => this.fail(error));
  }

  /** Selects frame `index`; source, variables and watches follow. */
  selectFrame(index: number): void {
    if (this.fiber && !this.pause) {
      if (index < 0 || index >= this.fiber.frames.frames.length) return;
      this.fiber.frames.select(index);
      void this.showFiber(this.fiber);
      return;
    }
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
    const controller = this.session.nonStop;
    if (controller) {
      try {
        const existing = nonStopAt(controller, url, file, line);
        if (existing) await controller.removeBreakpoint(existing.id);
        const bp = await controller.setBreakpoint(file, line + 1, condition.trim() || undefined);
        this.log('info', `Breakpoint ${bp.id} at ${describeNonStop(bp)} (non-stop)`);
      } catch (error) {
        this.fail(error);
      }
      this.refreshBreakpoints();
      return;
    }
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
    const controller = this.session.nonStop;
    if (controller) {
      const existing = nonStopAt(controller, url, file, line);
      try {
        if (existing) {
          await controller.removeBreakpoint(existing.id);
          this.log('info', `Cleared breakpoint ${existing.id}`);
        } else {
          const bp = await controller.setBreakpoint(file, line + 1);
          this.log('info', `Breakpoint ${bp.id} at ${describeNonStop(bp)} (non-stop)`);
          if (bp.waiting) this.log('info', '(code of that file is running now: the breakpoint takes effect once it returns)');
        }
      } catch (error) {
        this.fail(error);
      }
      this.refreshBreakpoints();
      return;
    }
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

  async removeBreakpoint(id: number, nonStop = false): Promise<void> {
    try {
      if (nonStop) await this.session.nonStop?.removeBreakpoint(id);
      else await this.session.removeBreakpoint(id);
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
    else if (this.fiber && !this.session.paused && this.session.nonStop?.current === this.fiber) void this.showFiber(this.fiber);
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
      const running = this.session.nonStop ? 'no fiber is stopped and the process runs: p pauses it' : 'the target is running: p pauses it';
      this.log('info', this.targetRunning() ? running : 'the target is gone: q leaves');
      return;
    }
    command().catch((error: unknown) => this.fail(error));
  }

  /** `n`, `s`, `o`: the paused process's, or, in non-stop mode, the current fiber's (the whole process then pauses). */
  private step(kind: StepKind, command: () => Promise<Stop>): void {
    const controller = this.session.nonStop;
    if (controller?.current && !this.session.paused && this.session.exited === undefined) {
      const fiber = controller.current;
      this.log('info', `fiber ${fiber.id}: stepping (the whole process pauses: V8 steps only so)`);
      controller.step(kind).then(
        () => this.afterFibersChanged(),
        (error: unknown) => this.fail(error),
      );
      return;
    }
    this.runCommand(command);
  }

  private async continueFiber(controller: NonStopController): Promise<void> {
    if (!controller.current) {
      this.log(
        'info',
        controller.fibers().length === 0 ? 'no fiber is stopped: p pauses the process' : 'no fiber is selected: t picks one',
      );
      return;
    }
    try {
      const fiber = await controller.continueCurrent();
      const next = controller.current;
      this.log('info', `fiber ${fiber.id} continued${next ? `; current fiber: ${next.id}` : ''}`);
    } catch (error) {
      this.fail(error);
    }
    this.afterFibersChanged();
  }

  /** Follows a non-stop controller: fibers that stop, breakpoints hit outside a fiber. */
  private followNonStop(controller: NonStopController): void {
    const onStopped = (fiber: StoppedFiber): void => {
      const frame = fiber.frames.frames[0];
      this.log(
        'info',
        `fiber ${fiber.id} stopped in ${frame ? formatPosition(frame.position) : '?'}${fiber.request ? ` (${fiber.request})` : ''}`,
      );
      this.afterFibersChanged();
    };
    const onOutside = (_breakpoint: unknown, where: string): void => this.log('info', `hit outside a fiber, not stopped: ${where}`);
    controller.on('stopped', onStopped);
    controller.on('outside', onOutside);
    this.unfollowNonStop = () => {
      controller.off('stopped', onStopped);
      controller.off('outside', onOutside);
    };
    this.set({ nonStop: true });
  }

  /**
   * After fibers stopped, went on or the current one changed: the fibers
   * pane, and, while the process runs, the panes show the current fiber (or
   * that the process runs).
   */
  private afterFibersChanged(): void {
    const controller = this.session.nonStop;
    const current = controller?.current;
    this.set({
      nonStop: controller !== undefined,
      fibers: (controller?.fibers() ?? []).map((fiber) => ({
        id: fiber.id,
        location: fiber.frames.frames[0] ? formatPosition(fiber.frames.frames[0].position) : '?',
        request: fiber.request,
        current: fiber.id === current?.id,
      })),
    });
    if (this.session.paused) {
      // The whole process is paused: its pause stays in view (once shown); the status line says which mode.
      if (this.pause && this.state.status === 'paused') this.set({ statusText: this.pauseStatus(this.pause) });
      return;
    }
    if (current) {
      if (current !== this.fiber || this.state.status !== 'stopped') void this.showFiber(current);
      else this.set({ statusText: this.fiberStatus(current) });
      return;
    }
    this.fiber = undefined;
    if (this.session.exited === undefined) this.showRunning();
  }

  /** Shows a stopped fiber: its frames, the selected frame's source, locals and watches. */
  private async showFiber(fiber: StoppedFiber): Promise<void> {
    const generation = ++this.generation;
    this.fiber = fiber;
    this.tree = [];
    const frame = fiber.frames.selected;
    try {
      const [lines, variables, watches] = await Promise.all([
        this.sourceLines(frame.position.url),
        this.fiberVariables(),
        this.evaluateWatches(),
      ]);
      if (generation !== this.generation || this.session.paused) return;
      this.set({
        status: 'stopped',
        statusText: this.fiberStatus(fiber),
        frames: fiber.frames.frames.map((f) => ({
          index: f.index,
          functionName: f.functionName,
          location: `${formatPosition(f.position)}:${f.position.column + 1}`,
        })),
        selectedFrame: frame.index,
        sourceUrl: frame.position.url,
        sourcePath: displayPath(frame.position.url),
        sourceLines: lines,
        currentLine: frame.position.line,
        variables,
        watches,
        inFiber: true,
        loadedPause: this.state.loadedPause + 1,
      });
    } catch (error) {
      if (generation === this.generation && this.session.exited === undefined) this.fail(error);
    }
  }

  /** The status line while a stopped fiber is shown (the process runs). */
  private fiberStatus(fiber: StoppedFiber): string {
    const count = this.session.nonStop?.fibers().length ?? 0;
    const where = formatPosition(fiber.frames.frames[0]!.position);
    return `non-stop: fiber ${fiber.id} stopped at ${where}${fiber.request ? ` (${fiber.request})` : ''}; ${count} stopped; the process runs`;
  }

  /** The stopped fiber's selected frame's variables, one line each (their values now; objects do not open). */
  private async fiberVariables(): Promise<VariableRow[]> {
    const controller = this.session.nonStop;
    if (!controller?.current) return [];
    const heading: VariableRow = { id: 'fiber', depth: 0, name: 'Local', summary: '', expandable: false, expanded: true };
    try {
      const locals = await controller.locals(false);
      return [
        heading,
        ...locals.map(({ name, value }) => ({ id: `fiber/${name}`, depth: 1, name, summary: value, expandable: false, expanded: false })),
      ];
    } catch (error) {
      return [{ ...heading, summary: `(${(error as Error).message})` }];
    }
  }

  private showRunning(): void {
    const count = this.session.nonStop?.fibers().length ?? 0;
    this.set({
      status: 'running',
      statusText: this.session.nonStop
        ? `running, non-stop: ${count === 0 ? 'no fiber stopped' : `${count} fiber${count === 1 ? '' : 's'} stopped (t shows one)`} (p pauses the process)`
        : 'running (p pauses)',
      frames: [],
      variables: [],
      currentLine: undefined,
      inFiber: undefined,
    });
  }

  /** The status line of a pause of the process. */
  private pauseStatus(pause: PauseInfo): string {
    const what = pause.exception
      ? `${pause.reason === 'promiseRejection' ? 'unhandled rejection' : 'exception'}: ${pause.exception}`
      : reasonText(pause);
    const text = `paused at ${formatPosition(pause.frames.selected.position)} (${what})`;
    return this.session.nonStop ? `${text} — ${WHOLE_PROCESS}` : text;
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
      // Non-stop mode: the current stopped fiber, if any, comes back into view.
      if (this.session.nonStop) this.afterFibersChanged();
      else this.showRunning();
    }, RUNNING_SHOW_MS);
  }

  private async onPaused(pause: PauseInfo): Promise<void> {
    clearTimeout(this.runningTimer);
    this.pause = pause;
    if (this.session.nonStop) this.afterFibersChanged();
    await this.loadFrame(pause, true, {
      status: 'paused',
      statusText: this.pauseStatus(pause),
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
        else if (!this.session.paused && !(this.session.nonStop?.current && this.fiber)) value = '(not paused)';
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
    const controller = this.session.nonStop;
    const nonStop: BreakpointRow[] = (controller?.breakpoints() ?? []).map((bp) => {
      const at = bp.locations[0];
      return { id: bp.id, nonStop: true, text: describeNonStop(bp), url: at?.url, line: at?.line };
    });
    const whole: BreakpointRow[] = this.session.listBreakpoints().map((bp) => {
      const at = bp.locations[0];
      const text = describeBreakpoint(bp);
      return { id: bp.id, nonStop: false, text: controller ? `${text} (whole process)` : text, url: at?.url, line: at?.line };
    });
    this.set({ breakpoints: [...nonStop, ...whole] });
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

/** The non-stop breakpoint on `line` (0-based) of the script at `url` (shown as `file`), if any. */
function nonStopAt(controller: NonStopController, url: string, file: string, line: number) {
  return controller
    .breakpoints()
    .find((bp) => bp.locations.some((at) => at.url === url && at.line === line) || (bp.file === file && bp.line === line + 1));
}
