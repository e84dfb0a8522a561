/**
 * ijavascript's `$$` API, so that notebooks written for ijavascript run
 * unchanged: `$$.html(...)` and friends set the cell's result, `$$.async()`
 * makes the reply wait for `$$.done()`/`$$.sendResult()`/`$$.sendError()`,
 * `$$.display(id)` shows and updates display data, `$$.input()` asks the
 * frontend for a line. In balrog a cell can simply `await` instead.
 */
import { BalrogError } from '../core/errors.js';
import { isThenable } from '../core/thenable.js';
import { currentCell, type Cell } from './cell.js';
import { installMimerGlobals, toMime, type MimeBundle } from './mime.js';

type Sender<T> = (value: T | PromiseLike<T>, keepAlive?: boolean) => void;

/** The `$$` object of one cell. */
export interface CellApi {
  async(value?: boolean): boolean;
  done(result?: unknown): void;
  sendResult: Sender<unknown>;
  sendError: Sender<unknown>;
  mime: Sender<MimeBundle>;
  text: Sender<string>;
  html: Sender<string>;
  svg: Sender<string>;
  png: Sender<string>;
  jpeg: Sender<string>;
  json: Sender<unknown>;
  clear(options?: { wait?: boolean }): void;
  display(id?: string): Display;
  input(options: { prompt?: string; password?: boolean }, callback?: (error: unknown, value?: string) => void): Promise<string> | undefined;
}

/** A display area; with an id, its later sends update it in place. */
export class Display {
  #shown = false;
  /** How many times close() was called: each opens a new output with an id of its own. */
  #closed = 0;

  constructor(
    readonly cell: Cell,
    readonly id?: string,
  ) {}

  mime(bundle: MimeBundle): void {
    // Frontends update every output that carries a display_id, display_data included, so an
    // output after close() needs a new one to stay apart from the closed output.
    const displayId = this.id === undefined ? undefined : this.#closed === 0 ? this.id : `${this.id}#${this.#closed}`;
    this.cell.display(bundle, displayId, displayId !== undefined && this.#shown);
    this.#shown = true;
  }
  text(text: string): void {
    this.mime({ 'text/plain': text });
  }
  html(html: string): void {
    this.mime({ 'text/html': html });
  }
  svg(svg: string): void {
    this.mime({ 'image/svg+xml': svg });
  }
  png(png: string): void {
    this.mime({ 'image/png': png });
  }
  jpeg(jpeg: string): void {
    this.mime({ 'image/jpeg': jpeg });
  }
  json(json: unknown): void {
    this.mime({ 'application/json': json });
  }
  /** Later sends show a new output instead of updating this one. */
  close(): void {
    if (this.#shown) this.#closed++;
    this.#shown = false;
  }
}

/** Builds the `$$` object for `cell`. */
export function createCellApi(cell: Cell): CellApi {
  // Each sender ends the cell with a bundle unless keepAlive; a promise is awaited first.
  const sender =
    <T>(toBundle: (value: T) => MimeBundle): Sender<T> =>
    (value, keepAlive = false) => {
      const send = (resolved: T): void => {
        if (keepAlive) {
          cell.async = true;
          cell.display(toBundle(resolved));
        } else {
          cell.end({ kind: 'result', bundle: toBundle(resolved) });
        }
      };
      if (isThenable(value)) {
        cell.async = true;
        value.then(send, (error: unknown) => cell.end({ kind: 'error', error }));
      } else {
        send(value as T);
      }
    };
  return {
    async(value?: boolean) {
      cell.async = value === undefined ? true : !!value;
      return cell.async;
    },
    done(...args: unknown[]) {
      cell.end(args.length === 0 ? { kind: 'done' } : { kind: 'result', bundle: toMime(args[0]) });
    },
    sendResult: sender<unknown>(toMime),
    sendError(error, keepAlive = false) {
      const fail = (reason: unknown): void => {
        if (keepAlive) cell.async = true;
        cell.end({ kind: 'error', error: reason });
      };
      if (isThenable(error)) {
        cell.async = true;
        error.then(fail, fail);
      } else {
        fail(error);
      }
    },
    mime: sender<MimeBundle>((bundle) => bundle),
    text: sender<string>((text) => ({ 'text/plain': text })),
    html: sender<string>((html) => ({ 'text/html': html })),
    svg: sender<string>((svg) => ({ 'image/svg+xml': svg })),
    png: sender<string>((png) => ({ 'image/png': png })),
    jpeg: sender<string>((jpeg) => ({ 'image/jpeg': jpeg })),
    json: sender<unknown>((json) => ({ 'application/json': json })),
    clear(options = {}) {
      cell.clear(!!options.wait);
    },
    display(id?: string) {
      return new Display(cell, id);
    },
    input(options, callback) {
      const answer = cell.allowStdin
        ? cell.host.requestInput(cell.request, String(options?.prompt ?? ''), !!options?.password)
        : Promise.reject(
            new BalrogError('$$.input(): this frontend does not accept input (allow_stdin is false)', { code: 'ERR_BALROG_KERNEL_STDIN' }),
          );
      if (typeof callback !== 'function') return answer;
      cell.async = true;
      answer.then(
        (value) => callback(null, value),
        (error: unknown) => callback(error),
      );
      return undefined;
    },
  };
}

/**
 * Installs the `$$` global (and ijavascript's older `$$html$$ = ...` style
 * globals); each resolves to the current cell's API.
 */
export function installCellGlobals(apiOf: (cell: Cell) => CellApi): void {
  const api = (): CellApi => {
    const cell = currentCell();
    if (!cell) throw new BalrogError('$$ is only available while a notebook cell runs', { code: 'ERR_BALROG_KERNEL_NO_CELL' });
    return apiOf(cell);
  };
  const define = (name: string, descriptor: PropertyDescriptor): void => {
    Object.defineProperty(globalThis, name, { configurable: true, enumerable: false, ...descriptor });
  };
  define('$$', { get: api });
  for (const kind of ['mime', 'html', 'svg', 'png', 'jpeg'] as const) {
    define(`$$${kind}$$`, { set: (value: never) => api()[kind](value) });
  }
  define('$$async$$', { get: () => currentCell()?.async ?? false, set: (value: unknown) => api().async(!!value) });
  define('$$done$$', { get: () => api().done });
  installMimerGlobals();
}
