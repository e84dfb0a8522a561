/**
 * `balrog repl` (and plain `balrog`): options, preloads, and the choice between
 * `-e`, scripting mode (stdin is not a TTY) and the interactive terminal REPL.
 */
import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { BalrogError } from '../core/errors.js';
import type { ReplEvaluator } from './evaluator.js';

/** Parsed command-line options of the REPL. */
export interface ReplOptions {
  eval: string | undefined;
  require: string[];
  import: string[];
  color: boolean;
}

/** Parses the REPL's arguments; unknown ones are an error that names them. */
export function parseReplArgs(argv: string[]): ReplOptions {
  try {
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
      color: !values['no-color'] && !('NO_COLOR' in process.env && process.env.NO_COLOR !== ''),
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
  const create = async (): Promise<ReplEvaluator> => new (await import('./evaluator.js')).ReplEvaluator({ cwd: process.cwd() });
  if (options.eval === undefined && process.stdin.isTTY && options.require.length === 0 && options.import.length === 0) {
    // The terminal shows its first prompt before the evaluator (and the fiber addon) load.
    const { runTerminal } = await import('./terminal.js');
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
  const require = createRequireFrom(path.join(evaluator.cwd, '[balrog repl]'));
  for (const id of options.require) require(id);
  for (const id of options.import) await evaluator.evaluate(`import ${JSON.stringify(id)}`);
}
