/**
 * The live edits of non-stop mode: per script, the parking calls it should
 * hold, and a loop that gets V8 to take the edited source. V8 refuses an edit
 * of a function some thread is running (`BlockedByActiveFunction`: a fiber in
 * it, one stopped in it included, or the entry's top level at the first
 * pause); such an edit is retried while the process runs, until V8 takes it.
 */
import { CdpError, type CdpClient } from '../../cdp/client.js';
import { BalrogError } from '../../../core/errors.js';
import {
  insertAll,
  originalColumn,
  StatementIndex,
  type Insertion,
  type Placement,
  type Shift,
  type StatementConversion,
} from './insertion.js';

/**
 * How soon a refused edit is tried again: each try compiles the script in the
 * target, so the wait doubles while V8 keeps refusing (a fiber stopped in the
 * function for minutes), up to a few seconds.
 */
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 3200;

interface ScriptState {
  index: StatementIndex;
  insertions: Map<number, Insertion>;
  /** The `debugger;` statements converted, by id. */
  conversions: Map<number, StatementConversion>;
  /** The source V8 runs now. */
  applied: string;
  /** The source it should run. */
  wanted: string;
  /** What was inserted where, in `applied` and in `wanted`. */
  appliedShifts: Shift[];
  wantedShifts: Shift[];
}

/** Thrown when the target's V8 has no live edit (Node 26: V8 14 removed `Debugger.setScriptSource`). */
export class NoLiveEditError extends BalrogError {
  constructor(message: string) {
    super(message, { code: 'ERR_BALROG_BREAKPOINT' });
  }
}

export class ScriptEdits {
  private readonly states = new Map<string, ScriptState>();
  private retry: NodeJS.Timeout | undefined;
  private retryMs = FIRST_RETRY_MS;
  private closed = false;

  constructor(
    private readonly client: CdpClient,
    private readonly warn: (message: string) => void,
  ) {}

  /**
   * Puts breakpoint `insertion.id`'s parking call into script `scriptId`;
   * returns where it went (in the unedited script). The edit itself may wait
   * (see the module comment); it is tried at once.
   */
  async add(scriptId: string, insertion: Insertion): Promise<{ placement: Placement; applied: boolean }> {
    const state = await this.stateOf(scriptId);
    const insertions = new Map(state.insertions).set(insertion.id, insertion);
    const { source, placements, shifts } = insertAll(state.index, [...insertions.values()], [...state.conversions.values()]);
    state.insertions = insertions;
    state.wanted = source;
    state.wantedShifts = shifts;
    await this.sync(scriptId, state, 'the non-stop breakpoint is not set');
    return { placement: placements.get(insertion.id)!, applied: state.applied === state.wanted };
  }

  /**
   * Converts the `debugger;` statements inside functions of script `scriptId`
   * (see insertion.ts), each with an id from `nextId` (given to `beforeEdit`
   * before the edit is made); returns them with where they are (in the
   * unedited script). A script already looked at, or whose
   * text has no `debugger` followed by the end of a statement, is not parsed.
   * Throws {@link NoLiveEditError}, or a BalrogError when V8 does not take the
   * edit for a reason other than running code (then nothing is converted).
   */
  async convertStatements(
    scriptId: string,
    nextId: () => number,
    beforeEdit: (ids: number[]) => Promise<void>,
  ): Promise<Array<{ id: number; placement: Placement }>> {
    let state = this.states.get(scriptId);
    if (!state) {
      const { scriptSource } = await this.client.send('Debugger.getScriptSource', { scriptId });
      // A cheap look first: most scripts have no `debugger;` and are not parsed.
      if (!/\bdebugger\s*(?:;|\}|\n|\r|$)/.test(scriptSource)) return [];
      state = this.states.get(scriptId) ?? this.stateFor(scriptId, scriptSource);
    }
    const converted = new Set([...state.conversions.values()].map((conversion) => conversion.start));
    const found = state.index.debuggerStatements().filter((statement) => !converted.has(statement.start));
    if (found.length === 0) return [];
    const added = found.map((statement) => ({ id: nextId(), start: statement.start, placement: statement.placement }));
    // The target's part knows the ids first: a converted statement it does not know pauses, as `debugger;` does.
    await beforeEdit(added.map(({ id }) => id));
    const before = new Map(state.conversions);
    for (const { id, start } of added) state.conversions.set(id, { id, start });
    const { source, shifts } = insertAll(state.index, [...state.insertions.values()], [...state.conversions.values()]);
    const previous = { wanted: state.wanted, wantedShifts: state.wantedShifts };
    state.wanted = source;
    state.wantedShifts = shifts;
    try {
      await this.sync(scriptId, state, 'its `debugger;` statements are not converted');
    } catch (error) {
      state.conversions = before;
      state.wanted = previous.wanted;
      state.wantedShifts = previous.wantedShifts;
      throw error;
    }
    return added.map(({ id, placement }) => ({ id, placement }));
  }

  /** Takes breakpoint `id`'s calls out of every script (when V8 lets it). */
  async remove(id: number): Promise<void> {
    for (const [scriptId, state] of this.states) {
      if (!state.insertions.delete(id)) continue;
      const { source, shifts } = insertAll(state.index, [...state.insertions.values()], [...state.conversions.values()]);
      state.wanted = source;
      state.wantedShifts = shifts;
      await this.sync(scriptId, state, false);
    }
  }

  /** A location in a script as V8 runs it now, moved back to the script's own text (what the user sees). */
  toUnedited(location: { scriptId: string; lineNumber: number; columnNumber?: number }): number | undefined {
    const state = this.states.get(location.scriptId);
    if (!state || location.columnNumber === undefined) return location.columnNumber;
    return originalColumn(state.appliedShifts, location.lineNumber, location.columnNumber);
  }

  /** True while some edit waits for V8 to take it. */
  get pending(): boolean {
    return [...this.states.values()].some((state) => state.applied !== state.wanted);
  }

  /** Puts back every script's own source, as far as V8 lets it now; stops retrying. */
  async restoreAll(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    for (const [scriptId, state] of this.states) {
      if (state.applied === state.index.source) continue;
      await this.client.send('Debugger.setScriptSource', { scriptId, scriptSource: state.index.source }).catch(() => undefined);
    }
  }

  private async stateOf(scriptId: string): Promise<ScriptState> {
    const state = this.states.get(scriptId);
    if (state) return state;
    const { scriptSource } = await this.client.send('Debugger.getScriptSource', { scriptId });
    // Another call may have made it while the source came.
    return this.states.get(scriptId) ?? this.stateFor(scriptId, scriptSource);
  }

  private stateFor(scriptId: string, scriptSource: string): ScriptState {
    const state: ScriptState = {
      index: new StatementIndex(scriptSource),
      insertions: new Map(),
      conversions: new Map(),
      applied: scriptSource,
      wanted: scriptSource,
      appliedShifts: [],
      wantedShifts: [],
    };
    this.states.set(scriptId, state);
    return state;
  }

  /** Tries to make V8 run `state.wanted`; with `strict` (what is then not done), an edit V8 cannot ever take throws. */
  private async sync(scriptId: string, state: ScriptState, strict: string | false): Promise<void> {
    if (state.applied === state.wanted || this.closed) return;
    const wanted = state.wanted;
    const wantedShifts = state.wantedShifts;
    let status: string;
    try {
      const reply = await this.client.send('Debugger.setScriptSource', { scriptId, scriptSource: wanted });
      status = (reply as { status?: string }).status ?? 'Ok';
      if (reply.exceptionDetails && status === 'Ok') status = 'CompileError';
    } catch (error) {
      if (error instanceof CdpError && /no longer available|not supported/i.test(error.cdpMessage)) {
        throw new NoLiveEditError(
          `non-stop breakpoints need V8's live edit (Debugger.setScriptSource), which this Node's V8 does not have: ${error.cdpMessage}`,
        );
      }
      throw error;
    }
    if (status === 'Ok') {
      this.retryMs = FIRST_RETRY_MS;
      state.applied = wanted;
      state.appliedShifts = wantedShifts;
      return;
    }
    if (status.startsWith('Blocked')) {
      this.scheduleRetry();
      return;
    }
    const message = `V8 did not take the edited script (${status})`;
    if (strict) throw new BalrogError(`${message}: ${strict}`, { code: 'ERR_BALROG_BREAKPOINT' });
    this.warn(message);
  }

  private scheduleRetry(): void {
    if (this.retry || this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.retryAll();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
  }

  private async retryAll(): Promise<void> {
    for (const [scriptId, state] of this.states) {
      await this.sync(scriptId, state, false).catch((error: Error) => {
        if (!this.client.closed) this.warn(error.message);
      });
    }
  }
}
