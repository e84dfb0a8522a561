/**
 * Start-up phases on the kernel log, for measuring where "start to ready"
 * goes (bench/kernel.ts's target): with BALROG_KERNEL_STARTUP_TRACE=1 each
 * phase logs its time since the process started, and the CPU time the
 * process has used so far. The control worker's
 * marks use the main thread's time origin (passed to it), so both threads'
 * phases are on one clock.
 */
import { performance } from 'node:perf_hooks';

const enabled = process.env.BALROG_KERNEL_STARTUP_TRACE === '1';
const writeStderr = process.stderr.write.bind(process.stderr);

/** The main thread's time origin (epoch ms): a worker passes the one it was given. */
export const processTimeOrigin = performance.timeOrigin;

/** Logs `phase` with the milliseconds since `origin` (the process start by default). */
export function startupMark(phase: string, origin = processTimeOrigin): void {
  if (!enabled) return;
  const ms = performance.timeOrigin + performance.now() - origin;
  // CPU time of the whole process (every thread): on a busy machine, the work done apart from the waiting.
  const { user, system } = process.cpuUsage();
  writeStderr(`[balrog kernel] startup: ${phase} at ${ms.toFixed(1)} ms (process CPU ${((user + system) / 1000).toFixed(0)} ms)\n`);
}
