/**
 * The value of `--inspect[=[host:]port]` / `--inspect-brk[=...]`, checked so
 * that an inspector never listens beyond loopback unless the user says so:
 * an open inspector lets anyone who reaches it run code in the process.
 */
import { isIP } from 'node:net';
import { BalrogError } from '../core/errors.js';

/** Where the inspector listens; `port` 0 lets the system choose one. */
export interface InspectAddress {
  host: string;
  port: number;
}

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 9229;

/** Parses `port`, `host`, `host:port` or `[ipv6]:port` as Node's `--inspect` does. */
export function parseInspectAddress(value: string | undefined, flag = '--inspect'): InspectAddress {
  if (value === undefined || value === '') return { host: DEFAULT_HOST, port: DEFAULT_PORT };
  let host: string;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(value);
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2];
  } else if (/^\d+$/.test(value)) {
    host = DEFAULT_HOST;
    port = value;
  } else if (isIP(value) === 6) {
    host = value;
  } else {
    const colon = value.lastIndexOf(':');
    host = colon === -1 ? value : value.slice(0, colon);
    port = colon === -1 ? undefined : value.slice(colon + 1);
  }
  if (host === '') {
    throw new BalrogError(`${flag}=${value}: the host is empty; use ${flag}=127.0.0.1:9229 or just a port`, {
      code: 'ERR_BALROG_USAGE',
      exitCode: 9,
    });
  }
  const number = port === undefined || port === '' ? DEFAULT_PORT : Number(port);
  if (!/^\d*$/.test(port ?? '') || !Number.isInteger(number) || number < 0 || number > 65535) {
    throw new BalrogError(`${flag}=${value}: '${port}' is not a port; use a number from 0 to 65535`, {
      code: 'ERR_BALROG_USAGE',
      exitCode: 9,
    });
  }
  return { host, port: number };
}

/** True when `host` can only be reached from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^127(\.\d{1,3}){3}$/.test(h)) return true;
  return /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/** Formats an address for Node's own `--inspect=` flag (IPv6 hosts in brackets). */
export function formatInspectAddress({ host, port }: InspectAddress): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}
