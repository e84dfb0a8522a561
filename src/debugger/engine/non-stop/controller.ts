/**
 * Non-stop mode (`--non-stop`): a breakpoint stops the fiber that reaches
 * it, not the process. See docs/design/non-stop-debugging.md for why it works
 * this way:
 *
 * - a breakpoint is a parking call live-edited into its line (ScriptEdits);
 * - the call's `debugger;` gives one short pause (the capture), in which the
 *   frames, the names in their scopes and the request are read and an
 *   evaluator closure per frame is left in the target; then the fiber parks;
 * - inspection (`bt`, `list`, `locals`, `p`, `await`) uses what the capture
 *   read and the closures, which run in the stopped fiber: the process runs on;
 * - `n`, `s`, `o` need a real V8 pause: the fiber is released into a step
 *   pause, stepped out of balrog's call and then stepped as asked; from there
 *   the process is paused as in stop-the-world mode until `c`;
 * - `debugger;` statements inside functions are converted (live edit, on
 *   their line) into the same call, when non-stop mode starts and as scripts
 *   load, and given back when it ends; a `debugger;` that V8 still pauses on
 *   (its function was running when the edit was made, or no live edit) is
 *   resumed at once and reported when it is outside a fiber.
 *
 * Events: `stopped` (a fiber stopped), `outside` (a breakpoint was hit
 * outside a fiber: not stopped), `warning`.
 */
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import type { Protocol } from 'devtools-protocol/types/protocol.js';
import { BalrogError } from '../../../core/errors.js';
import { CdpClosedError, type CdpClient } from '../../cdp/client.js';
import {
  HIT_FUNCTION,
  nonStopExpression,
  nonStopInstallExpression,
  OUTSIDE_MARKER,
  STEP_FUNCTION,
  STOPPED_MARKER,
} from '../../target/park.js';
import type { Evaluation } from '../evaluator.js';
import { FrameStack } from '../frames.js';
import { codeForTarget } from '../input-transform.js';
import { formatPosition } from '../locations.js';
import { pathEndsWith, type ScriptRegistry, type SourcePosition } from '../scripts.js';
import { formatThrown, formatValue } from '../values.js';
import { isInternalScript } from '../../in-repl/internal-code.js';
import { NoLiveEditError, ScriptEdits } from './script-edits.js';

/** A non-stop breakpoint. */
export interface NonStopBreakpoint {
  id: number;
  file: string;
  /** 1-based, as typed. */
  line: number;
  condition?: string;
  /** Where its calls went, in original sources (empty while no loaded script matches). */
  locations: SourcePosition[];
  /** V8 refused the edit for now (code of that script is running): it stops fibers once V8 takes it. */
  waiting?: boolean;
}

/** A fiber stopped at a non-stop breakpoint. */
export interface StoppedFiber {
  id: number;
  breakpoint: number;
  /** The stack when it stopped (balrog's call left out); the selection is this fiber's. */
  frames: FrameStack;
  /** Per frame, the names in its scopes (innermost first; not globals). */
  names: string[][];
  /** `GET /path` when one of its frames holds the HTTP request. */
  request?: string;
}

/** How a step from a stopped fiber is done once it is back in the user's frame. */
export type StepKind = 'over' | 'into' | 'out';

export interface NonStopEvents {
  stopped: [fiber: StoppedFiber];
  outside: [breakpoint: NonStopBreakpoint | undefined, where: string];
  warning: [message: string];
}

/** Scopes whose names `locals` shows (as in stop-the-world mode). */
const FRAME_SCOPES = new Set<string>(['local', 'block', 'catch', 'closure', 'module', 'with', 'eval']);
/** Longest one-line value `locals` prints (as values.ts's COMPACT_WIDTH). */
const LOCALS_WIDTH = 160;
const CAPTURE_GROUP = 'balrog-nonstop-capture';
const EVAL_GROUP = 'balrog-eval';
/** The parameter name of the evaluator closures: long, so that it hides none of the user's names. */
const SOURCE_PARAMETER = '__balrogNonStopSource';
/**
 * Ids of converted `debugger;` statements: negative (breakpoints count up from
 * 1), and never reused in this process, so that a call left in code V8 would
 * not restore matches no later statement.
 */
let nextStatementId = -1;
/** Reports of one `debugger;` statement that paused outside a fiber: at most one a second (as the target's part does for calls). */
const OUTSIDE_REPORT_MS = 1000;

/** Scripts whose `debugger;` statements are converted: the program's own (not Node's, balrog's, dependencies', or evaluated code). */
function convertible(url: string): boolean {
  return url !== '' && !isInternalScript(url) && !url.includes('/node_modules/');
}

export class NonStopController extends EventEmitter<NonStopEvents> {
  private readonly edits: ScriptEdits;
  private readonly list = new Map<number, NonStopBreakpoint>();
  private readonly stopped = new Map<number, StoppedFiber>();
  private nextBreakpoint = 1;
  private currentId: number | undefined;
  /** A step in progress: released into the step pause, then out of balrog's frames, then the user's step. */
  private stepping: { kind: StepKind; done: () => void } | undefined;
  private requestedStep: { kind: StepKind; done: () => void } | undefined;
  /**
   * How breakpoints are made: live-edited calls, or (where V8 has no live
   * edit: Node 26) V8 breakpoints whose condition parks the fiber, one fiber
   * at a time (see the design). Decided by the first breakpoint.
   */
  // BALROG_NON_STOP_CONDITION=1 makes any Node work the Node 26 way (the tests of that way run everywhere).
  private mode: 'edit' | 'condition' = process.env.BALROG_NON_STOP_CONDITION === '1' ? 'condition' : 'edit';
  private conditionSaid = false;
  /** Condition mode: the V8 breakpoint ids of each breakpoint. */
  private readonly conditionIds = new Map<number, string[]>();
  /** Where each converted `debugger;` statement is (by its negative id). */
  private readonly statements = new Map<number, SourcePosition>();
  /** When an unconverted `debugger;` pause outside a fiber was last reported, by location. */
  private readonly outsideReported = new Map<string, number>();
  private statementsSaid = false;
  /** A conversion found that V8 has no live edit (Node 26). */
  private noLiveEdit = false;
  private detaching = false;

  /** Stops following the client's events (see {@link dispose}). */
  private readonly unfollow: () => void;

  constructor(
    private readonly client: CdpClient,
    private readonly scripts: ScriptRegistry,
    /**
     * The first breakpoint number: after non-stop mode was turned off and on again, calls of
     * the earlier breakpoints may still be in code V8 would not restore, and must not match.
     */
    firstBreakpoint = 1,
  ) {
    super();
    this.nextBreakpoint = firstBreakpoint;
    this.edits = new ScriptEdits(client, (message) => this.emit('warning', message));
    const onConsole = (event: Protocol.Runtime.ConsoleAPICalledEvent): void => {
      if (event.args[0]?.value === STOPPED_MARKER) {
        this.stoppedInCondition(String(event.args[1]?.value));
        return;
      }
      if (event.args[0]?.value !== OUTSIDE_MARKER) return;
      const id = Number(event.args[1]?.value);
      if (id < 0) {
        const statement = this.statements.get(id);
        this.emit('outside', undefined, statement ? formatPosition(statement) : 'a `debugger;` statement');
        return;
      }
      const breakpoint = this.list.get(id);
      this.emit('outside', breakpoint, breakpoint?.locations[0] ? formatPosition(breakpoint.locations[0]) : `breakpoint ${id}`);
    };
    const onScript = (event: Protocol.Debugger.ScriptParsedEvent): void => void this.scriptParsed(event.scriptId, event.url);
    client.onEvent('Runtime.consoleAPICalled', onConsole);
    client.onEvent('Debugger.scriptParsed', onScript);
    this.unfollow = () => {
      client.off('Runtime.consoleAPICalled', onConsole);
      client.off('Debugger.scriptParsed', onScript);
    };
  }

  /** The number the next breakpoint gets. */
  get nextBreakpointId(): number {
    return this.nextBreakpoint;
  }

  /** Stops following the target's events, once non-stop mode is off (after {@link detach}). */
  dispose(): void {
    this.unfollow();
    this.removeAllListeners();
  }

  /** Installs the target's part and tells it to release every fiber if this process dies. */
  async start(debuggerPid: number): Promise<void> {
    const { exceptionDetails } = await this.client.send('Runtime.evaluate', {
      expression: `${nonStopInstallExpression}; ${nonStopExpression}.watchDebugger(${debuggerPid})`,
      silent: true,
    });
    if (exceptionDetails)
      throw new BalrogError(`could not install non-stop mode in the target: ${exceptionDetails.text}`, { code: 'ERR_BALROG_DEBUG_TARGET' });
    for (const script of [...this.scripts.all()]) await this.convertStatements(script.scriptId, script.url);
  }

  /**
   * Converts the `debugger;` statements of a script (see insertion.ts), so
   * that they stop only the fiber that reaches them. Not where V8 has no live
   * edit: there {@link passDebuggerStatement} does what can be done.
   */
  private async convertStatements(scriptId: string, url: string): Promise<void> {
    if (this.mode === 'condition' || this.detaching || !convertible(url)) return;
    try {
      const converted = await this.edits.convertStatements(
        scriptId,
        () => nextStatementId--,
        async (ids) => {
          await this.client.send('Runtime.evaluate', { expression: `${nonStopExpression}.enable(${ids.join(', ')})`, silent: true });
        },
      );
      for (const { id, placement } of converted) {
        this.statements.set(id, this.scripts.toOriginal({ scriptId, lineNumber: placement.line, columnNumber: placement.column }));
      }
    } catch (error) {
      if (this.client.closed) return;
      if (error instanceof NoLiveEditError) {
        // Said at the first such pause (passDebuggerStatement): now, while non-stop mode starts, nobody may be listening yet.
        this.mode = 'condition';
        this.noLiveEdit = true;
        return;
      }
      const why =
        error instanceof BalrogError
          ? error.message
          : `its \`debugger;\` statements are not converted: it could not be parsed (${(error as Error).message})`;
      this.emit('warning', `${url}: ${why} (in a fiber they pause the whole process)`);
    }
  }

  /**
   * A V8 pause at a `debugger;` statement that was not converted (its
   * function was running when the edit was made, V8 has no live edit, or its
   * script is not converted): outside a fiber, it is resumed at once and
   * reported as a call hit outside a fiber is (true: not the user's pause);
   * in a fiber, the session shows it: the whole process is paused (false).
   * Only for pauses nobody asked for (not `pause`, not a step).
   */
  async passDebuggerStatement(event: Protocol.Debugger.PausedEvent): Promise<boolean> {
    const top = event.callFrames[0];
    if (!top || event.reason !== 'other' || (event.hitBreakpoints?.length ?? 0) > 0) return false;
    if (this.steppedHere || this.stepping || this.requestedStep || this.finalStep) return false;
    if (!(await this.isDebuggerStatement(top.location))) return false;
    if (this.noLiveEdit && !this.statementsSaid) {
      this.statementsSaid = true;
      this.emit(
        'warning',
        '`debugger;` statements stay V8 pauses here (no live edit: Node 26): one reached outside a fiber is resumed at once and ' +
          'reported; in a fiber it pauses the whole process',
      );
    }
    const { result } = await this.client
      .send('Debugger.evaluateOnCallFrame', {
        callFrameId: top.callFrameId,
        expression: "globalThis[Symbol.for('balrog.core')]?.inFiber?.() === true",
        returnByValue: true,
        silent: true,
      })
      .catch(() => ({ result: { value: true } }));
    if (result.value === true) return false;
    await this.client.send('Debugger.resume', {}).catch(() => undefined);
    const where = formatPosition(this.scripts.toOriginal(top.location));
    const now = Date.now();
    if (now - (this.outsideReported.get(where) ?? 0) >= OUTSIDE_REPORT_MS) {
      this.outsideReported.set(where, now);
      this.emit('outside', undefined, where);
    }
    return true;
  }

  /** True when the code at `location` (as V8 runs it now) is a `debugger` statement. */
  private async isDebuggerStatement(location: Protocol.Debugger.Location): Promise<boolean> {
    const { scriptSource } = await this.client
      .send('Debugger.getScriptSource', { scriptId: location.scriptId })
      .catch(() => ({ scriptSource: '' }));
    let offset = 0;
    for (let line = 0; line < location.lineNumber; line++) {
      const next = scriptSource.indexOf('\n', offset);
      if (next < 0) return false;
      offset = next + 1;
    }
    offset += location.columnNumber ?? 0;
    return /^debugger\b/.test(scriptSource.slice(offset, offset + 9));
  }

  /** Non-stop breakpoints, in the order they were set. */
  breakpoints(): NonStopBreakpoint[] {
    return [...this.list.values()];
  }

  /** Sets a non-stop breakpoint at `file:line` (any path suffix; `.ts` through source maps). */
  async setBreakpoint(file: string, line: number, condition?: string): Promise<NonStopBreakpoint> {
    const same = this.breakpoints().find((bp) => bp.file === file && bp.line === line);
    if (same)
      throw new BalrogError(`Breakpoint at specified location already exists: #${same.id} ${describeNonStop(same)}`, {
        code: 'ERR_BALROG_BREAKPOINT',
      });
    const breakpoint: NonStopBreakpoint = { id: this.nextBreakpoint++, file, line, ...(condition ? { condition } : {}), locations: [] };
    // Listed first: a hit can be reported as soon as its call is in the code.
    this.list.set(breakpoint.id, breakpoint);
    try {
      for (const target of this.targetsFor(file, line)) {
        try {
          await this.place(breakpoint, target.scriptId, target.line, target.column);
        } catch (error) {
          if (!(error instanceof NoLiveEditError) || this.mode === 'condition') throw error;
          this.mode = 'condition';
          await this.place(breakpoint, target.scriptId, target.line, target.column);
        }
      }
    } catch (error) {
      this.list.delete(breakpoint.id);
      this.nextBreakpoint--;
      await this.edits.remove(breakpoint.id).catch(() => undefined);
      throw error;
    }
    return breakpoint;
  }

  /** Removes breakpoint `id`: it stops no fiber from now on; its calls leave the code when V8 lets them. */
  async removeBreakpoint(id: number): Promise<NonStopBreakpoint> {
    const breakpoint = this.list.get(id);
    if (!breakpoint) throw new BalrogError(`there is no breakpoint ${id}: see \`breakpoints\``, { code: 'ERR_BALROG_DEBUG_NOT_FOUND' });
    this.list.delete(id);
    await this.client.send('Runtime.evaluate', { expression: `${nonStopExpression}.disable(${id})`, silent: true });
    await this.edits.remove(id);
    // Its V8 breakpoints go once no fiber is parked in a condition (see flushRemovals); disabled, they stop nothing meanwhile.
    this.removals.push(...(this.conditionIds.get(id) ?? []));
    this.conditionIds.delete(id);
    await this.flushRemovals();
    return breakpoint;
  }

  /** The stopped fibers, oldest first. */
  fibers(): StoppedFiber[] {
    return [...this.stopped.values()];
  }

  /** The fiber `p`, `locals`, `bt`, `c`, `n`... act on. */
  get current(): StoppedFiber | undefined {
    return this.currentId === undefined ? undefined : this.stopped.get(this.currentId);
  }

  /** `fiber N`. */
  select(id: number): StoppedFiber {
    const fiber = this.stopped.get(id);
    if (!fiber) {
      const ids = [...this.stopped.keys()];
      throw new BalrogError(
        `there is no stopped fiber ${id}: ${ids.length ? `stopped are ${ids.join(', ')}` : 'none is stopped'} (see \`fibers\`)`,
        { code: 'ERR_BALROG_DEBUG_NOT_FOUND' },
      );
    }
    this.currentId = id;
    return fiber;
  }

  /** `c`: lets the current fiber go on; the next stopped one (if any) becomes current. Returns the one released. */
  async continueCurrent(): Promise<StoppedFiber> {
    const fiber = this.requireCurrent();
    await this.release(fiber, 'resume');
    return fiber;
  }

  /** `c all`: lets every stopped fiber go on. */
  async continueAll(): Promise<number> {
    const count = this.stopped.size;
    for (const fiber of [...this.stopped.values()]) await this.release(fiber, 'resume');
    return count;
  }

  /**
   * `n`, `s`, `o` on the current fiber: resolves once the step has landed,
   * when the session has the (real, whole-process) pause.
   */
  async step(kind: StepKind): Promise<void> {
    const fiber = this.requireCurrent();
    const landed = new Promise<void>((resolve) => {
      this.requestedStep = { kind, done: resolve };
    });
    await this.release(fiber, 'stepFrom');
    await landed;
  }

  /**
   * Decides about a V8 pause before the session shows it: balrog's own
   * pauses (a capture, the steps out of balrog's call) are handled here and
   * not shown; returns true for those.
   */
  handlePause(event: Protocol.Debugger.PausedEvent): boolean {
    this.steppedHere = false;
    const top = event.callFrames[0];
    if (!top) return false;
    if (this.requestedStep && event.hitBreakpoints?.some((id) => [...this.conditionIds.values()].some((ids) => ids.includes(id)))) {
      // Condition mode: the released condition said yes, so V8 paused on the fiber's line: step from there.
      const { kind, done } = this.requestedStep;
      this.requestedStep = undefined;
      this.finalStep = done;
      void this.sendStep(kind).catch(() => undefined);
      return true;
    }
    if (this.stepping) {
      if (top.functionName === HIT_FUNCTION || top.functionName === STEP_FUNCTION) {
        void this.client.send('Debugger.stepOut').catch(() => undefined);
        return true;
      }
      // Back in the user's frame, on the line the fiber was stopped at: now the step that was asked for.
      const { kind, done } = this.stepping;
      this.stepping = undefined;
      this.finalStep = done;
      void this.sendStep(kind).catch(() => undefined);
      return true;
    }
    if (top.functionName === STEP_FUNCTION && this.requestedStep) {
      this.stepping = this.requestedStep;
      this.requestedStep = undefined;
      void this.client.send('Debugger.stepOut').catch(() => undefined);
      return true;
    }
    if (this.finalStep) {
      // The step's own pause: the session shows it; tell the step command after it did.
      const done = this.finalStep;
      this.finalStep = undefined;
      this.steppedHere = true;
      setImmediate(done);
      return false;
    }
    if (top.functionName === HIT_FUNCTION) {
      void this.capture(event).catch((error: Error) => {
        this.emit('warning', `a fiber reached a non-stop breakpoint but could not be captured: ${error.message}`);
        void this.client.send('Debugger.resume', {}).catch(() => undefined);
      });
      return true;
    }
    return false;
  }

  private finalStep: (() => void) | undefined;
  /** True when the pause {@link handlePause} last passed on is where a fiber's step landed. */
  steppedHere = false;
  private pendingEvaluations = 0;

  /** True while an evaluation in a stopped fiber waits for its result. */
  get evaluating(): boolean {
    return this.pendingEvaluations > 0;
  }

  private sendStep(kind: StepKind): Promise<unknown> {
    if (kind === 'out') return this.client.send('Debugger.stepOut');
    return this.client.send(kind === 'over' ? 'Debugger.stepOver' : 'Debugger.stepInto', {});
  }

  /** Evaluates user input (REPL syntax) in the current fiber's selected frame, in that fiber. */
  async evaluate(input: string, colors: boolean): Promise<Evaluation> {
    const fiber = this.requireCurrent();
    const transformed = codeForTarget(input);
    if ('failed' in transformed) return transformed.failed;
    const { code } = transformed;
    this.pendingEvaluations++;
    try {
      const reply = await this.client.send('Runtime.evaluate', {
        expression: `${nonStopExpression}.evaluate(${fiber.id}, ${fiber.frames.selected.index}, ${JSON.stringify(code)})`,
        awaitPromise: true,
        objectGroup: EVAL_GROUP,
        silent: true,
      });
      if (reply.exceptionDetails)
        return { ok: false, text: `Uncaught ${await formatThrown(this.client, reply.exceptionDetails)}`, undefined: false };
      return { ok: true, text: await formatValue(this.client, reply.result, colors), undefined: reply.result.type === 'undefined' };
    } catch (error) {
      if (error instanceof CdpClosedError)
        throw new BalrogError('the target exited during the evaluation', { code: 'ERR_BALROG_TARGET_GONE', cause: error });
      throw error;
    } finally {
      this.pendingEvaluations--;
      // Not awaited (as the stop-the-world evaluator): the inspector takes commands in order.
      if (!this.client.closed) this.client.send('Runtime.releaseObjectGroup', { objectGroup: EVAL_GROUP }).catch(() => undefined);
    }
  }

  /** `locals` of the current fiber's selected frame: live values of the names its scopes had when it stopped. */
  async locals(colors: boolean): Promise<Array<{ name: string; value: string }>> {
    const fiber = this.requireCurrent();
    if (this.mode === 'condition') {
      throw new BalrogError(
        "`locals` needs the frame's scopes, which V8 gives only at a pause, and without live edit there is no capture pause: use `p <name>`",
        { code: 'ERR_BALROG_DEBUG_COMMAND' },
      );
    }
    const frame = fiber.frames.selected.index;
    const { result, exceptionDetails } = await this.client.send('Runtime.evaluate', {
      expression: `${nonStopExpression}.locals(${fiber.id}, ${frame}, ${JSON.stringify(fiber.names[frame] ?? [])}, ${colors})`,
      returnByValue: true,
      silent: true,
    });
    if (exceptionDetails)
      throw new BalrogError(
        `cannot read the locals of fiber ${fiber.id}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`,
        { code: 'ERR_BALROG_DEBUG_NOT_FOUND' },
      );
    // One line each, cut as stop-the-world `locals` cuts them.
    return (result.value as Array<[string, string]>).map(([name, value]) => ({
      name,
      value: value.length > LOCALS_WIDTH ? `${value.slice(0, LOCALS_WIDTH - 1)}…` : value,
    }));
  }

  /** Leaving: no breakpoint stops anything any more, every stopped fiber goes on, the scripts get their own source back. */
  async detach(debuggerPid: number): Promise<void> {
    this.detaching = true;
    // Every stopped fiber goes on, and has left balrog's call (or V8's check of the breakpoint) before
    // anything is removed: a fiber that returns from a condition whose breakpoint is gone crashes V8.
    await this.continueAll();
    await this.untilStopped((count) => count === 0);
    this.list.clear();
    await this.client.send('Runtime.evaluate', { expression: `${nonStopExpression}?.unwatchDebugger(${debuggerPid})`, silent: true });
    this.stopped.clear();
    this.currentId = undefined;
    // The `debugger;` statements come back with the scripts' own source (where V8 would not restore
    // a script now, its calls are disabled: a converted statement then pauses as `debugger;` does).
    await this.edits.restoreAll();
    if (this.statements.size > 0) {
      const ids = [...this.statements.keys()].join(', ');
      await this.client
        .send('Runtime.evaluate', { expression: `${nonStopExpression}?.disable(${ids})`, silent: true })
        .catch(() => undefined);
    }
    this.statements.clear();
    await this.flushRemovals();
    for (const ids of this.conditionIds.values()) {
      for (const breakpointId of ids) await this.client.send('Debugger.removeBreakpoint', { breakpointId }).catch(() => undefined);
    }
    this.conditionIds.clear();
  }

  /** Polls the target (a second at most) until its count of stopped fibers satisfies `done`. */
  private async untilStopped(done: (count: number) => boolean): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const { result } = await this.client.send('Runtime.evaluate', {
        expression: `${nonStopExpression}?.stoppedCount() ?? 0`,
        returnByValue: true,
        silent: true,
      });
      if (done(Number(result.value))) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Condition mode: V8 breakpoints removed by `cb` whose condition a fiber may still be in; removed once none is. */
  private readonly removals: string[] = [];

  private async flushRemovals(): Promise<void> {
    if (this.removals.length === 0 || this.stopped.size > 0) return;
    await this.untilStopped((count) => count === 0);
    for (const breakpointId of this.removals.splice(0)) {
      await this.client.send('Debugger.removeBreakpoint', { breakpointId }).catch(() => undefined);
    }
  }

  private requireCurrent(): StoppedFiber {
    const fiber = this.current;
    if (fiber) return fiber;
    throw new BalrogError(
      this.stopped.size === 0
        ? 'no fiber is stopped: wait for one to reach a breakpoint'
        : 'no fiber is selected: `fiber <N>` (see `fibers`)',
      { code: 'ERR_BALROG_TARGET_RUNNING' },
    );
  }

  private async release(fiber: StoppedFiber, how: 'resume' | 'stepFrom'): Promise<void> {
    this.stopped.delete(fiber.id);
    if (this.currentId === fiber.id) this.currentId = this.stopped.keys().next().value;
    const { exceptionDetails } = await this.client.send('Runtime.evaluate', {
      expression: `${nonStopExpression}.${how}(${fiber.id})`,
      silent: true,
    });
    if (exceptionDetails)
      throw new BalrogError(
        `fiber ${fiber.id} could not be released: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`,
        { code: 'ERR_BALROG_DEBUG_NOT_FOUND' },
      );
    await this.flushRemovals();
  }

  /**
   * The capture pause: everything inspection will need, read while the
   * process is paused, with the commands sent back to back (the inspector
   * answers in order): the pause lasts a few round trips.
   */
  private async capture(event: Protocol.Debugger.PausedEvent): Promise<void> {
    const [hit, ...userFrames] = event.callFrames;
    const send = this.client.send.bind(this.client);
    const fiberObject = send('Debugger.evaluateOnCallFrame', {
      callFrameId: hit!.callFrameId,
      expression: 'fiber',
      objectGroup: CAPTURE_GROUP,
      silent: true,
    });
    const evaluators = userFrames.map((frame) =>
      send('Debugger.evaluateOnCallFrame', {
        callFrameId: frame.callFrameId,
        expression: `(${SOURCE_PARAMETER}) => eval(${SOURCE_PARAMETER})`,
        objectGroup: CAPTURE_GROUP,
        silent: true,
      }).catch(() => undefined),
    );
    const scopes = userFrames.map((frame) =>
      Promise.all(
        frame.scopeChain
          .filter((scope) => FRAME_SCOPES.has(scope.type) && scope.object.objectId)
          .map((scope) =>
            send('Runtime.getProperties', { objectId: scope.object.objectId!, ownProperties: true })
              .then(({ result }) => result)
              .catch(() => []),
          ),
      ),
    );
    const scopeProperties = await Promise.all(scopes);
    const names = scopeProperties.map((perScope) => [...new Set(perScope.flat().map((property) => property.name))]);
    const request = await this.requestOf(scopeProperties.map((perScope) => perScope[0] ?? []));
    const fiberId = await fiberObject;
    const closures = await Promise.all(evaluators);
    const stored = await send('Runtime.callFunctionOn', {
      objectId: fiberId.result.objectId!,
      functionDeclaration: 'function (...evaluators) { this.evaluators = evaluators; return [this.id, this.breakpoint]; }',
      arguments: closures.map((closure) => (closure?.result.objectId ? { objectId: closure.result.objectId } : { value: undefined })),
      returnByValue: true,
      silent: true,
    });
    await send('Runtime.releaseObjectGroup', { objectGroup: CAPTURE_GROUP });
    await send('Debugger.resume', {});
    const [id, breakpoint] = stored.result.value as [number, number];
    const fiber: StoppedFiber = {
      id,
      breakpoint,
      frames: new FrameStack(this.unedited(userFrames), this.scripts),
      names,
      ...(request ? { request } : {}),
    };
    this.stopped.set(fiber.id, fiber);
    this.currentId ??= fiber.id;
    this.emit('stopped', fiber);
  }

  /** Condition mode: a fiber reported that it stopped in a breakpoint's condition, with its stack (no pause to read it from). */
  private stoppedInCondition(report: string): void {
    const { id, breakpoint, frames, request } = JSON.parse(report) as {
      id: number;
      breakpoint: number;
      frames: Array<{ functionName: string; url: string; line: number; column: number }>;
      request?: string;
    };
    const scriptIds = new Map([...this.scripts.all()].map((script) => [script.url, script.scriptId]));
    const callFrames = frames.map(
      (frame, index) =>
        ({
          callFrameId: `nonstop:${id}:${index}`,
          functionName: frame.functionName,
          // A CommonJS script's call sites name its path; the inspector, its file URL.
          location: {
            scriptId:
              scriptIds.get(frame.url) ?? (frame.url.startsWith('/') ? scriptIds.get(pathToFileURL(frame.url).href) : undefined) ?? '',
            lineNumber: frame.line,
            columnNumber: frame.column,
          },
          url: frame.url,
          scopeChain: [],
          this: { type: 'undefined' },
        }) satisfies Protocol.Debugger.CallFrame,
    );
    const fiber: StoppedFiber = {
      id,
      breakpoint,
      frames: new FrameStack(callFrames, this.scripts),
      names: [],
      ...(request ? { request } : {}),
    };
    this.stopped.set(id, fiber);
    this.currentId ??= id;
    this.emit('stopped', fiber);
  }

  /** Call frames with their columns in the scripts' own text (not as moved by the inserted calls). */
  unedited(frames: Protocol.Debugger.CallFrame[]): Protocol.Debugger.CallFrame[] {
    return frames.map((frame) => ({ ...frame, location: { ...frame.location, columnNumber: this.edits.toUnedited(frame.location) } }));
  }

  /** `METHOD url` of the first HTTP request (an `IncomingMessage`) among the frames' own locals, innermost first. */
  private async requestOf(locals: Protocol.Runtime.PropertyDescriptor[][]): Promise<string | undefined> {
    for (const properties of locals) {
      const found = properties.find((property) => property.value?.className === 'IncomingMessage' && property.value.objectId);
      if (!found) continue;
      const { result } = await this.client.send('Runtime.callFunctionOn', {
        objectId: found.value!.objectId!,
        functionDeclaration: "function () { return this.method + ' ' + this.url; }",
        returnByValue: true,
        silent: true,
      });
      return typeof result.value === 'string' ? result.value : undefined;
    }
    return undefined;
  }

  /** Generated lines for `file:line`: through source maps, or the line itself in a script of that path. */
  private targetsFor(file: string, line: number): Array<{ scriptId: string; line: number; column: number }> {
    const mapped = this.scripts.generatedFor(file, line - 1);
    const plain = [...this.scripts.all()]
      .filter((script) => !script.sourceMapURL && pathEndsWith(script.url, file))
      .map((script) => ({ scriptId: script.scriptId, line: line - 1, column: 0 }));
    return [...mapped, ...plain];
  }

  private async place(breakpoint: NonStopBreakpoint, scriptId: string, line: number, column: number): Promise<void> {
    if (this.mode === 'condition') {
      if (!this.conditionSaid) {
        this.conditionSaid = true;
        this.emit(
          'warning',
          "non-stop breakpoints park the fiber in the breakpoint's condition here (V8 without live edit: Node 26), so one fiber " +
            'stops at a time; while it is stopped, other fibers pass every breakpoint, and `locals` is not available (use `p <name>`)',
        );
      }
      const parking = `${nonStopExpression}?.condition(${breakpoint.id}, (${SOURCE_PARAMETER}) => eval(${SOURCE_PARAMETER}))`;
      const { breakpointId, actualLocation } = await this.client.send('Debugger.setBreakpoint', {
        location: { scriptId, lineNumber: line, columnNumber: column },
        condition: breakpoint.condition ? `(${breakpoint.condition}) && ${parking}` : parking,
      });
      this.conditionIds.set(breakpoint.id, [...(this.conditionIds.get(breakpoint.id) ?? []), breakpointId]);
      const position = this.scripts.toOriginal(actualLocation);
      if (!breakpoint.locations.some((l) => l.url === position.url && l.line === position.line)) breakpoint.locations.push(position);
      await this.client.send('Runtime.evaluate', { expression: `${nonStopExpression}.enable(${breakpoint.id})`, silent: true });
      return;
    }
    const { placement, applied } = await this.edits.add(scriptId, {
      id: breakpoint.id,
      line,
      ...(breakpoint.condition ? { condition: breakpoint.condition } : {}),
    });
    if (!applied) breakpoint.waiting = true;
    const position = this.scripts.toOriginal({ scriptId, lineNumber: placement.line, columnNumber: placement.column });
    if (!breakpoint.locations.some((l) => l.url === position.url && l.line === position.line)) breakpoint.locations.push(position);
    await this.client.send('Runtime.evaluate', { expression: `${nonStopExpression}.enable(${breakpoint.id})`, silent: true });
  }

  private async scriptParsed(scriptId: string, url: string): Promise<void> {
    await this.convertStatements(scriptId, url);
    for (const breakpoint of this.list.values()) {
      const targets = this.targetsFor(breakpoint.file, breakpoint.line).filter((target) => target.scriptId === scriptId);
      for (const target of targets) {
        await this.place(breakpoint, target.scriptId, target.line, target.column).catch((error: Error) =>
          this.emit('warning', `breakpoint ${breakpoint.id} not set in ${url}: ${error.message}`),
        );
      }
    }
  }
}

/** `file:line [if cond]` of a non-stop breakpoint, `(pending)` while no loaded script has it. */
export function describeNonStop(bp: NonStopBreakpoint): string {
  const where = bp.locations[0] ? formatPosition(bp.locations[0]) : `${bp.file}:${bp.line} (pending)`;
  return bp.condition ? `${where} if ${bp.condition}` : where;
}
