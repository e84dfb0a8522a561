/**
 * `balrog kernel install [--user | --prefix <dir>] [--name <name>]` and
 * `balrog kernel --connection-file <file>`.
 */
import module from 'node:module';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BalrogError } from '../core/errors.js';
import { startupMark } from './startup-trace.js';

startupMark('balrog kernel command loaded');

const usage = `Usage:
  balrog kernel install [--user | --prefix <dir>] [--name <name>]
      write a Jupyter kernelspec (default: --user, name "balrog")
  balrog kernel --connection-file <file>
      run the kernel (Jupyter starts it this way)
`;

function usageError(message: string): BalrogError {
  return new BalrogError(`${message}\n${usage}`, { code: 'ERR_BALROG_USAGE', exitCode: 2 });
}

function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw usageError((error as Error).message);
  }
}

/** Entry point of `balrog kernel`. */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === '-h' || argv[0] === '--help') {
    process.stdout.write(usage);
    return 0;
  }
  if (argv[0] === 'install') {
    const values = parse(argv.slice(1), {
      user: { type: 'boolean' },
      prefix: { type: 'string' },
      name: { type: 'string' },
    });
    if (values.user && values.prefix !== undefined) throw usageError('--user and --prefix cannot be used together');
    const { installKernelspec } = await import('./kernelspec.js');
    const dir = installKernelspec({ prefix: values.prefix as string | undefined, name: values.name as string | undefined });
    process.stdout.write(`Installed kernelspec ${values.name ?? 'balrog'} in ${dir}\n`);
    return 0;
  }
  const values = parse(argv, { 'connection-file': { type: 'string' } });
  const file = values['connection-file'];
  if (typeof file !== 'string') throw usageError('missing --connection-file <file>');
  // Node >= 22.8 can keep V8's compiled code of the modules loaded from here
  // on disk (in the OS's temp directory, as NODE_COMPILE_CACHE does; off with
  // NODE_DISABLE_COMPILE_CACHE=1): a kernel starts often, with the same code.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  const { runKernel } = await import('./run.js');
  try {
    return await runKernel(file);
  } catch (error) {
    // A start that failed (a port in use) leaves sockets, the control worker and
    // the evaluator's handles behind, which kept the process alive with nothing
    // served: Jupyter must see it end. The caller reports the error first.
    setImmediate(() => process.exit());
    throw error;
  }
}
