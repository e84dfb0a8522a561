/**
 * Finds a target's inspector WebSocket URL: turns the inspector on for a pid
 * (SIGUSR1, via `process._debugProcess`) and asks `/json/list` for its URL.
 */
import { get } from 'node:http';
import { BalrogError } from '../../core/errors.js';
import { constants } from 'node:os';
import {
  catchesSignal,
  commandLineOf,
  environmentOf,
  executableOf,
  isNodeProcess,
  listeningPorts,
  processState,
} from './process-inspector.js';
import { DEFAULT_INSPECTOR_PORT, type TargetSpec } from './target-spec.js';

interface JsonListEntry {
  webSocketDebuggerUrl?: string;
  type?: string;
  url?: string;
}

/** How long to wait for a target that was just signalled to open its inspector. */
const OPEN_TIMEOUT_MS = 5000;

/** Resolves a target spec to the WebSocket URL of its inspector. */
export async function discoverWebSocketUrl(spec: TargetSpec): Promise<string> {
  if (spec.kind === 'url') return spec.url;
  if (spec.kind === 'pid') return discoverPidInspector(spec.pid, spec.host, spec.port, spec.portGiven === true);
  try {
    return await pollWebSocketUrl(spec.host, spec.port, 0);
  } catch (error) {
    if (!spec.bareNumber) throw error;
    throw new BalrogError(
      `no process has pid ${spec.port} (it is not running), and no inspector answered on ${spec.host}:${spec.port} ` +
        `(${(error as Error).message}): pass a running Node process's pid, or the port it was started with (--inspect=127.0.0.1:<port>)`,
      { code: 'ERR_BALROG_DEBUG_TARGET', cause: error },
    );
  }
}

/**
 * Finds the inspector of process `pid`: one it already has open, else the
 * one it opens on SIGUSR1. Refuses a process that is not Node (SIGUSR1 would
 * end most programs) and never settles for another process's inspector:
 * on Linux the ports are the ones `pid` listens on; elsewhere `port`, and
 * the caller checks the pid it reached (see attachMain).
 */
async function discoverPidInspector(pid: number, host: string, port: number, portGiven: boolean): Promise<string> {
  const state = processState(pid);
  if (state === 'dead')
    throw new BalrogError(`process ${pid} is not running (it has exited): pass the pid of a running Node process`, {
      code: 'ERR_BALROG_DEBUG_TARGET',
    });
  if (isNodeProcess(pid) === false) {
    throw new BalrogError(
      `process ${pid} (${executableOf(pid)}) is not a Node process: balrog attaches to Node processes only, and did not signal it ` +
        '(SIGUSR1 would end most programs)',
      { code: 'ERR_BALROG_DEBUG_TARGET' },
    );
  }
  // Probing a port sends it an HTTP request: only ports that should be the
  // inspector's are asked, never the target's own HTTP service if avoidable.
  const before = portGiven ? undefined : listeningPorts(pid);
  const flagged = inspectPortsOnCommandLine(pid);
  const already = before === undefined ? [port] : before.filter((p) => p === port || flagged.includes(p) || flagged.includes(0));
  const open = await firstInspector(host, already);
  if (open) return open;
  const candidates = (): number[] => {
    const now = before === undefined ? undefined : listeningPorts(pid);
    return now === undefined ? [port] : now.filter((p) => p === port || !before!.includes(p));
  };
  await untilHandlesSigusr1(pid);
  enableInspector(pid);
  const deadline = Date.now() + OPEN_TIMEOUT_MS;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    const found = await firstInspector(host, candidates());
    if (found) return found;
    if (processState(pid) === 'dead')
      throw new BalrogError(`process ${pid} ended while its inspector was being turned on`, { code: 'ERR_BALROG_DEBUG_TARGET' });
    if (Date.now() >= deadline) {
      throw new BalrogError(
        `process ${pid} did not open an inspector within ${OPEN_TIMEOUT_MS / 1000} s of SIGUSR1. Its default port ${host}:${port} ` +
          'may be taken by another process (the target then prints "Starting inspector on ... failed" on its stderr), or it ' +
          'runs with --disable-sigusr1. Start it with --inspect=127.0.0.1:<port> and run `balrog attach 127.0.0.1:<port>`.',
        { code: 'ERR_BALROG_INSPECTOR_UNREACHABLE' },
      );
    }
  }
}

/**
 * Inspector ports named by --inspect, --inspect-brk, --inspect-wait or
 * --inspect-port on a process's command line or in its NODE_OPTIONS (0 for
 * a random one).
 */
function inspectPortsOnCommandLine(pid: number): number[] {
  const ports: number[] = [];
  const nodeOptions = /(?:^|\0)NODE_OPTIONS=([^\0]*)/.exec(environmentOf(pid) ?? '')?.[1]?.split(/\s+/) ?? [];
  for (const arg of [...(commandLineOf(pid) ?? []), ...nodeOptions]) {
    const match = /^--inspect(?:-brk|-wait|-port)?(?:=(?:.*:)?(\d+))?$/.exec(arg);
    if (match) ports.push(match[1] === undefined ? DEFAULT_INSPECTOR_PORT : Number(match[1]));
  }
  return ports;
}

/**
 * Waits (up to 2 s) until a Node process that is just starting has its
 * SIGUSR1 handler: before that, the signal would end it. Refuses a process
 * that has none (started with --disable-sigusr1).
 */
async function untilHandlesSigusr1(pid: number): Promise<void> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const handles = catchesSignal(pid, constants.signals.SIGUSR1);
    if (handles !== false) return;
    if (Date.now() > deadline) {
      throw new BalrogError(
        `process ${pid} does not handle SIGUSR1 (started with --disable-sigusr1?), so it cannot open its inspector on request ` +
          'and was not signalled: start it with --inspect=127.0.0.1:<port>',
        { code: 'ERR_BALROG_INSPECTOR_UNREACHABLE' },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The WebSocket URL of the first of `ports` that answers as an inspector. */
async function firstInspector(host: string, ports: number[]): Promise<string | undefined> {
  for (const candidate of ports) {
    try {
      return await fetchWebSocketUrl(host, candidate);
    } catch {
      // Not an inspector (an HTTP service of the target, say): try the next.
    }
  }
  return undefined;
}

/** Sends the target the signal that makes Node open its inspector (SIGUSR1 on POSIX). */
function enableInspector(pid: number): void {
  const debugProcess = (process as unknown as { _debugProcess?: (pid: number) => void })._debugProcess;
  try {
    if (debugProcess) debugProcess(pid);
    else process.kill(pid, 'SIGUSR1');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EPERM' ? 'permission denied (run as the same user as the target)' : (error as Error).message;
    throw new BalrogError(`cannot turn on the inspector of process ${pid}: ${why}`, {
      code: 'ERR_BALROG_INSPECTOR_UNREACHABLE',
      cause: error,
    });
  }
}

async function pollWebSocketUrl(host: string, port: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    try {
      return await fetchWebSocketUrl(host, port);
    } catch (error) {
      if (Date.now() >= deadline) {
        const hint = 'start the target with --inspect (or `balrog run --inspect`), or pass its pid';
        throw new BalrogError(`no inspector answered for ${host}:${port}: ${(error as Error).message}; ${hint}`, {
          code: 'ERR_BALROG_INSPECTOR_UNREACHABLE',
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function fetchWebSocketUrl(host: string, port: number): Promise<string> {
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return new Promise((resolve, reject) => {
    const request = get({ host, port, path: '/json/list', timeout: 2000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        try {
          const entries = JSON.parse(body) as JsonListEntry[];
          const entry = entries.find((e) => e.webSocketDebuggerUrl && (e.type ?? 'node') === 'node') ?? entries[0];
          if (!entry?.webSocketDebuggerUrl) throw new Error('its /json/list names no debuggable target');
          // The inspector reports its own bind address; keep the one we reached it on.
          resolve(entry.webSocketDebuggerUrl.replace(/^ws:\/\/[^/]+/, `ws://${hostForUrl}:${port}`));
        } catch (error) {
          reject(error instanceof SyntaxError ? new Error(`http://${hostForUrl}:${port}/json/list is not an inspector`) : error);
        }
      });
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}
