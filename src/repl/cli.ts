/**
 * `balrog repl` (and plain `balrog`): options, preloads, and the choice between
 * `-e`, scripting mode (stdin is not a TTY) and the interactive terminal REPL.
 */
import { BalrogError } from '../core/errors.js';
import type { ReplEvaluator } from './evaluator.js';

// Builtins by getBuiltinModule, not `import`, on the way to the first prompt (docs/repl.md, "Start-up").
const process: NodeJS.Process = globalThis.process.getBuiltinModule('node:process');

/** Parsed command-line options of the REPL. */
export interface ReplOptions {
  eval: string | undefined;
  require: string[];
  import: string[];
  color: boolean;
}

/** Parses the REPL's arguments; unknown ones are an error that names them. */
export function parseReplArgs(argv: string[]): ReplOptions {
  const color = !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
  // Plain `balrog`, the usual start, does not load Node's argument parser (a lazy part of node:util).
  if (argv.length === 0) return { eval: undefined, require: [], import: [], color };
  try {
    const { parseArgs } = process.getBuiltinModule('node:util');
    const { values } = parseArgs({
      args: argv,
      options: {
        eval: { type: 'string', short: 'e' },
        require: { type: 'string', short: 'r', multiple: true },
        import: { type: 'string', multiple: true },
        'no-color': { type: 'boolean' },
        color: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
    return {
      eval: values.eval,
      require: values.require ?? [],
      import: values.import ?? [],
      color: color && !values['no-color'],
    };
  } catch (error) {
    throw new BalrogError(`${(error as Error).message}: run \`balrog --help\` for the REPL's options`, {
      code: 'ERR_BALROG_USAGE',
      exitCode: 2,
    });
  }
}

/** Entry point of `balrog repl`. Returns the exit code. */
export async function main(argv: string[]): Promise<number | undefined> {
  const options = parseReplArgs(argv);
  enableCompileCache();
  const create = async (): Promise<ReplEvaluator> => new (await import('./evaluator.js')).ReplEvaluator({ cwd: process.cwd() });
  if (options.eval === undefined && process.stdin.isTTY && options.require.length === 0 && options.import.length === 0) {
    // The terminal shows its first prompt before the evaluator (and the fiber addon) load. Its two
    // imports are asked for with it, so that they are read beside it, not after it (docs/repl.md, "Start-up").
    const [{ runTerminal }] = await Promise.all([
      import('./terminal.js'),
      import('./result-writer.js'),
      import('./debug/terminal-debugging.js'),
    ]);
    return runTerminal(create, { color: options.color });
  }
  const evaluator = await create();
  if (options.eval !== undefined || !process.stdin.isTTY) {
    // node:repl adds these in a terminal; after the ReplEvaluator, so that `const fs = ...` replaces them.
    const { addBuiltinModuleGlobals } = await import('./builtin-globals.js');
    addBuiltinModuleGlobals();
  }
  await preload(evaluator, options);
  if (options.eval !== undefined) {
    const { evalOnce } = await import('./script-mode.js');
    return evalOnce(evaluator, options.eval);
  }
  if (!process.stdin.isTTY) {
    const { runScript } = await import('./script-mode.js');
    return runScript(evaluator, process.stdin, process.stdout);
  }
  const { runTerminal } = await import('./terminal.js');
  return runTerminal(evaluator, { color: options.color });
}

async function preload(evaluator: ReplEvaluator, options: ReplOptions): Promise<void> {
  if (options.require.length === 0 && options.import.length === 0) return;
  const { createRequireFrom } = await import('./modules.js');
  const path = process.getBuiltinModule('node:path');
  const require = createRequireFrom(path.join(evaluator.cwd, '[balrog repl]'));
  for (const id of options.require) require(id);
  for (const id of options.import) await evaluator.evaluate(`import ${JSON.stringify(id)}`);
}

/**
 * On Node >= 22.1, V8's compiled code of the modules loaded from here on (the terminal's, the
 * evaluator's, @babel/parser's, and those an input imports) is kept between runs in the OS's temp
 * folder (NODE_COMPILE_CACHE moves it, NODE_DISABLE_COMPILE_CACHE=1 turns it off): it is what
 * `node:module` offers command-line tools. Node 20 has no compile cache.
 */
function enableCompileCache(): void {
  if (Number(process.versions.node.split('.')[0]) < 22) return;
  (process.getBuiltinModule('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();
}
