/**
 * What the debugger knows about a process before it signals it: whether it
 * is alive, whether it is a Node process (SIGUSR1 would kill most others:
 * its default action is to terminate), and which loopback ports it listens
 * on (so that `attach <pid>` finds that pid's inspector, not whatever owns
 * 127.0.0.1:9229). Linux only, through /proc; elsewhere the answers are
 * "unknown" and the caller falls back to the default port.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';

/** 'alive', 'dead', or 'no-permission' (alive, owned by someone else). */
export function processState(pid: number): 'alive' | 'dead' | 'no-permission' {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? 'no-permission' : 'dead';
  }
  // A killed process stays a zombie until its parent reaps it.
  const stat = readProc(`/proc/${pid}/stat`);
  return stat !== undefined && /^\d+ \(.*\) Z/s.test(stat) ? 'dead' : 'alive';
}

/**
 * Whether the process has a handler for signal number `signal` (from
 * /proc/<pid>/status SigCgt); undefined when unknown.
 */
export function catchesSignal(pid: number, signal: number): boolean | undefined {
  const caught = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readProc(`/proc/${pid}/status`) ?? '')?.[1];
  if (caught === undefined) return undefined;
  return (BigInt(`0x${caught}`) & (1n << BigInt(signal - 1))) !== 0n;
}

/** The program a process runs (`/proc/<pid>/exe`), or undefined when unknown. */
export function executableOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    const args = readProc(`/proc/${pid}/cmdline`);
    return args ? args.split('\0')[0] : undefined;
  }
}

/** A process's arguments (`/proc/<pid>/cmdline`), or undefined when unknown. */
export function commandLineOf(pid: number): string[] | undefined {
  return readProc(`/proc/${pid}/cmdline`)?.split('\0').filter(Boolean);
}

/** A process's environment as /proc gives it (NUL-separated), or undefined when unknown. */
export function environmentOf(pid: number): string | undefined {
  return readProc(`/proc/${pid}/environ`);
}

/** True when the process is known to run Node (or this very executable); undefined when unknown. */
export function isNodeProcess(pid: number): boolean | undefined {
  const executable = executableOf(pid);
  if (executable === undefined) return undefined;
  const name = basename(executable.replace(/ \(deleted\)$/, ''));
  return /^node(js)?[\d.]*$/i.test(name) || name === basename(process.execPath);
}

/**
 * The TCP ports the process listens on (IPv4 and IPv6), found by matching
 * the socket inodes among its file descriptors with /proc/net/tcp*; undefined
 * when /proc cannot tell.
 */
export function listeningPorts(pid: number): number[] | undefined {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return undefined;
  }
  const inodes = new Set<string>();
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // The descriptor closed meanwhile.
    }
  }
  const ports = new Set<number>();
  for (const table of [`/proc/${pid}/net/tcp`, `/proc/${pid}/net/tcp6`]) {
    for (const line of (readProc(table) ?? '').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // fields: sl local_address rem_address st ... inode (10th); st 0A is LISTEN.
      if (fields.length < 10 || fields[3] !== '0A' || !inodes.has(fields[9]!)) continue;
      ports.add(parseInt(fields[1]!.split(':')[1]!, 16));
    }
  }
  return [...ports];
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
