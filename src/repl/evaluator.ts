/**
 * The evaluator shared by the REPL, the Jupyter kernel and the debugger: each
 * input is parsed as TypeScript-or-JavaScript, every `await` becomes a fiber
 * wait, and the result runs as a script of the main context inside a fiber.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fiber, InterruptedError, spawn, wait } from '../core/index.js';
import { isThenable } from '../core/thenable.js';
import { Bindings } from './bindings.js';
import { completeLine } from './complete.js';
import { propertyNamesWithoutSideEffects } from './side-effect-free.js';
import { cleanStack, formatUncaught } from './error-format.js';
import { createImporter, createReplRequire, type Importer } from './modules.js';
import { asObjectLiteral } from './object-literal.js';
import { classifyInput, compilesAsScript } from './parse.js';
import { Unawaited } from './unawaited.js';
import { bareSyntaxError, compileError, decorateCompileError } from './syntax-error.js';
import { PositionMap, type InputMap } from './source-edit.js';
import { InputSyntaxError, iterateAwaiting, transformInput, UnsupportedSyntaxError, type TransformResult } from './transform.js';
import { installUnderscore, type Underscore } from './underscore.js';
import { checkScriptName } from './script-name.js';

/** Options of {@link ReplEvaluator}. */
export interface ReplEvaluatorOptions {
  /** Where `import` and `require` resolve from (default: `process.cwd()`). */
  cwd?: string;
  /** The file name that relative imports resolve against (default: `<cwd>/[balrog repl]`). */
  filename?: string;
  /** Whether a thenable completion value is awaited (default: true). */
  autoAwait?: boolean;
}

/** Options of one {@link ReplEvaluator.evaluate} call. */
export interface EvaluateOptions {
  /**
   * The script name the input runs under (its `//# sourceURL`), instead of
   * `REPL<n>`: stack frames show it (positions in the input) and a debugger
   * finds the script by it (`Debugger.scriptParsed`'s `url`,
   * `Debugger.setBreakpointByUrl`), e.g. `cell-<hash>.ts` for a notebook cell.
   * Evaluating under the same name again replaces the earlier script's map.
   * Relative imports still resolve against {@link ReplEvaluatorOptions.filename}.
   */
  filename?: string;
}

export { Unawaited } from './unawaited.js';

/**
 * @deprecated The REPL's evaluator is {@link ReplEvaluator} (the debugger has
 * its own, src/debugger/engine/evaluator.ts); this alias keeps code written
 * against the earlier name compiling.
 */
export { ReplEvaluator as Evaluator };

/** What the inputs' code reaches through `globalThis[Symbol.for('balrog.repl')][id]`. */
interface InputRuntime {
  wait: typeof wait;
  forAwait: typeof iterateAwaiting;
  bindings: Bindings;
  importer: Importer;
}

const runtimeKey = Symbol.for('balrog.repl');
const holder = globalThis as Record<symbol, unknown>;
holder[runtimeKey] ??= {};
const runtimes = holder[runtimeKey] as Record<number, InputRuntime>;
/**
 * The inputs reach their runtime by this global name rather than through
 * `Symbol.for(...)`, which a `var Symbol = 1` would break for every later input.
 */
const runtimesName = '$balrog$repl';
if (!Object.hasOwn(globalThis, runtimesName)) {
  Object.defineProperty(globalThis, runtimesName, { value: runtimes, enumerable: false, configurable: false, writable: false });
}
let nextId = 0;
// biome-ignore lint/security/noGlobalEval: evaluating the user's input in the global scope is what a REPL is for
const indirectEval = globalThis.eval;
const shadowRuntimeName = '$balrog$runtime';

/** Source files of balrog itself, whose frames never show in the user's errors. */
const internalPaths = [fileURLToPath(new URL('../', import.meta.url))];

interface Running {
  fiber: Fiber | undefined;
  settled: boolean;
  reject: (error: unknown) => void;
}

/** Evaluates REPL inputs in fibers; one instance is one session (its bindings, `_`, history of maps). */
export class ReplEvaluator {
  /** Where the session's notices go (Node's `Expression assignment to _ now disabled.`); none by default. */
  onNotice: ((message: string) => void) | undefined;
  /** Whether a thenable completion value is awaited; `.autoawait off` clears it. */
  autoAwait: boolean;
  readonly cwd: string;
  readonly filename: string;
  readonly bindings: Bindings;
  readonly #id = nextId++;
  readonly #maps = new Map<string, InputMap>();
  readonly #underscore: Underscore;
  #count = 0;
  #running: Running | undefined;
  readonly #regExpStatics = new RegExpStatics();

  constructor(options: ReplEvaluatorOptions = {}) {
    this.cwd = path.resolve(options.cwd ?? process.cwd());
    this.filename = options.filename ?? path.join(this.cwd, '[balrog repl]');
    this.autoAwait = options.autoAwait ?? true;
    this.bindings = new Bindings(globalThis);
    const runtime: InputRuntime = {
      wait,
      forAwait: iterateAwaiting,
      bindings: this.bindings,
      importer: createImporter(this.filename),
    };
    runtimes[this.#id] = runtime;
    // Inside `with (scope)` the inputs reach the runtime by this name, which
    // no shadowed global (`class Symbol {}`) can break.
    Object.defineProperty(this.bindings.scope, shadowRuntimeName, { value: runtime, enumerable: false });
    this.#underscore = installUnderscore(globalThis, (message) => this.onNotice?.(message));
    const g = globalThis as Record<string, unknown>;
    // Like Node's REPL: `require` works in inputs, from the working directory.
    if (!('require' in g)) {
      Object.defineProperty(g, 'require', {
        value: createReplRequire(this.cwd),
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
  }

  /** Whether an evaluation is running (waiting or busy). */
  get busy(): boolean {
    return this.#running !== undefined;
  }

  /**
   * Transform + run one input in a fiber; resolves with the completion value (a
   * thenable result awaited unless autoAwait is off); rejects with the user's
   * error (internal frames stripped, positions in the input).
   * `options.filename` names the script the input runs as (V8's script URL,
   * where breakpoints and stack frames point; default `REPL<n>`): the
   * kernel's debugger runs cells under the file JupyterLab set breakpoints in.
   */
  evaluate(source: string, options: EvaluateOptions = {}): Promise<unknown> {
    if (options.filename !== undefined) {
      try {
        checkScriptName(options.filename);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const name = options.filename ?? `REPL${++this.#count}`;
    // As Node's REPL, a blank input takes its number too (later inputs' frames say REPL<n> as Node's do), and runs nothing.
    if (source.trim() === '') return Promise.resolve(undefined);
    let code: string;
    let varNames: readonly string[];
    try {
      ({ code, varNames } = this.#prepare(source, name));
    } catch (error) {
      this.#underscore.setError(error);
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      const running: Running = { fiber: undefined, settled: false, reject };
      this.#running = running;
      const autoAwait = this.autoAwait;
      const finish = (outcome: 'ok' | 'error', value: unknown): void => {
        if (running.settled) return;
        running.settled = true;
        if (this.#running === running) this.#running = undefined;
        if (outcome === 'ok') {
          // An error as the result (`new Error('x')`) shows the input's frames as Node's REPL does, not balrog's.
          if (value instanceof Error) this.#cleanError(value, { keepInputFrame: true });
          this.#underscore.setResult(value);
          // A promise cannot be the value of a promise: hand it over wrapped.
          resolve(isThenable(value) ? new Unawaited(value) : value);
        } else {
          if (value instanceof InterruptedError) quiet(value);
          this.#cleanError(value);
          this.#underscore.setError(value);
          reject(value);
        }
      };
      running.reject = (error) => finish('error', error);
      spawn(() => {
        running.fiber = Fiber.current ?? undefined;
        this.bindings.releaseVars(varNames);
        this.#regExpStatics.restore();
        let compiled = false;
        try {
          let value: unknown = indirectEval(code);
          compiled = true;
          if (autoAwait && isThenable(value)) value = wait(value);
          // Boxed, so that spawn() does not adopt a promise that autoAwait left alone.
          return { value };
        } catch (error) {
          // V8 rejected the input itself (`/(/`, a strict-mode early error): show where, as Node does.
          if (!compiled && error instanceof SyntaxError && isCompileError(error)) {
            throw decorateCompileError(error, source, name);
          }
          throw error;
        } finally {
          this.#regExpStatics.save();
        }
      }).then(
        (box) => finish('ok', box.value),
        (error: unknown) => finish('error', error),
      );
    });
  }

  /**
   * Abandon the running evaluation (pending await or busy loop): it rejects
   * with `error` (default: an InterruptedError); state kept.
   */
  interrupt(error: Error = new InterruptedError('Interrupted: the input was abandoned')): void {
    const running = this.#running;
    if (!running || running.settled) return;
    running.reject(error);
    const fiber = running.fiber;
    if (fiber?.started && !fiber.finished) {
      try {
        // Unwind the abandoned input (its finally blocks run) instead of leaving it waiting forever.
        fiber.throwInto(error);
      } catch {
        // The fiber ended with the error we threw in: expected.
      }
    }
  }

  /** Completion candidates at the end of `line`, readline-style: [candidates, substringBeingCompleted]. */
  complete(line: string): [string[], string] {
    return completeLine(line, globalThis, this.bindings.scope, propertyNamesWithoutSideEffects);
  }

  /** Whether `source` is a complete input, an incomplete one (needs more lines), or invalid. */
  isComplete(source: string): 'complete' | 'incomplete' | 'invalid' {
    return classifyInput(source);
  }

  /** An error as Node's REPL prints it: 'Uncaught Error: msg\n    at ...' without balrog frames. */
  formatError(error: unknown, options: { colors?: boolean } = {}): string {
    this.#cleanError(error);
    return formatUncaught(error, options);
  }

  /** Forgets the session's declarations (the REPL's `.clear`). */
  reset(): void {
    this.bindings.clear();
  }

  #prepare(source: string, name: string): { code: string; varNames: readonly string[] } {
    // As in Node's REPL: `{ a: 1 }` is an object literal, not a block.
    const wrapped = asObjectLiteral(source);
    const input = wrapped ?? source;
    // Columns on the first line move by the `(` and the blanks trimmed before it.
    let shift = wrapped === undefined ? 0 : 1 - (source.length - source.trimStart().length);
    const globalRuntime = `${runtimesName}[${this.#id}]`;
    // Once a declaration shadows a builtin global (`class Map {}`), inputs run
    // inside `with (scope)`, which holds such bindings off the global object.
    let shadowing = this.bindings.shadowing;
    const transform = (): TransformResult =>
      transformInput(input, {
        waitExpression: `${shadowing ? shadowRuntimeName : globalRuntime}.wait`,
        forAwaitExpression: `${shadowing ? shadowRuntimeName : globalRuntime}.forAwait`,
        bindingsExpression: `${shadowing ? shadowRuntimeName : globalRuntime}.bindings`,
        importExpression: `${shadowing ? shadowRuntimeName : globalRuntime}.importer`,
        insideBlock: shadowing,
        isShadowedName: (name) => this.bindings.isBuiltin(name),
      });
    let result: TransformResult;
    try {
      result = transform();
      if (!shadowing && this.bindings.shadows(result.lexicalNames)) {
        shadowing = true; // this input's own later statements must see its `class Map`
        result = transform();
      }
    } catch (error) {
      if (error instanceof UnsupportedSyntaxError) throw bareSyntaxError(error.message);
      if (error instanceof InputSyntaxError) {
        // As Node's REPL does when its await rewrite cannot parse an input: V8 may
        // still accept it as a plain script (`typeof await`, `await` as a name).
        if (compilesAsScript(source)) {
          this.#maps.set(name, PositionMap.identity(source));
          return { code: `${source}\n//# sourceURL=${name}`, varNames: [] };
        }
        throw compileError(source, name, error);
      }
      throw error;
    }
    const open = shadowing ? `with(${globalRuntime}.bindings.scope){` : '';
    shift += open.length;
    const map = result.map instanceof PositionMap && shift ? result.map.shifted(shift) : result.map;
    this.#maps.set(name, map);
    const code = shadowing ? `${open}${result.code}\n}` : result.code;
    return { code: `${code}\n//# sourceURL=${name}`, varNames: result.varNames };
  }

  #cleanError(error: unknown, options: { keepInputFrame?: boolean } = {}): void {
    if (!(error instanceof Error) || typeof error.stack !== 'string' || cleaned.has(error)) return;
    cleaned.add(error);
    let stack = cleanStack(error.stack, internalPaths, (script, pos) => this.#maps.get(script)?.toInput(pos), options);
    // As Node's REPL: a SyntaxError shows no frames (`JSON.parse`'s would say nothing).
    if (error.name === 'SyntaxError') stack = stack.replace(/^\s+at\s.*\n?/gm, '').replace(/\n$/, '');
    try {
      error.stack = stack;
    } catch {
      // A frozen error keeps its stack.
    }
  }
}

const cleaned = new WeakSet<object>();

/**
 * A SyntaxError raised by compiling an input rather than by code it ran
 * (`JSON.parse`, `new RegExp`): its first frame is the eval call itself.
 */
function isCompileError(error: SyntaxError): boolean {
  const first = (error.stack ?? '').split('\n').find((line) => /^\s+at /.test(line));
  return first !== undefined && /^\s+at eval \(<anonymous>\)$/.test(first);
}

/**
 * `RegExp.$1` ... `RegExp.$9` of the session, kept across balrog's own regular
 * expressions (parsing the next input runs many), as Node's REPL keeps them.
 */
class RegExpStatics {
  readonly #saved = ['', '', '', '', '', '', '', '', ''];
  static readonly #separator = '\u0000\u0000\u0000';
  static readonly #matcher = new RegExp(`^${Array(9).fill('([^]*)').join(RegExpStatics.#separator)}$`);

  save(): void {
    const statics = RegExp as unknown as Record<string, string>;
    for (let i = 1; i <= 9; i++) this.#saved[i - 1] = statics[`$${i}`] ?? '';
  }

  restore(): void {
    RegExpStatics.#matcher.exec(this.#saved.join(RegExpStatics.#separator));
  }
}

/**
 * An interrupt says what happened, not where: its frames would be balrog's or
 * Node's signal plumbing, and its code and exit code are for programs.
 */
function quiet(error: InterruptedError): void {
  for (const key of ['code', 'exitCode']) {
    Object.defineProperty(error, key, { enumerable: false });
  }
  error.stack = `${error.name}: ${error.message}`;
}
