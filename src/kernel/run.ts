/**
 * Runs the kernel process: reads the connection file, starts the evaluator
 * and the channels, and exits when Jupyter asks for a shutdown.
 */
import { randomUUID } from 'node:crypto';
import type { CellEvaluator } from './cell-evaluator.js';
import { ignoreBrokenPipes } from './broken-pipe.js';
import { readConnectionFile } from './connection-file.js';
import { ControlThread } from './control-thread.js';
import type { KernelExit } from './kernel.js';
import { log } from './log.js';
import { watchParent } from './parent-watch.js';
import { startupMark } from './startup-trace.js';

/**
 * Serves until shutdown_request and exits with 0, or with 1 once the Jupyter
 * process that started it is gone (as ipykernel's parent poller does).
 */
export async function runKernel(connectionFile: string): Promise<number> {
  const info = readConnectionFile(connectionFile);
  const session = randomUUID();
  // Start-up order (bench/kernel.ts's "start to ready"): the control worker
  // first, whose thread starts and binds beside the main thread's loading;
  // then zeromq and the shell socket, so that Jupyter's client (which retries
  // its connections every 100 ms and sends kernel_info_request at once)
  // connects while the kernel and the evaluator still load.
  const controlThread = new ControlThread(info, session);
  const [channels, { Kernel }, evaluator] = await Promise.all([
    import('./channels.js').then(({ Channels }) => Channels.bind(info, controlThread)),
    import('./kernel.js'),
    createCellEvaluator(process.cwd()),
  ]);
  startupMark('kernel and evaluator loaded');
  const kernel = new Kernel(evaluator, session);
  // An error thrown by a cell's leftover async work must not kill the kernel:
  // it is shown in the cell that started the work (or the newest cell).
  const report = (error: unknown): void => {
    process.stderr.write(`${evaluator.formatError(error)}\n`);
  };
  // A report to a stderr nobody reads any more must not itself become an uncaught error, forever.
  ignoreBrokenPipes();
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
  kernel.start(channels);
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
