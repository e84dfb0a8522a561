/**
 * Finds a target's inspector WebSocket URL: turns the inspector on for a pid
 * (SIGUSR1, via `process._debugProcess`) and asks `/json/list` for its URL.
 */
import { get } from 'node:http';
import { BalrogError } from '../../core/errors.js';
import type { TargetSpec } from './target-spec.js';

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
  if (spec.kind === 'pid') {
    enableInspector(spec.pid);
    return pollWebSocketUrl(spec.host, spec.port, OPEN_TIMEOUT_MS, spec.pid);
  }
  return pollWebSocketUrl(spec.host, spec.port, 0);
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
    throw new BalrogError(`cannot turn on the inspector of process ${pid}: ${why}`, { cause: error });
  }
}

async function pollWebSocketUrl(host: string, port: number, timeoutMs: number, pid?: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    try {
      return await fetchWebSocketUrl(host, port);
    } catch (error) {
      if (Date.now() >= deadline) {
        const who = pid === undefined ? `${host}:${port}` : `process ${pid} on ${host}:${port}`;
        const hint =
          pid === undefined
            ? 'start the target with --inspect (or `balrog run --inspect`), or pass its pid'
            : 'is it a Node process? If it chose another inspector port, pass --port <port>';
        throw new BalrogError(`no inspector answered for ${who}: ${(error as Error).message}; ${hint}`, { cause: error });
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
