/**
 * execute_request: runs a cell on the evaluator inside the cell's
 * AsyncLocalStorage context and publishes what Jupyter expects: execute_input,
 * streams, display data, execute_result or error, then the reply.
 */
import { inspect } from 'node:util';
import { InterruptedError } from '../core/errors.js';
import { Cell, cellStorage, setLastCell, type CellHost, type CellOutcome } from './cell.js';
import type { CellEvaluator } from './cell-evaluator.js';
import type { History } from './history.js';
import type { Message } from './message.js';
import { toMime, type MimeBundle } from './mime.js';

/** The fields of an execute_request. */
interface ExecuteContent {
  code?: string;
  silent?: boolean;
  store_history?: boolean;
  user_expressions?: Record<string, string>;
  allow_stdin?: boolean;
  stop_on_error?: boolean;
}

/** The reply content plus whether the cell failed. */
export interface ExecuteOutcome {
  reply: Record<string, unknown>;
  failed: boolean;
}

/** Runs cells one after another and counts executions. */
export class Executor {
  executionCount = 0;
  /**
   * While a debugger is attached: the file a cell's code runs under (so that
   * breakpoints set in that file hit it); otherwise cells are `REPL<n>`.
   */
  cellFile: ((code: string) => string) | undefined;
  /** Awaited, when it returns a promise, before a cell's code runs (the kernel starts the debug prompt for a cell that needs it). */
  beforeRun: ((cell: Cell, code: string) => Promise<unknown> | undefined) | undefined;
  /** Called when a cell has ended. */
  afterRun: (() => void) | undefined;
  /** Told the number of each cell as it starts (counting from 1, silent cells too), and 0 once it has ended. */
  onRunningCell: ((cell: number) => void) | undefined;
  #running: Cell | undefined;
  #cells = 0;

  constructor(
    readonly evaluator: CellEvaluator,
    readonly host: CellHost,
    readonly history: History,
  ) {}

  /** The cell running now, if any (for interrupts). */
  get running(): Cell | undefined {
    return this.#running;
  }

  async execute(request: Message): Promise<ExecuteOutcome> {
    const content = request.content as ExecuteContent;
    const code = typeof content.code === 'string' ? content.code : '';
    const silent = !!content.silent;
    const storeHistory = !silent && content.store_history !== false;
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    if (storeHistory) this.history.add(count, code);
    if (!silent) this.host.publish('execute_input', { code, execution_count: count }, request);

    const cell = new Cell(request, this.host);
    setLastCell(cell);
    this.#running = cell;
    this.onRunningCell?.(++this.#cells);
    try {
      const outcome = await this.#run(cell, code);
      if (outcome.kind === 'error') return this.#fail(request, count, outcome.error, silent);
      if (outcome.kind === 'result' && !silent) {
        this.host.publish('execute_result', { execution_count: count, data: outcome.bundle, metadata: {} }, request);
        const plain = outcome.bundle['text/plain'];
        if (storeHistory && typeof plain === 'string') this.history.setOutput(count, plain);
      }
      const userExpressions = await this.#userExpressions(cell, content.user_expressions);
      return { failed: false, reply: { status: 'ok', execution_count: count, payload: [], user_expressions: userExpressions } };
    } catch (error) {
      return this.#fail(request, count, error, silent);
    } finally {
      this.#running = undefined;
      this.onRunningCell?.(0);
      this.afterRun?.();
    }
  }

  /** Evaluates, then (for `$$.async()` cells) waits for the cell to end. */
  async #run(cell: Cell, code: string): Promise<CellOutcome> {
    const ready = this.beforeRun?.(cell, code);
    if (ready) await ready;
    const filename = this.cellFile?.(code);
    const value = await cellStorage.run(cell, () => this.evaluator.evaluate(code, filename === undefined ? undefined : { filename }));
    if (cell.interruptedAtPause) throw new InterruptedError('Interrupted at the debug prompt');
    if (cell.outcome) return cell.outcome;
    if (cell.async) return cell.ended();
    if (value === undefined) return { kind: 'done' };
    return { kind: 'result', bundle: cellStorage.run(cell, () => toMime(value)) };
  }

  #fail(request: Message, count: number, error: unknown, silent: boolean): ExecuteOutcome {
    const details = this.errorDetails(error);
    if (!silent) this.host.publish('error', details, request);
    return { failed: true, reply: { status: 'error', execution_count: count, ...details } };
  }

  /** ename, evalue and traceback of a thrown value. */
  errorDetails(error: unknown): { ename: string; evalue: string; traceback: string[] } {
    const isObject = typeof error === 'object' && error !== null;
    const name = isObject && typeof (error as Error).name === 'string' ? (error as Error).name : typeof error;
    const message = isObject && typeof (error as Error).message === 'string' ? (error as Error).message : inspect(error);
    let traceback: string[];
    try {
      traceback = this.evaluator.formatError(error).split('\n');
    } catch {
      traceback = [`Uncaught ${inspect(error)}`];
    }
    return { ename: name, evalue: message, traceback };
  }

  async #userExpressions(cell: Cell, expressions: Record<string, string> | undefined): Promise<Record<string, unknown>> {
    const results: Record<string, unknown> = {};
    if (typeof expressions !== 'object' || expressions === null) return results;
    for (const [name, expression] of Object.entries(expressions)) {
      if (typeof expression !== 'string') continue;
      try {
        const value = await cellStorage.run(cell, () => this.evaluator.evaluate(expression));
        results[name] = { status: 'ok', data: toMime(value) as MimeBundle, metadata: {} };
      } catch (error) {
        results[name] = { status: 'error', ...this.errorDetails(error) };
      }
    }
    return results;
  }
}
