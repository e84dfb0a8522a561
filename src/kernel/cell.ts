/**
 * One execute request while it runs (and afterwards, for the async work it
 * started): where its output goes and how it ends. ijavascript's `$$` API
 * (see cell-api.ts) acts on the Cell that is current where it is called.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { InterruptedError } from '../core/errors.js';
import type { Message } from './message.js';
import type { MimeBundle } from './mime.js';

/** How a cell ended early through `$$`: with a result, an error, or just done. */
export type CellOutcome = { kind: 'result'; bundle: MimeBundle } | { kind: 'error'; error: unknown } | { kind: 'done' };

/** What a Cell needs from the kernel. */
export interface CellHost {
  /** Publishes an iopub message caused by the cell's request. */
  publish(msgType: string, content: object, parent: Message): void;
  /** Asks the frontend for a line of input (stdin channel). */
  requestInput(parent: Message, prompt: string, password: boolean): Promise<string>;
}

/** The running (or finished) cell of one execute request. */
export class Cell {
  /** Set by `$$.async()`: the reply waits for `$$.done()`/`sendResult`/`sendError`. */
  async = false;
  #outcome: CellOutcome | undefined;
  #waiter: { resolve: (outcome: CellOutcome) => void; reject: (error: unknown) => void } | undefined;

  constructor(
    readonly request: Message,
    readonly host: CellHost,
  ) {}

  get allowStdin(): boolean {
    return (this.request.content as { allow_stdin?: boolean }).allow_stdin !== false;
  }

  /** How the cell ended through `$$`, if it did. */
  get outcome(): CellOutcome | undefined {
    return this.#outcome;
  }

  stream(name: 'stdout' | 'stderr', text: string): void {
    if (text !== '') this.host.publish('stream', { name, text }, this.request);
  }

  display(bundle: MimeBundle, displayId?: string, update = false): void {
    const content = { data: bundle, metadata: {}, transient: displayId === undefined ? {} : { display_id: displayId } };
    this.host.publish(update ? 'update_display_data' : 'display_data', content, this.request);
  }

  clear(wait: boolean): void {
    this.host.publish('clear_output', { wait }, this.request);
  }

  /** Ends the cell (first call wins, as in ijavascript; later ones are dropped). */
  end(outcome: CellOutcome): void {
    if (this.#outcome) return;
    this.#outcome = outcome;
    this.async = false;
    this.#waiter?.resolve(outcome);
  }

  /** Waits for an async cell to end; rejects with InterruptedError on interrupt(). */
  ended(): Promise<CellOutcome> {
    if (this.#outcome) return Promise.resolve(this.#outcome);
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  /** Stop was pressed while the cell was paused at the debug prompt: it ends with InterruptedError. */
  interruptedAtPause = false;

  interruptAtPause(): void {
    this.interruptedAtPause = true;
  }

  /** Abandons the wait for an async cell (a Jupyter interrupt). */
  interrupt(): void {
    this.#waiter?.reject(new InterruptedError('Interrupted: the cell was waiting for $$.done()'));
    this.#waiter = undefined;
  }
}

/** The cell whose code (or whose async work) is running now. */
export const cellStorage = new AsyncLocalStorage<Cell>();

let lastCell: Cell | undefined;

/** Marks `cell` as the newest one: output with no cell of its own goes there. */
export function setLastCell(cell: Cell): void {
  lastCell = cell;
}

/** The cell output belongs to: the one that started this work, else the newest. */
export function currentCell(): Cell | undefined {
  return cellStorage.getStore() ?? lastCell;
}
