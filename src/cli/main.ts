/**
 * The `balrog` command: picks a subcommand and loads only that one, so that
 * `balrog` (the REPL) starts without paying for the debugger or the kernel.
 * The REPL's own command module, small, is the exception: imported with this
 * file, it is read beside it rather than after it (docs/repl.md, "Start-up").
 */
import { BalrogError } from '../core/errors.js';
import { main as replMain } from '../repl/cli.js';

/** A subcommand's entry point: gets the arguments after its name, returns an exit code. */
export type CommandMain = (argv: string[]) => Promise<number | undefined>;

const commands: Record<string, () => Promise<CommandMain>> = {
  repl: async () => replMain,
  run: async () => (await import('../runtime/cli.js')).main,
  attach: async () => (await import('../debugger/cli.js')).attachMain,
  debug: async () => (await import('../debugger/cli.js')).debugMain,
  kernel: async () => (await import('../kernel/cli.js')).main,
};

const usage = `Usage: balrog [command] [options]

Commands:
  repl [options]                 interactive REPL (the default): await works anywhere
  run [--inspect[=[host:]port]] <entry> [args...]
                                 run a program with its code and request handlers in fibers
  attach <pid | port | host:port | ws://...>
                                 debug a running process; await works while paused
  debug <entry> [args...]        start <entry> under \`balrog run\` and debug it
  kernel install [--user | --prefix <dir>] [--name <name>]
  kernel --connection-file <file>
                                 Jupyter kernel on the balrog evaluator

REPL options (also valid without a command):
  -e, --eval <code>              evaluate <code>, print the result and exit
  -r, --require <module>         preload a CommonJS module
  --import <module>              preload an ES module
  --no-color                     plain output

  -h, --help                     this help
  -v, --version                  the version
`;

/** Runs the balrog CLI with `argv` (without node and the script path). */
export async function main(argv: string[]): Promise<number | undefined> {
  const [first, ...rest] = argv;
  if (first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  if (first === '-v' || first === '--version') {
    const { createRequire } = await import('node:module');
    const pkg = createRequire(import.meta.url)('../../../package.json') as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const load = first !== undefined ? commands[first] : undefined;
  try {
    if (load) return await (await load())(rest);
    if (first !== undefined && !first.startsWith('-')) {
      throw new BalrogError(`unknown command '${first}': run \`balrog --help\` for the list of commands`, { code: 'ERR_BALROG_USAGE' });
    }
    return await (await commands.repl!())(argv);
  } catch (error) {
    if (error instanceof BalrogError) {
      process.stderr.write(`balrog: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
