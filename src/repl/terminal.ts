/**
 * The interactive REPL on node:repl: line editing, multi-line input, history,
 * Tab completion and dot-commands come from Node; evaluation, completion and
 * Ctrl+C during an evaluation come from balrog.
 */
import type { REPLServer } from 'node:repl';
import type { ReplEvaluator } from './evaluator.js';
import { createResultWriter } from './result-writer.js';
import { startTerminalDebugging, type TerminalDebugging } from './debug/terminal-debugging.js';

// Builtins by getBuiltinModule, not `import`, on the way to the first prompt (docs/repl.md, "Start-up"):
// an import reads every export of the module, which runs Node's lazy getters (node:process opens
// stderr and builds allowedNodeEnvironmentFlags, node:fs loads its promises and streams).
const process: NodeJS.Process = globalThis.process.getBuiltinModule('node:process');
const { readFileSync, statSync } = process.getBuiltinModule('node:fs');
const os = process.getBuiltinModule('node:os');
const path = process.getBuiltinModule('node:path');
const repl = process.getBuiltinModule('node:repl');
const { inspect } = process.getBuiltinModule('node:util');

/** Options of {@link runTerminal}. */
export interface TerminalOptions {
  color: boolean;
}

/** The history file: `BALROG_REPL_HISTORY`, else `~/.balrog_repl_history`; '' turns history off. */
export function historyPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.BALROG_REPL_HISTORY ?? path.join(os.homedir(), '.balrog_repl_history');
}

/**
 * Runs the REPL on the process's terminal until `.exit`, Ctrl+D or Ctrl+C
 * twice; then exits the process. `session` may be a function that creates
 * the evaluator: it is then called once the first prompt shows, so that the
 * fiber addon and the evaluator load while the user types.
 */
export async function runTerminal(session: ReplEvaluator | (() => Promise<ReplEvaluator>), options: TerminalOptions): Promise<number> {
  let evaluator: ReplEvaluator | undefined = typeof session === 'function' ? undefined : session;
  let ready: Promise<ReplEvaluator> = Promise.resolve(evaluator as ReplEvaluator);
  // Set with the evaluator, before `ready` settles: the parts only inputs and Tab need.
  let complete: ((line: string) => [string[], string]) | undefined;
  let unwrap: (value: unknown) => unknown = (value) => value;
  // The terminal's own answer (TERM, NO_COLOR, FORCE_COLOR), without loading a color library
  // before the first prompt: chalk alone took a tenth of the time to it.
  const colors = options.color && process.stdout.hasColors?.() === true;
  const dim = (text: string): string => (colors ? `\x1b[2m${text}\x1b[22m` : text);
  const version = packageVersion();
  process.stdout.write(
    `Welcome to balrog ${version} (Node.js ${process.version}).\n` +
      `Type ".help" for more information. ${dim('await works anywhere; Ctrl+C interrupts.')}\n`,
  );
  const server = repl.start({
    prompt: '> ',
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    useGlobal: true,
    useColors: colors,
    preview: true,
    ignoreUndefined: false,
    // Before the evaluator is there (the first moments), Tab offers nothing rather than wait. It
    // still reads the global a path starts with, as Node's completer does by evaluating the path:
    // the preview node:repl computes right after it needs that (`util.inspect...` reads the lazy
    // `util` global, which loads the module: a side effect the side-effect-free preview refuses).
    completer: (line: string): [string[], string] => (complete ? complete(line) : touchPathHead(line)),
    writer: createResultWriter(colors),
    eval: (source, _context, _file, callback) =>
      void Promise.all([ready, debugging.readyFor(source)]).then(([evaluator]) => {
        const breakpoint = debugging.breakpointCommand(source);
        if (breakpoint) return void debugging.run(breakpoint).then(() => (callback as (error: Error | null) => void)(null));
        if (evaluator.isComplete(source) === 'incomplete') {
          callback(new repl.Recoverable(new SyntaxError('the input continues on the next line')), undefined);
          return;
        }
        if (source.trim() === '') {
          // Numbered as Node numbers it; one argument: node:repl prints a result only when there is one (nothing, as in Node).
          void evaluator.evaluate(source).finally(() => (callback as (error: Error | null) => void)(null));
          return;
        }
        interruptible(evaluator, () => evaluator.evaluate(source).finally(() => debugging.inputEnded())).then(
          (value) => callback(null, unwrap(value)),
          (error: unknown) => {
            // Printed here rather than by node:repl, which takes a thrown `null` or
            // `undefined` for success and reads properties of the thrown value (a
            // Proxy's throwing `get` would escape). One argument: node:repl prints nothing more.
            if (/^\s*npm /.test(source)) {
              // As Node's REPL, for what was meant for the shell.
              server.output.write('npm should be run outside of the Node.js REPL, in your normal shell.\n(Press Ctrl+D to exit.)\n');
            } else {
              reportError(server, error);
            }
            (callback as (error: Error | null) => void)(null);
          },
        );
      }),
  });
  // As Node's standalone REPL: the running REPL is `repl.repl`, for introspection from inside it.
  (repl as unknown as { repl: REPLServer }).repl = server;
  // `debugger;` opens a debug prompt in this terminal (src/repl/debug/).
  const debugging: TerminalDebugging = startTerminalDebugging(server, () => !evaluator?.busy, { colors });
  if (typeof session === 'function') {
    // After the prompt is on screen: load and create the evaluator while the user types.
    ready = new Promise<ReplEvaluator>((resolve, reject) => setImmediate(() => session().then(resolve, reject)));
  }
  // Not on the way to the first prompt either (docs/repl.md, "Start-up"): the completer and the
  // wrapper of a promise result left alone, which only inputs and Tab use.
  const parts = Promise.all([ready, import('./terminal-completer.js'), import('./unawaited.js')]).then(
    ([created, { replCompleter }, { Unawaited }]) => {
      evaluator = created;
      evaluator.onNotice = (message) => server.output.write(`${message}\n`);
      complete = replCompleter(created, () => Object.keys(server.commands));
      unwrap = (value) => (value instanceof Unawaited ? value.value : value);
      return created;
    },
  );
  ready = parts;
  const reportError = (target: REPLServer, error: unknown): void => {
    const state = target as unknown as { lastError: unknown; underscoreErrAssigned?: boolean };
    if (!state.underscoreErrAssigned) state.lastError = error;
    target.output.write(`${evaluator ? evaluator.formatError(error, { colors }) : `Uncaught ${inspect(error, { colors })}`}\n`);
  };
  // As Node's REPL: an exception from a timer or a callback, or an unhandled
  // rejection, prints `Uncaught ...` and the session goes on.
  const reportAsync = (error: unknown): void => {
    server.output.write('\n');
    reportError(server, error);
    server.displayPrompt(true);
  };
  process.on('uncaughtException', reportAsync);
  process.on('unhandledRejection', reportAsync);
  // node:repl's own `.load` types the file in editor mode and then a newline, which reaches
  // node:repl while balrog still evaluates the file (in a fiber) and leaves a `...` prompt:
  // balrog's `.load` shows the file and runs it as one input, with Node's messages.
  server.defineCommand('load', {
    help: 'Load JS from a file into the REPL session',
    action(file: string) {
      const done = (): void => this.displayPrompt();
      const name = file.trim();
      let source: string;
      try {
        if (name === '') {
          this.output.write('The "file" argument must be specified\n');
          return done();
        }
        if (!statSync(name).isFile()) {
          this.output.write(`Failed to load: ${name} is not a valid file\n`);
          return done();
        }
        source = readFileSync(name, 'utf8');
      } catch {
        this.output.write(`Failed to load: ${name}\n`);
        return done();
      }
      this.output.write(source.endsWith('\n') ? source : `${source}\n`);
      ready
        .then((evaluator) => interruptible(evaluator, () => evaluator.evaluate(source)))
        .then(
          (value) => this.output.write(`${server.writer(unwrap(value))}\n`),
          (error: unknown) => reportError(server, error),
        )
        .finally(done);
    },
  });
  server.defineCommand('autoawait', {
    help: 'Turn implicit awaiting of promise results on or off: .autoawait on|off',
    action(arg: string) {
      void ready.then((evaluator) => {
        if (arg.trim() === 'on' || arg.trim() === 'off') evaluator.autoAwait = arg.trim() === 'on';
        this.output.write(`autoawait is ${evaluator.autoAwait ? 'on' : 'off'}\n`);
        this.displayPrompt();
      });
    },
  });
  server.on('reset', () => evaluator?.reset());
  const file = historyPath();
  if (file !== '') {
    server.setupHistory(file, (error) => {
      if (error) process.stderr.write(`balrog: history disabled: ${error.message}\n`);
    });
  }
  // Load the parser while the user types the first input, not before the prompt.
  setImmediate(() => void import('./parse.js').then(({ loadParser }) => loadParser()));
  await new Promise<void>((resolve) => {
    server.on('exit', () => {
      evaluator?.interrupt();
      const flushing = (server as unknown as { _flushing?: boolean })._flushing;
      if (flushing) server.once('flushHistory', () => resolve());
      else resolve();
    });
  });
  process.exit(0);
}

/** Reads the global that a member path at the end of `line` starts with (`util` in `x = util.inspect.`); offers nothing. */
function touchPathHead(line: string): [string[], string] {
  const head = /(?:^|[^\w$.])([A-Za-z_$][\w$]*)\s*\??\.[\w$.?\s]*$/.exec(line);
  try {
    if (head && Object.hasOwn(globalThis, head[1]!)) void (globalThis as Record<string, unknown>)[head[1]!];
  } catch {
    // A throwing getter: nothing to offer either way.
  }
  return [[], ''];
}

/**
 * Runs one evaluation so that Ctrl+C interrupts it. With the terminal in raw
 * mode Ctrl+C is only a keypress, so raw mode is off while the input runs (as
 * Node's REPL does with breakEvalOnSigint): then Ctrl+C is a SIGINT, which the
 * core turns into an interrupt of a busy fiber, and which otherwise reaches our
 * listener, which abandons a pending await.
 */
async function interruptible<T>(evaluator: ReplEvaluator, run: () => Promise<T>): Promise<T> {
  const stdin = process.stdin;
  const wasRaw = stdin.isTTY && stdin.isRaw;
  if (wasRaw) stdin.setRawMode(false);
  const onSigint = (): void => evaluator.interrupt();
  // Listen first: the core must sit in front of Node's own SIGINT handler, which
  // adding the first listener (re)installs.
  process.on('SIGINT', onSigint);
  const { enableSigintInterrupt } = await import('../core/index.js');
  const disable = enableSigintInterrupt();
  try {
    return await run();
  } finally {
    process.off('SIGINT', onSigint);
    disable();
    if (wasRaw) stdin.setRawMode(true);
  }
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
