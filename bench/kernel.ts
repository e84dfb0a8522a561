/**
 * Kernel benchmark: execute round trip (execute_request for `1+1` to the idle
 * status that ends it) through Debian's jupyter_client, for balrog's kernel
 * and for Debian's ipykernel driven the same way in the same run.
 */
import { ensureJupyterClients, kernelEnvironment, runPython } from '../test/kernel/jupyter-env.js';
import { type BenchSection, median } from './section.js';

interface RoundTrip {
  kernel: string;
  count: number;
  median_ms: number;
  p90_ms: number;
}

/** Start to ready (startup.py): the client's first start, and the median of the starts after it, in ms. */
interface StartToReady {
  first_ms: number;
  median_ms: number;
  /** balrog only: its own start, from its process start to serving (BALROG_KERNEL_STARTUP_TRACE), median. */
  serving_ms?: number;
}

/** Debugger round trips at a breakpoint (debugroundtrip.py), medians in ms. */
interface DebugRoundTrip {
  kernel: string;
  count: number;
  stop_ms: number;
  stack_ms: number;
  evaluate_ms: number;
}

/** Runs a script of test/kernel/python that prints one JSON line; returns that line parsed, and the whole output. */
async function runMeasurement<T>(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ result: T; output: string }> {
  const { code, output } = await runPython(args, env, timeoutMs);
  const line = output.split('\n').find((l) => l.startsWith('{'));
  if (code !== 0 || !line) throw new Error(`${args[0]} ${args[1]} failed (exit ${code}):\n${output}`);
  return { result: JSON.parse(line) as T, output };
}

async function measureDebugger(kernel: string, language: 'ts' | 'py', env: NodeJS.ProcessEnv, count: number): Promise<DebugRoundTrip> {
  return (await runMeasurement<DebugRoundTrip>(['debugroundtrip.py', kernel, language, String(count)], env, 180_000)).result;
}

async function measure(kernel: string, env: NodeJS.ProcessEnv, count: number): Promise<RoundTrip> {
  return (await runMeasurement<RoundTrip>(['roundtrip.py', kernel, '30', String(count)], env, 120_000)).result;
}

async function measureStartup(kernel: string, env: NodeJS.ProcessEnv, count: number): Promise<StartToReady> {
  const traced = { ...env, BALROG_KERNEL_STARTUP_TRACE: '1' };
  const { result, output } = await runMeasurement<StartToReady>(['startup.py', kernel, String(count)], traced, 180_000);
  const serving = [...output.matchAll(/startup: serving at ([\d.]+) ms/g)].map((match) => Number(match[1]));
  if (serving.length > 0) result.serving_ms = median(serving);
  return result;
}

export async function run(): Promise<BenchSection> {
  ensureJupyterClients();
  // Debian's ipykernel warns about frozen modules under a debugger-capable launcher; keep output clean.
  const env = { ...kernelEnvironment('balrog-bench'), PYDEVD_DISABLE_FILE_VALIDATION: '1' };
  const count = 300;
  const balrog = await measure('balrog-bench', env, count);
  const ipykernel = await measure('python3', env, count);
  const starts = 7;
  const balrogStart = await measureStartup('balrog-bench', env, starts);
  const ipykernelStart = await measureStartup('python3', env, starts);
  // JupyterLab's debugger: ipykernel's goes through debugpy (Debian's python3-debugpy).
  const debugCount = 20;
  const balrogDebug = await measureDebugger('balrog-bench', 'ts', env, debugCount);
  const ipykernelDebug = await measureDebugger('python3', 'py', env, debugCount);
  const ms = (value: number): string => `${value.toFixed(2)} ms`;
  const versus = (a: number, b: number): string => `${ms(a)} / ${ms(b)}`;
  return {
    title: 'Jupyter kernel (through jupyter_client)',
    rows: [
      {
        name: 'execute `1+1`, request to idle (median): balrog',
        value: ms(balrog.median_ms),
        target: `<= 0.6x ipykernel (${ms(ipykernel.median_ms)})`,
        ok: balrog.median_ms <= 0.6 * ipykernel.median_ms,
      },
      { name: 'execute `1+1`, request to idle (median): ipykernel', value: ms(ipykernel.median_ms) },
      { name: 'execute `1+1`, request to idle (p90): balrog / ipykernel', value: `${ms(balrog.p90_ms)} / ${ms(ipykernel.p90_ms)}` },
      {
        name: `kernel start to ready (median of ${starts} starts after the client's first): balrog / ipykernel`,
        value: `${balrogStart.median_ms.toFixed(0)} ms / ${ipykernelStart.median_ms.toFixed(0)} ms`,
        target: 'balrog <= 1000 ms',
        ok: balrogStart.median_ms <= 1000,
      },
      {
        name: "kernel start to ready, the client's first start: balrog / ipykernel",
        value: `${balrogStart.first_ms.toFixed(0)} ms / ${ipykernelStart.first_ms.toFixed(0)} ms`,
      },
      {
        name: 'kernel start: balrog process start to serving (median, its start-up trace)',
        value: `${balrogStart.serving_ms?.toFixed(0) ?? '?'} ms`,
      },
      {
        name: 'debugger: execute to `stopped` at a breakpoint (median): balrog / ipykernel',
        value: versus(balrogDebug.stop_ms, ipykernelDebug.stop_ms),
      },
      { name: 'debugger: stackTrace at a stop (median): balrog / ipykernel', value: versus(balrogDebug.stack_ms, ipykernelDebug.stack_ms) },
      {
        name: 'debugger: evaluate at a stop (median): balrog / ipykernel',
        value: versus(balrogDebug.evaluate_ms, ipykernelDebug.evaluate_ms),
      },
    ],
    notes: [
      `${count} executions each after 30 warm-up ones, one kernel at a time, Debian's python3-ipykernel as the reference.`,
      `Start to ready: jupyter_client's start_new_kernel until it returns (launch, kernel_info reply, and its 0.2 s wait that flushes iopub), ${starts} starts after a first one that also pays the client's one-time imports for any kernel (its own row).`,
      `Debugger: ${debugCount} stops each, debug_request to its reply and idle status, as JupyterLab waits for them.`,
    ],
  };
}
