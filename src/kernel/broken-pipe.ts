/**
 * The kernel's own stdout and stderr may lose their reader (the Jupyter server
 * that started it is gone, or a test harness closed the pipes) while the kernel
 * lives on. A write then fails with EPIPE as an 'error' event; unheard, that is
 * an uncaught exception, which the kernel reports on stderr, which fails again:
 * a kernel seen spinning on it for an hour at 15% of a core. Those streams are
 * best-effort logs, so a broken pipe silences them and nothing else.
 */

/** Drops EPIPE errors of `streams` (default: the process's stdout and stderr); other errors stay errors. */
export function ignoreBrokenPipes(streams: NodeJS.WritableStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}
