/**
 * Parses what `balrog attach` was given (a pid, a port, host:port or a
 * WebSocket URL) and enforces loopback-only unless the user opted out:
 * an open inspector is remote code execution.
 */
import { isIP } from 'node:net';
import { BalrogError } from '../../core/errors.js';
import { processState } from './process-inspector.js';

/** Where to find the target's inspector. */
export type TargetSpec =
  | { kind: 'pid'; pid: number; host: string; port: number /** --port was given: use that port only. */; portGiven?: boolean }
  | {
      kind: 'address';
      host: string;
      port: number /** Written as a bare number: it may have meant a pid that is gone. */;
      bareNumber?: boolean;
    }
  | { kind: 'url'; url: string; host: string };

/** The inspector port Node uses after SIGUSR1 unless the target chose another. */
export const DEFAULT_INSPECTOR_PORT = 9229;

/**
 * Parses `<pid | port | host:port | ws://...>`. A bare number up to 65535 is
 * a port when `asPort` is set, otherwise numbers are pids (as in `node inspect -p`);
 * `port` overrides the port used with a pid.
 */
export function parseTargetSpec(text: string, options: { port?: number } = {}): TargetSpec {
  const trimmed = text.trim();
  if (/^wss?:\/\//.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      throw new BalrogError(`'${text}' is not a valid WebSocket URL: expected ws://host:port/<id>`, { code: 'ERR_BALROG_DEBUG_TARGET' });
    }
    return { kind: 'url', url: trimmed, host: stripBrackets(url.hostname) };
  }
  if (/^\d+$/.test(trimmed)) {
    const value = Number(trimmed);
    // Ports are what `node --inspect` prints; pids are what `ps` prints. A
    // number that names a live process is a pid, anything else a port.
    if (isLivePid(value)) {
      const spec: TargetSpec = { kind: 'pid', pid: value, host: '127.0.0.1', port: options.port ?? DEFAULT_INSPECTOR_PORT };
      return options.port === undefined ? spec : { ...spec, portGiven: true };
    }
    if (value > 0 && value <= 65535) return { kind: 'address', host: '127.0.0.1', port: value, bareNumber: true };
    throw new BalrogError(`no process has pid ${value}: pass a running process's pid, a port, host:port or a ws:// URL`, {
      code: 'ERR_BALROG_DEBUG_TARGET',
    });
  }
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(trimmed);
  if (match) {
    const port = Number(match[2]);
    if (port <= 0 || port > 65535) throw new BalrogError(`port ${port} is out of range (1-65535)`, { code: 'ERR_BALROG_DEBUG_TARGET' });
    return { kind: 'address', host: stripBrackets(match[1]!), port };
  }
  throw new BalrogError(`cannot understand the target '${text}': pass a pid, a port, host:port or a ws:// URL`, {
    code: 'ERR_BALROG_DEBUG_TARGET',
  });
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = stripBrackets(host).toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || bare.startsWith('::ffff:127.');
  return false;
}

/**
 * Refuses a non-loopback inspector unless `allowRemote` is set, and returns
 * the warning to print when it is.
 */
export function checkHostAllowed(host: string, allowRemote: boolean): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  if (!allowRemote) {
    throw new BalrogError(
      `refusing to connect to the inspector on ${host}: it is not a loopback address, and an inspector ` +
        `runs any code it is sent. Pass --allow-remote if you really mean it.`,
      { code: 'ERR_BALROG_REMOTE_ATTACH' },
    );
  }
  return `warning: debugging over the network (${host}); anyone who can reach that inspector can run code in the target`;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function isLivePid(pid: number): boolean {
  return Number.isSafeInteger(pid) && pid > 0 && processState(pid) !== 'dead';
}
