/**
 * The setup of the non-stop tests: a fixture service under `balrog run`
 * with its inspector open, and `balrog attach --non-stop` to it; both are
 * ended when the test body is done (or failed).
 */
import { balrogBin, DebuggerProcess } from './debugger-process.js';
import { freePort, startTarget, type Target } from './target-process.js';

/** Node 26 (V8 14) has no live edit, which non-stop breakpoints and converted `debugger;` statements are made of. */
export const hasLiveEdit = Number(process.versions.node.split('.')[0]) < 26;

export interface NonStopService {
  target: Target;
  /** The `balrog attach --non-stop` process. */
  debuggerProcess: DebuggerProcess;
  /** Where the service's inspector listens (for another debugger). */
  inspectorPort: number;
}

/**
 * Runs `body` against `fixture` under `balrog run --inspect`, with a
 * non-stop debugger attached (`env` is the debugger's: e.g.
 * BALROG_NON_STOP_CONDITION=1 for the way without live edit); `beforeAttach`
 * runs once the service listens, before the debugger is started.
 */
export async function withNonStopService(
  fixture: string,
  body: (service: NonStopService) => Promise<void>,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; beforeAttach?: (target: Target) => Promise<void> } = {},
): Promise<void> {
  const inspectorPort = await freePort();
  const target = await startTarget([balrogBin, 'run', `--inspect=127.0.0.1:${inspectorPort}`], fixture);
  let debuggerProcess: DebuggerProcess | undefined;
  try {
    await options.beforeAttach?.(target);
    debuggerProcess = new DebuggerProcess(['attach', '--non-stop', `127.0.0.1:${inspectorPort}`], {
      timeoutMs: options.timeoutMs ?? 30_000,
      ...(options.env ? { env: options.env } : {}),
    });
    await body({ target, debuggerProcess, inspectorPort });
  } finally {
    debuggerProcess?.kill();
    target.child.kill();
  }
}
