/**
 * The connection file Jupyter writes before it starts a kernel: where each
 * channel listens and the key that signs every message.
 */
import { readFileSync } from 'node:fs';
import { BalrogError } from '../core/errors.js';

/** The parsed connection file (only the fields the kernel uses). */
export interface ConnectionInfo {
  transport: 'tcp' | 'ipc';
  ip: string;
  shell_port: number;
  control_port: number;
  stdin_port: number;
  iopub_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
}

const portFields = ['shell_port', 'control_port', 'stdin_port', 'iopub_port', 'hb_port'] as const;

/** Reads and checks a connection file; a bad file is a usage error that names the field. */
export function readConnectionFile(path: string): ConnectionInfo {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BalrogError(
      `cannot read the connection file ${path}: ${(error as Error).message}; ` +
        'start the kernel from Jupyter, which writes this file, or pass a valid JSON file',
      { code: 'ERR_BALROG_KERNEL_CONNECTION', exitCode: 2, cause: error },
    );
  }
  return parseConnectionInfo(raw, path);
}

/** Checks an already parsed connection object. */
export function parseConnectionInfo(raw: unknown, source = 'connection file'): ConnectionInfo {
  const bad = (what: string): never => {
    throw new BalrogError(`invalid ${source}: ${what}`, { code: 'ERR_BALROG_KERNEL_CONNECTION', exitCode: 2 });
  };
  if (typeof raw !== 'object' || raw === null) return bad('expected a JSON object');
  const obj = raw as Record<string, unknown>;
  const transport = obj.transport ?? 'tcp';
  if (transport !== 'tcp' && transport !== 'ipc') return bad(`transport must be "tcp" or "ipc", not ${JSON.stringify(transport)}`);
  if (typeof obj.ip !== 'string' || obj.ip === '') return bad('"ip" must be a non-empty string');
  for (const field of portFields) {
    const port = obj[field];
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
      bad(`"${field}" must be an integer port number`);
    }
  }
  const key = obj.key ?? '';
  if (typeof key !== 'string') return bad('"key" must be a string');
  const scheme = obj.signature_scheme ?? 'hmac-sha256';
  if (scheme !== 'hmac-sha256') return bad(`signature_scheme ${JSON.stringify(scheme)} is not supported; use "hmac-sha256"`);
  return {
    transport,
    ip: obj.ip,
    shell_port: obj.shell_port as number,
    control_port: obj.control_port as number,
    stdin_port: obj.stdin_port as number,
    iopub_port: obj.iopub_port as number,
    hb_port: obj.hb_port as number,
    key,
    signature_scheme: scheme,
  };
}

/** The ZeroMQ address of one channel, as Jupyter spells it. */
export function channelAddress(info: ConnectionInfo, port: number): string {
  // For ipc, Jupyter's convention is "<ip>-<port>" as the socket path.
  return info.transport === 'ipc' ? `ipc://${info.ip}-${port}` : `tcp://${info.ip}:${port}`;
}
