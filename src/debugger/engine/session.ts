/**
 * A debugging session on one target: run control, pauses, breakpoints,
 * evaluation, variables. It is the debugger engine's one entry point: front
 * ends (the line-mode CLI, the TUI, the REPL's debugger) drive it through
 * its methods and follow its events ({@link SessionEvents}); the inspector
 * connection and the engine's parts behind it are its own.
 */
import { EventEmitter } from 'node:events';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Protocol } from 'devtools-protocol/types/protocol.js';
import { BalrogError } from '../../core/errors.js';
import { CdpClosedError, type CdpClient } from '../cdp/client.js';
import { ABANDON_SIGNAL, EXIT_MARKER, helperExpression, helperInstallExpression } from '../target/helper.js';
import { BreakpointManager, type Breakpoint, type BreakpointSpec } from './breakpoints.js';
import { TargetEvaluator, type Evaluation } from './evaluator.js';
import { FrameStack } from './frames.js';
import { Profiler, type CpuProfile } from './profiling.js';
import { UncaughtFilter } from './uncaught-filter.js';
import { ScriptRegistry, pathEndsWith, type ScriptInfo } from './scripts.js';
import { fetchProperties, pausedInFiber, scopesOf, type ScopeEntry, type Variable } from './variables.js';
import { formatThrown, formatValue } from './values.js';
import { NonStopController, type NonStopBreakpoint } from './non-stop/controller.js';

/** Scopes `locals` and `exec .scope` show: everything but the global and script scopes. */
const FRAME_SCOPES = new Set<string>(['local', 'block', 'catch', 'closure', 'module', 'with', 'eval']);

/** How long to wait for the break of a target started with --inspect-brk (see {@link AttachOptions.firstBreakTimeoutMs}). */
const FIRST_BREAK_TIMEOUT_MS = 3000;

/** A pause, as front ends show it. */
export interface PauseInfo {
  reason: string;
  frames: FrameStack;
  hit: Breakpoint[];
  /** For a pause on an exception: `Name: message`. */
  exception?: string;
  /** What the debugger had asked for when the target stopped: a `pause`, a step, or nothing. */
  requested?: 'pause' | 'step' | 'start';
}

/** How a run-control command ended. */
export type Stop = { kind: 'paused'; pause: PauseInfo } | { kind: 'exited'; reason: string };

/** One local variable. */
export interface Local {
  name: string;
  value: string;
}

/** How a session attaches. */
export interface AttachOptions {
  /**
   * The target ends when the debugger's process does (`balrog debug`, which
   * started it); otherwise it only resumes.
   */
  endTargetWithDebugger?: boolean;
  /**
   * How long a target waiting for its debugger (`--inspect-brk`) may take to
   * reach its first break before it is taken to run its entry its own way
   * (default 3 s). `balrog debug` started the target itself and knows the
   * break is coming: on a loaded machine it can take longer than that.
   */
  firstBreakTimeoutMs?: number;
}

/** `exceptions all|uncaught|none`. */
export type ExceptionMode = 'all' | 'uncaught' | 'none';

/** What the target logged through `console` (`type` is the console method: `log`, `error`, ...). */
export interface ConsoleEvent {
  type: string;
  text: string;
}

/** The session's events and their arguments. */
export interface SessionEvents {
  /** The target stopped. */
  paused: [pause: PauseInfo];
  /** It runs again. */
  resumed: [];
  /** The target logged through `console`. */
  console: [event: ConsoleEvent];
  /** The target exited or closed its inspector; `reason` says how, honestly (see {@link DebugSession.exited}). */
  exited: [reason: string];
  /** Something went wrong that is worth saying but ends nothing (a breakpoint not set in a new script). */
  warning: [message: string];
}

export class DebugSession extends EventEmitter<SessionEvents> {
  private readonly scripts = new ScriptRegistry();
  private readonly breakpoints: BreakpointManager;
  private readonly evaluator: TargetEvaluator;
  private readonly profiler: Profiler;
  private pauseInfo: PauseInfo | undefined;
  private exitReason: string | undefined;
  private pid: number | undefined;
  private readonly watchList: string[] = [];
  private readonly mainContexts = new Set<number>();
  private exceptions: ExceptionMode = 'none';
  /** The run command in flight, for {@link PauseInfo.requested}. */
  private requested: 'pause' | 'step' | 'start' | undefined;
  /** The description of the last exception a pause was shown for. */
  private lastShownException: string | undefined;
  /** Set while `exceptions uncaught` is decided here rather than by V8. */
  private uncaughtFilter: UncaughtFilter | undefined;
  /** The target's exit code, as its helper reported it. */
  private exitCode: number | undefined;
  /** The last uncaught exception the target reported, `Name: message at file:line`. */
  private uncaught: string | undefined;
  /** Set in non-stop mode (`--non-stop`): breakpoints stop the fiber that reaches them, not the process. */
  private nonStopController: NonStopController | undefined;
  /** Where a new controller numbers its breakpoints from (non-stop mode turned off and on again). */
  private nextNonStopBreakpoint = 1;

  private constructor(
    private readonly client: CdpClient,
    private readonly options: AttachOptions,
  ) {
    super();
    this.breakpoints = new BreakpointManager(client, this.scripts, (name) => this.lookup(name));
    this.evaluator = new TargetEvaluator(client, () => this.pid);
    this.profiler = new Profiler(client);
    client.onEvent('Debugger.scriptParsed', (event) => {
      this.scripts.add(event);
      const script = this.scripts.get(event.scriptId)!;
      this.breakpoints.scriptParsed(script).catch((error: Error) => this.emit('warning', error.message));
    });
    client.onEvent('Debugger.breakpointResolved', (event) =>
      this.breakpoints.resolved(event.breakpointId, this.scripts.toOriginal(event.location)),
    );
    client.onEvent('Debugger.paused', (event) => void this.onPaused(event));
    client.onEvent('Debugger.resumed', () => {
      this.pauseInfo = undefined;
      this.emit('resumed');
    });
    client.onEvent('Runtime.consoleAPICalled', (event) => {
      // Non-stop mode's reports are its controller's to read.
      if (typeof event.args[0]?.value === 'string' && event.args[0].value.startsWith('balrog.nonstop:')) return;
      if (event.args[0]?.value === EXIT_MARKER) {
        this.exitCode = typeof event.args[1]?.value === 'number' ? event.args[1].value : undefined;
        return;
      }
      const text = event.args.map((arg) => (arg.type === 'string' ? String(arg.value) : (arg.description ?? String(arg.value)))).join(' ');
      this.emit('console', { type: event.type, text });
    });
    // Node destroys the main context when the program is done and then waits
    // for debuggers to disconnect: that is the target's exit as far as we care.
    client.onEvent('Runtime.executionContextCreated', ({ context }) => {
      if ((context.auxData as { isDefault?: boolean } | undefined)?.isDefault) this.mainContexts.add(context.id);
    });
    client.onEvent('Runtime.executionContextDestroyed', ({ executionContextId }) => {
      if (this.mainContexts.has(executionContextId)) this.onExit(this.endStatus('the target finished'));
    });
    client.onEvent('Runtime.exceptionThrown', ({ exceptionDetails }) => {
      this.uncaught = describeUncaught(exceptionDetails);
    });
    client.on('close', () => this.onExit(this.endStatus('the target exited')));
  }

  /**
   * Starts debugging over an open connection: enables the inspector domains,
   * injects the evaluation helper and lets a target waiting for a debugger
   * (`--inspect-brk`) go on to its first break, which it waits for.
   */
  static async attach(client: CdpClient, options: AttachOptions = {}): Promise<DebugSession> {
    const session = new DebugSession(client, options);
    // Node says, in reply to NodeRuntime.enable, whether it waits for a
    // debugger (--inspect-brk): then the first pause is on its way.
    let waiting = false;
    const onWaiting = (): void => {
      waiting = true;
    };
    client.on('NodeRuntime.waitingForDebugger', onWaiting);
    await client.send('NodeRuntime.enable').catch(() => undefined);
    client.off('NodeRuntime.waitingForDebugger', onWaiting);
    const firstStop = waiting ? session.nextStop() : undefined;
    // That pause is an event right behind the replies: see CdpClient.awaitEvents.
    const waitOver = firstStop ? client.awaitEvents() : undefined;
    try {
      // Sent together: the inspector answers in order, and attach time is round trips.
      await Promise.all([
        client.send('Runtime.enable'),
        client.send('Debugger.enable', {}),
        client.send('Debugger.setAsyncCallStackDepth', { maxDepth: 0 }),
        // Before a waiting program starts, `process` is not set up yet: prepare after its first break.
        ...(waiting ? [] : [session.prepareTarget()]),
      ]);
      await client.send('Runtime.runIfWaitingForDebugger');
      // A program that runs its entry its own way may not break on start;
      // then it simply runs, and the front end says so.
      const timeout = options.firstBreakTimeoutMs ?? FIRST_BREAK_TIMEOUT_MS;
      if (firstStop) await Promise.race([firstStop, new Promise((resolve) => setTimeout(resolve, timeout).unref())]);
    } finally {
      waitOver?.();
    }
    if (firstStop && session.exitReason === undefined) await session.prepareTarget();
    return session;
  }

  /**
   * Installs the evaluation helper in the target, tells it to watch this
   * process (so that a debugger killed with SIGKILL leaves no waiting
   * evaluation behind, see the helper) and reads the target's pid.
   */
  private async prepareTarget(): Promise<void> {
    const watch = `${helperExpression}.watchDebugger(${process.pid}, ${this.options.endTargetWithDebugger === true})`;
    const [installed, pid] = await Promise.all([
      this.client.send('Runtime.evaluate', { expression: `${helperInstallExpression}; ${watch}`, silent: true }),
      this.client.send('Runtime.evaluate', { expression: 'process.pid', returnByValue: true, silent: true }),
    ]);
    if (installed.exceptionDetails) {
      this.emit('warning', `could not install the evaluation helper: ${installed.exceptionDetails.text}`);
    }
    if (typeof pid.result.value === 'number') this.pid = pid.result.value;
  }

  /** The current `exceptions` mode. */
  get exceptionMode(): ExceptionMode {
    return this.exceptions;
  }

  /** The target's process id, when it could be read. */
  get targetPid(): number | undefined {
    return this.pid;
  }

  /**
   * Turns on non-stop mode (see engine/non-stop/controller.ts): from now on
   * breakpoints set through the returned controller stop only the fiber that
   * reaches them. Idempotent.
   */
  async enableNonStop(): Promise<NonStopController> {
    if (!this.nonStopController) {
      const controller = new NonStopController(this.client, this.scripts, this.nextNonStopBreakpoint);
      controller.on('warning', (message) => this.emit('warning', message));
      await controller.start(process.pid);
      this.nonStopController = controller;
    }
    return this.nonStopController;
  }

  /**
   * Turns non-stop mode off (the TUI's toggle): its breakpoints are removed
   * (the scripts get their own source back, as far as V8 lets it now) and
   * its controller goes. Refused while fibers are stopped: they would go on
   * unasked. Returns the breakpoints it had, for the caller to carry over.
   */
  async disableNonStop(): Promise<NonStopBreakpoint[]> {
    const controller = this.nonStopController;
    if (!controller) return [];
    const stopped = controller.fibers().length;
    if (stopped > 0)
      throw new BalrogError(
        `${stopped} fiber${stopped === 1 ? ' is' : 's are'} stopped: continue ${stopped === 1 ? 'it' : 'them'} before leaving non-stop mode`,
        { code: 'ERR_BALROG_DEBUG_COMMAND' },
      );
    const breakpoints = controller.breakpoints();
    await controller.detach(process.pid);
    controller.dispose();
    this.nextNonStopBreakpoint = controller.nextBreakpointId;
    this.nonStopController = undefined;
    return breakpoints;
  }

  /** The non-stop controller, in non-stop mode. */
  get nonStop(): NonStopController | undefined {
    return this.nonStopController;
  }

  /** The current pause, or undefined while the target runs. */
  get paused(): PauseInfo | undefined {
    return this.pauseInfo;
  }

  /** Why the target is gone, or undefined while it is alive. */
  get exited(): string | undefined {
    return this.exitReason;
  }

  /** Resolves at the next pause or exit. */
  nextStop(): Promise<Stop> {
    if (this.exitReason !== undefined) return Promise.resolve({ kind: 'exited', reason: this.exitReason });
    return new Promise((resolve) => {
      const onPaused = (pause: PauseInfo): void => {
        this.off('exited', onExited);
        resolve({ kind: 'paused', pause });
      };
      const onExited = (reason: string): void => {
        this.off('paused', onPaused);
        resolve({ kind: 'exited', reason });
      };
      this.once('paused', onPaused);
      this.once('exited', onExited);
    });
  }

  /** `c`: resumes (if paused) and waits for the next pause or the exit. */
  continue(): Promise<Stop> {
    return this.runUntilStop(this.pauseInfo ? () => this.client.send('Debugger.resume', {}) : undefined);
  }

  /** `n`: steps over. */
  stepOver(): Promise<Stop> {
    return this.runUntilStop(this.pauseInfo ? () => this.client.send('Debugger.stepOver', {}) : undefined, 'step');
  }

  /** `s`: steps into. */
  stepInto(): Promise<Stop> {
    return this.runUntilStop(this.pauseInfo ? () => this.client.send('Debugger.stepInto', {}) : undefined, 'step');
  }

  /** `o`: steps out. */
  stepOut(): Promise<Stop> {
    return this.runUntilStop(this.pauseInfo ? () => this.client.send('Debugger.stepOut') : undefined, 'step');
  }

  /** `pause`: stops the running target at its next statement. */
  pause(): Promise<Stop> {
    if (this.pauseInfo) return Promise.resolve({ kind: 'paused', pause: this.pauseInfo });
    return this.runUntilStop(() => this.client.send('Debugger.pause'), 'pause');
  }

  /**
   * Resumes a paused target without waiting for its next stop (for a front
   * end that lets it run, as `NODE_INSPECT_RESUME_ON_START` does); resolves
   * once the target runs.
   */
  async resume(): Promise<void> {
    if (!this.pauseInfo) return;
    const resumed = new Promise((resolve) => this.once('resumed', () => resolve(undefined)));
    await this.client.send('Debugger.resume', {});
    await resumed;
  }

  /**
   * Sets a breakpoint. Throws when one is already set at the same place (a
   * different condition does not make it another), as node inspect does.
   */
  setBreakpoint(spec: BreakpointSpec): Promise<Breakpoint> {
    return this.breakpoints.add(spec);
  }

  /** Removes breakpoint `id` (its number in {@link listBreakpoints}) and returns it. */
  removeBreakpoint(id: number): Promise<Breakpoint> {
    return this.breakpoints.remove(id);
  }

  /** Removes every breakpoint set in this session. */
  clearBreakpoints(): Promise<void> {
    return this.breakpoints.clear();
  }

  /** The breakpoints, in the order they were set. */
  listBreakpoints(): Breakpoint[] {
    return this.breakpoints.list();
  }

  /**
   * The line breakpoint at `line` (1-based) of `file` (as typed, or any path
   * suffix of where it resolved), pending ones included; undefined if none.
   */
  findBreakpoint(file: string, line: number): Breakpoint | undefined {
    return this.breakpoints.findAt(file, line);
  }

  /** True once a script whose path ends with `path` is loaded (a breakpoint there is not pending). */
  isScriptLoaded(path: string): boolean {
    return this.scripts.hasScriptMatching(path);
  }

  /**
   * The scripts the target loaded so far, in load order: the program's own
   * (`scripts`); with `all`, Node's and balrog's own too (`scripts all`).
   */
  loadedScripts(options: { all?: boolean } = {}): ScriptInfo[] {
    return [...this.scripts.all()].filter(
      (script) => script.url && (options.all === true || !(script.url.startsWith('node:') || isBalrogOwnScript(script.url))),
    );
  }

  /**
   * `exceptions all|uncaught|none`. In a target with balrog's fibers,
   * `uncaught` is decided by the session (see UncaughtFilter): V8 alone
   * would call every exception in a fiber caught.
   */
  async setExceptionMode(mode: ExceptionMode): Promise<void> {
    this.exceptions = mode;
    let state: ExceptionMode = mode;
    this.uncaughtFilter = undefined;
    if (mode === 'uncaught') {
      const { result } = await this.client.send('Runtime.evaluate', {
        expression: "Boolean(globalThis[Symbol.for('balrog.core')])",
        returnByValue: true,
        silent: true,
      });
      if (result.value === true) {
        this.uncaughtFilter = new UncaughtFilter(this.client, isBalrogCode);
        state = 'all';
      }
    }
    await this.client.send('Debugger.setPauseOnExceptions', { state });
  }

  /** True while an evaluation waits for its result (an `await`, an implicitly awaited promise). */
  get evaluating(): boolean {
    return this.evaluator.busy || (this.nonStopController?.evaluating ?? false);
  }

  /**
   * Abandons the evaluations that wait (Ctrl+C): each ends with an
   * "interrupted" error and the frame stays paused. Returns false when there
   * is none, or when the target cannot be told (it is not a local process).
   */
  abandon(): boolean {
    // A stopped fiber's evaluation waits through the same helper: the same signal abandons it.
    if (this.nonStopController?.evaluating && this.pid !== undefined) {
      try {
        process.kill(this.pid, ABANDON_SIGNAL);
        return true;
      } catch {
        return false;
      }
    }
    return this.evaluator.abandon();
  }

  /** Evaluates user input (REPL syntax) in the selected frame, or globally while running. */
  evaluate(input: string, colors = false): Promise<Evaluation> {
    this.requireAlive();
    // In non-stop mode, with the process running and a fiber stopped: that fiber's frame.
    if (!this.pauseInfo && this.nonStopController?.current) return this.nonStopController.evaluate(input, colors);
    const frame = this.pauseInfo?.frames.selected;
    return this.evaluator.evaluate(input, frame?.callFrameId, colors, frame?.scriptUrl.startsWith('node:') ? frame.scriptUrl : undefined);
  }

  /**
   * Variables of the selected frame, innermost scope first: locals, blocks,
   * catch clauses and the closures it sees (the module's top level
   * included), not the global scope; an inner name hides an outer one.
   */
  async locals(colors = false): Promise<Local[]> {
    if (!this.pauseInfo && this.nonStopController?.current) return this.nonStopController.locals(colors);
    const frame = this.requirePause().frames.selected;
    const locals: Local[] = [];
    const seen = new Set<string>();
    for (const scope of frame.scopeChain) {
      if (!FRAME_SCOPES.has(scope.type)) continue;
      if (!scope.object.objectId) continue;
      const { result } = await this.client.send('Runtime.getProperties', { objectId: scope.object.objectId, ownProperties: true });
      for (const property of result) {
        if (seen.has(property.name) || !property.value) continue;
        seen.add(property.name);
        locals.push({ name: property.name, value: await formatValue(this.client, property.value, colors, true) });
      }
    }
    return locals;
  }

  /** The scopes of the selected frame, innermost first, the global one last (for a tree of variables). */
  scopes(): ScopeEntry[] {
    return scopesOf(this.requirePause().frames.selected);
  }

  /**
   * The properties of a scope or object, by the `objectId` of a
   * {@link ScopeEntry} or {@link Variable}: own ones and internal ones
   * (`[[Prototype]]`), each with a one-line summary. Valid while the pause
   * that gave the id lasts.
   */
  children(objectId: string): Promise<Variable[]> {
    return fetchProperties(this.client, objectId);
  }

  /** True when the selected frame runs in a fiber (then `await` works there). */
  async inFiber(): Promise<boolean> {
    return pausedInFiber(this.client, this.requirePause().frames.selected.callFrameId);
  }

  /** `exec .scope`: the names in the selected frame's scopes (see {@link locals}). */
  async scopeNames(): Promise<string[]> {
    const frame = this.requirePause().frames.selected;
    const names = new Set<string>();
    for (const scope of frame.scopeChain) {
      if (!FRAME_SCOPES.has(scope.type) || !scope.object.objectId) continue;
      const { result } = await this.client.send('Runtime.getProperties', { objectId: scope.object.objectId, ownProperties: true });
      for (const property of result) names.add(property.name);
    }
    return [...names];
  }

  /**
   * One raw inspector request, node inspect's escape hatch
   * (`Debugger.getScriptSource({ scriptId: '63' })` at its prompt). Its
   * effects bypass the session's bookkeeping: a breakpoint set this way is
   * not one of {@link listBreakpoints}.
   */
  protocolCall(method: string, params: object = {}): Promise<unknown> {
    this.requireAlive();
    return (this.client.send as (method: string, params: object) => Promise<unknown>)(method, params);
  }

  /** The target's V8 version (`version`, as `node inspect` prints it). */
  async targetVersion(): Promise<string> {
    const { result } = await this.client.send('Runtime.evaluate', { expression: 'process.versions.v8', returnByValue: true, silent: true });
    return String(result.value);
  }

  /** `profile`: starts recording a CPU profile. */
  startProfile(): Promise<void> {
    return this.profiler.start();
  }

  /** `profileEnd`: stops the CPU profile and returns it (kept in {@link profiles}). */
  stopProfile(): Promise<CpuProfile> {
    return this.profiler.stop();
  }

  /** The CPU profiles recorded so far. */
  get profiles(): readonly CpuProfile[] {
    return this.profiler.profiles;
  }

  /** `takeHeapSnapshot`: writes a heap snapshot to `file` (default node.heapsnapshot); returns its path. */
  takeHeapSnapshot(file?: string): Promise<string> {
    return this.profiler.takeHeapSnapshot(file);
  }

  /** Watched expressions, evaluated at every pause by the front end. */
  get watches(): readonly string[] {
    return this.watchList;
  }

  /** Adds a watched expression. */
  watch(expression: string): void {
    this.watchList.push(expression);
  }

  /** Removes watch `index` (or the watch whose text is `expression`). */
  unwatch(indexOrExpression: string): string {
    // The expression first (`unwatch 42` removes a watch of `42`), as node inspect does; then the index.
    const byText = this.watchList.indexOf(indexOrExpression);
    const index = byText >= 0 ? byText : /^\d+$/.test(indexOrExpression) ? Number(indexOrExpression) : -1;
    if (index < 0 || index >= this.watchList.length) {
      throw new BalrogError(`there is no watch '${indexOrExpression}': see \`watchers\``, { code: 'ERR_BALROG_DEBUG_NOT_FOUND' });
    }
    return this.watchList.splice(index, 1)[0]!;
  }

  /** Source text of a script or original source, for `list`. */
  async sourceText(url: string, scriptId?: string): Promise<string | undefined> {
    const local = this.scripts.originalText(url);
    if (local !== undefined) return local;
    const script = scriptId ?? [...this.scripts.all()].find((s) => s.url === url)?.scriptId;
    if (!script) return undefined;
    const { scriptSource } = await this.client.send('Debugger.getScriptSource', { scriptId: script });
    return scriptSource;
  }

  /** True when the innermost paused frame runs in the script whose path ends with `path`. */
  pausedIn(path: string): boolean {
    const frame = this.pauseInfo?.frames.frames[0];
    return frame !== undefined && pathEndsWith(frame.scriptUrl, path);
  }

  /**
   * Runs to the first line of the script whose path ends with `path`, with a
   * one-off inspector breakpoint that is not one of the user's.
   */
  async runToScript(path: string): Promise<Stop> {
    const urlRegex = `(^|/)${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
    let stop = await this.runWithOneOffBreakpoint({ urlRegex, lineNumber: 0 });
    // Line 0 of a compiled script is often a prelude or type-only code; in a
    // source-mapped script go on to the first line that has code in the original.
    const frame = stop.kind === 'paused' ? stop.pause.frames.frames[0] : undefined;
    if (frame?.position.mapped) {
      const scriptId = [...this.scripts.all()].find((script) => script.url === frame.scriptUrl)?.scriptId;
      const first = this.scripts.generatedFor(path, 0, scriptId)[0];
      if (first && (first.line > frame.generatedLine || (first.line === frame.generatedLine && first.column > frame.generatedColumn))) {
        stop = await this.runWithOneOffBreakpoint({ url: first.url, lineNumber: first.line, columnNumber: first.column });
      }
    }
    return stop;
  }

  private async runWithOneOffBreakpoint(where: {
    url?: string;
    urlRegex?: string;
    lineNumber: number;
    columnNumber?: number;
  }): Promise<Stop> {
    const { breakpointId } = await this.client.send('Debugger.setBreakpointByUrl', where);
    try {
      return await this.runUntilStop(this.pauseInfo ? () => this.client.send('Debugger.resume', {}) : undefined, 'start');
    } finally {
      if (this.exitReason === undefined) await this.client.send('Debugger.removeBreakpoint', { breakpointId });
    }
  }

  /**
   * Leaves: removes balrog's breakpoints, resumes the target if it is paused
   * and closes the connection; the target keeps running.
   */
  async detach(): Promise<void> {
    try {
      await this.undoChanges();
    } catch (error) {
      // The target went away meanwhile: nothing left to undo.
      if (!(error instanceof CdpClosedError)) throw error;
    }
    await this.client.close();
  }

  private async undoChanges(): Promise<void> {
    if (!this.client.closed && this.exitReason === undefined) {
      await this.nonStopController?.detach(process.pid);
      await this.breakpoints.clear();
      await this.client.send('Debugger.setPauseOnExceptions', { state: 'none' });
      await this.client.send('Runtime.evaluate', { expression: `${helperExpression}?.unwatchDebugger(${process.pid})`, silent: true });
      if (this.pauseInfo) await this.client.send('Debugger.resume', {});
    }
  }

  private async runUntilStop(command: (() => Promise<unknown>) | undefined, requested?: 'pause' | 'step' | 'start'): Promise<Stop> {
    this.requireAlive();
    this.requested = command ? requested : undefined;
    const stop = this.nextStop();
    // The pause comes as an event right behind the command's reply: see CdpClient.awaitEvents.
    const waitOver = this.client.awaitEvents();
    // Running from the moment the command goes: an evaluation typed meanwhile (the prompt stays
    // usable after `c`) runs globally, not on a frame the inspector is about to leave, which it
    // would refuse ("Can only perform operation while paused") until `Debugger.resumed` arrives.
    const pause = this.pauseInfo;
    if (command) this.pauseInfo = undefined;
    try {
      if (command) {
        try {
          await command();
        } catch (error) {
          // Refused: still paused where it was (unless something else happened meanwhile).
          if (this.pauseInfo === undefined && this.exitReason === undefined) this.pauseInfo = pause;
          throw error;
        }
      }
      return await stop;
    } finally {
      waitOver();
    }
  }

  private requireAlive(): void {
    if (this.exitReason !== undefined)
      throw new BalrogError(`${this.exitReason}: nothing left to debug`, { code: 'ERR_BALROG_TARGET_GONE' });
  }

  /** The current pause; throws the "target is running" (or "gone") error when there is none. */
  requirePause(): PauseInfo {
    this.requireAlive();
    if (!this.pauseInfo)
      throw new BalrogError('the target is running: `pause` it or wait for a breakpoint first', { code: 'ERR_BALROG_TARGET_RUNNING' });
    return this.pauseInfo;
  }

  private async onPaused(event: Protocol.Debugger.PausedEvent): Promise<void> {
    // Non-stop mode's own pauses (capturing a stopped fiber, stepping out of balrog's call) are not the user's.
    if (this.nonStopController?.handlePause(event)) return;
    // A `debugger;` statement non-stop mode could not convert, reached outside a fiber: resumed and reported there.
    if (!this.requested && (await this.nonStopController?.passDebuggerStatement(event))) return;
    const info: PauseInfo = {
      reason: event.reason,
      frames: new FrameStack(this.nonStopController?.unedited(event.callFrames) ?? event.callFrames, this.scripts),
      hit: this.breakpoints.hitBy(event.hitBreakpoints),
      ...(this.requested ? { requested: this.requested } : this.nonStopController?.steppedHere ? { requested: 'step' as const } : {}),
    };
    this.requested = undefined;
    const filter = this.uncaughtFilter;
    const thrown = event.data as { uncaught?: boolean; description?: string } | undefined;
    // The error just shown, on its way out of the fiber (rethrown, or as a rejection): one pause for it is enough.
    const isException = event.reason === 'exception' || event.reason === 'promiseRejection';
    if (filter && isException && thrown?.description !== undefined && thrown.description === this.lastShownException) {
      await this.client.send('Debugger.resume', {}).catch(() => undefined);
      return;
    }
    if (filter && event.reason === 'exception' && thrown?.uncaught !== true) {
      const scriptIds = new Map(event.callFrames.map((frame) => [frame.callFrameId, frame.location.scriptId]));
      const caught = await filter.caughtByUser(info.frames.frames, (frame) => scriptIds.get(frame.callFrameId)).catch(() => false);
      // Caught by the user's code: not a pause the user asked for.
      if (caught) {
        await this.client.send('Debugger.resume', {}).catch(() => undefined);
        return;
      }
    }
    if ((event.reason === 'exception' || event.reason === 'promiseRejection') && event.data) {
      const exception = event.data as Protocol.Runtime.RemoteObject;
      info.exception = await formatThrown(this.client, {
        exceptionId: 0,
        text: 'exception',
        lineNumber: 0,
        columnNumber: 0,
        exception,
      }).catch(() => exception.description ?? 'exception');
    }
    if (isException) this.lastShownException = thrown?.description;
    this.pauseInfo = info;
    this.emit('paused', info);
  }

  /**
   * How the target ended, honestly: a crash (uncaught exception, a syntax
   * error in the entry included) or an exit code other than 0 is said as
   * such; `plain` is what is known otherwise.
   */
  private endStatus(plain: string): string {
    if (this.uncaught !== undefined) return `the target crashed: Uncaught ${this.uncaught}`;
    if (this.exitCode !== undefined && this.exitCode !== 0) return `the target exited with code ${this.exitCode}`;
    return plain;
  }

  private onExit(reason: string): void {
    if (this.exitReason !== undefined) return;
    this.exitReason = reason;
    this.pauseInfo = undefined;
    this.emit('exited', reason);
    void this.client.close();
  }

  private async lookup(name: string): Promise<Protocol.Runtime.RemoteObject> {
    const frame = this.pauseInfo?.frames.selected;
    const reply = frame
      ? await this.client.send('Debugger.evaluateOnCallFrame', { callFrameId: frame.callFrameId, expression: name, silent: true })
      : await this.client.send('Runtime.evaluate', { expression: name, silent: true });
    if (reply.exceptionDetails) {
      throw new BalrogError(`cannot find a function named '${name}' here: use \`b file:line\`, or pause where it is in scope`, {
        code: 'ERR_BALROG_DEBUG_NOT_FOUND',
      });
    }
    return reply.result;
  }
}

/** balrog's own code (dist/src): not where a user's exception happened. */
const balrogOwnCode = fileURLToPath(new URL('../../', import.meta.url));

/** True for a script URL of balrog's own code (its runtime and core in the target). */
function isBalrogCode(url: string): boolean {
  return (url.startsWith('file://') ? fileURLToPath(url) : url).startsWith(balrogOwnCode);
}

/** The native core's loader (native/index.js), also balrog's own in a target. */
const balrogNative = fileURLToPath(new URL('../../../../native/', import.meta.url));

/** True for a script of balrog's own in the target: its runtime, core and native loader. */
function isBalrogOwnScript(url: string): boolean {
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  return path.startsWith(balrogOwnCode) || path.startsWith(balrogNative);
}

/**
 * `Name: message (file:line)` for an uncaught exception: where it was thrown
 * in the user's code, from the exception's stack (balrog run rethrows it
 * from its own code), or the place a syntax error points at.
 */
function describeUncaught(details: Protocol.Runtime.ExceptionDetails): string {
  const description = String(details.exception?.description ?? details.exception?.value ?? details.text);
  const lines = description.split('\n');
  // V8 prints a syntax error as `file:line`, the source line, a caret, then `SyntaxError: ...`.
  const decorated = /^(.+):(\d+)$/.exec(lines[0]!);
  const errorLine = lines.find((line) => /^\w*Error\b/.test(line));
  if (decorated && errorLine) return `${errorLine} (${displayPath(decorated[1]!)}:${decorated[2]})`;
  for (const line of lines.slice(1)) {
    const frame = /^\s+at (?:.*\()?(.+?):(\d+):\d+\)?$/.exec(line);
    if (!frame || frame[1]!.startsWith('node:')) continue;
    const path = displayPath(frame[1]!);
    // balrog's own frames and its dependencies' (the TypeScript parser's, say) are not the user's.
    if (!path.startsWith(balrogOwnCode) && !path.includes('/node_modules/')) return `${lines[0]} (${path}:${frame[2]})`;
  }
  // No user frame on the stack (a syntax error in plain node's entry, found by Node's loader): the details give the place.
  if (details.url && !details.url.startsWith('node:') && !displayPath(details.url).startsWith(balrogOwnCode)) {
    return `${lines[0]} (${displayPath(details.url)}:${details.lineNumber + 1})`;
  }
  return lines[0]!;
}

/** A file URL or path as the debugger shows it: relative to the working directory when under it. */
function displayPath(location: string): string {
  const path = location.startsWith('file://') ? fileURLToPath(location) : location;
  if (!isAbsolute(path)) return path;
  if (path.startsWith(balrogOwnCode)) return path;
  const relativePath = relative(process.cwd(), path);
  return relativePath.startsWith('..') || isAbsolute(relativePath) ? path : relativePath;
}
