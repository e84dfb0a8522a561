/**
 * Runs the kernel process: reads the connection file, starts the evaluator
 * and the channels, and exits when Jupyter asks for a shutdown.
 */
import type { CellEvaluator } from './cell-evaluator.js';
import { readConnectionFile } from './connection-file.js';
import { Kernel, type KernelExit } from './kernel.js';
import { log } from './log.js';
import { watchParent } from './parent-watch.js';

/**
 * Serves until shutdown_request and exits with 0, or with 1 once the Jupyter
 * process that started it is gone (as ipykernel's parent poller does).
 */
export async function runKernel(connectionFile: string): Promise<number> {
  const info = readConnectionFile(connectionFile);
  const evaluator = await createCellEvaluator(process.cwd());
  const kernel = new Kernel(evaluator);
  // An error thrown by a cell's leftover async work must not kill the kernel:
  // it is shown in the cell that started the work (or the newest cell).
  const report = (error: unknown): void => {
    process.stderr.write(`${evaluator.formatError(error)}\n`);
  };
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
  await kernel.start(info);
  const orphaned = new Promise<KernelExit & { orphaned: true }>((resolve) =>
    watchParent(() => {
      log('the Jupyter process that started this kernel is gone');
      resolve({ restart: false, orphaned: true });
    }),
  );
  const exit = await Promise.race([kernel.finished, orphaned]);
  await kernel.close();
  log(exit.restart ? 'shutting down for a restart' : 'shut down');
  // Suspended fibers and user timers must not keep the process alive after shutdown.
  process.exit('orphaned' in exit ? 1 : 0);
}

/** The REPL's evaluator for cells run in `cwd`. */
async function createCellEvaluator(cwd: string): Promise<CellEvaluator> {
  const { ReplEvaluator } = await import('../repl/evaluator.js');
  return new ReplEvaluator({ cwd, autoAwait: true });
}
